using DuckDB.NET.Data;

namespace LossNotebooks.Analysis.Data;

/// <summary>How a delimited text file is written: what DuckDB's sniffer found, plus the decimal separator, which we detect.</summary>
/// <param name="Delimiter">The field delimiter.</param>
/// <param name="Quote">The quote character, or empty when fields are not quoted.</param>
/// <param name="Escape">The escape character inside quotes, or empty.</param>
/// <param name="HasHeader">Whether the first line names the columns.</param>
/// <param name="Decimal">The decimal separator of numbers: <c>.</c> or <c>,</c>.</param>
/// <param name="Detected">Which parts were detected rather than given.</param>
public sealed record CsvDialect(string Delimiter, string Quote, string Escape, bool HasHeader, char Decimal, string Detected)
{
    /// <summary>One line for the report: <c>delimiter ';', quote '"', header, decimal ',' (detected: delimiter, decimal)</c>.</summary>
    public override string ToString() =>
        $"delimiter {Show(Delimiter)}, quote {Show(Quote)}, {(HasHeader ? "header" : "no header")}, decimal '{Decimal}'" +
        (Detected.Length > 0 ? $" (detected: {Detected})" : "");

    static string Show(string c) => c switch { "" => "none", "\t" => "tab", _ => $"'{c}'" };

    /// <summary>
    /// Detects the dialect of <paramref name="path"/> with DuckDB's sniffer. Two things it does not do, we do: the
    /// decimal separator (each candidate is sniffed again with <c>,</c> when its delimiter is not a comma), and telling
    /// <c>;</c> with decimal commas from <c>,</c> (<c>1,5;2,0</c> also splits evenly on commas): besides the sniffer's
    /// own choice, each of <c>, ; | tab</c> found in the first line is tried, and the reading that finds a header, then
    /// the most numeric columns, then the most columns, wins. Given values win over detected ones.
    /// </summary>
    public static (CsvDialect Dialect, IReadOnlyList<SourceColumn> Columns) Sniff(DuckDBConnection connection, string path, char? delimiter, char? decimalSeparator)
    {
        var candidates = delimiter is { } d ? new char?[] { d } : new char?[] { null }.Concat(",;|\t".Where(FirstLine(path).Contains).Select(c => (char?)c)).ToArray();
        var readings = new List<(object?[] Row, IReadOnlyList<SourceColumn> Columns, char Decimal)>();
        var failed = new List<(char Delimiter, DuckDBException Error)>();
        foreach (var candidate in candidates)
        {
            if (candidate is { } same && readings.Count > 0 && Character(readings[0].Row[0]) == same.ToString()) continue; // the sniffer's own choice, read already
            try
            {
                readings.AddRange(Readings(connection, path, candidate is { } c ? $", delim = {DuckDb.Literal(c.ToString())}" : "", decimalSeparator));
            }
            catch (DuckDBException e) when (candidate is { } tried)
            {
                failed.Add((tried, e));
            }
        }
        // A delimiter of the header line that the sniffer cannot read with usually means rows with another number of fields.
        foreach (var (tried, error) in failed)
            if (delimiter is not null || readings.All(r => r.Columns.Count == 1 && r.Columns[0].Name.Contains(tried)))
                throw new InvalidDataException(LineLocator.FirstRaggedRecord(path, (byte)tried, (byte)'"') is { } ragged
                    ? $"{path}, line {ragged.Line}: {ragged.Fields} fields, but the header has {ragged.HeaderFields}"
                    : $"{path}: {DuckDb.Message(error)}", error);
        var best = readings.OrderByDescending(r => (bool)r.Row[3]!).ThenByDescending(r => r.Columns.Count(c => c.Kind == ColumnKind.Number))
            .ThenByDescending(r => r.Columns.Count).First();
        var detected = new List<string>();
        if (delimiter is null) detected.Add("delimiter");
        if (decimalSeparator is null) detected.Add("decimal");
        detected.Add("quote");
        detected.Add("header");
        var dialect = new CsvDialect(Character(best.Row[0]), Character(best.Row[1]), Character(best.Row[2]), (bool)best.Row[3]!, best.Decimal, string.Join(", ", detected));
        return (dialect, best.Columns);
    }

    /// <summary>The sniffer's readings with the given arguments: with the given decimal separator, else with '.' and (delimiter not a comma) ','.</summary>
    static IEnumerable<(object?[] Row, IReadOnlyList<SourceColumn> Columns, char Decimal)> Readings(DuckDBConnection connection, string path, string given, char? decimalSeparator)
    {
        if (decimalSeparator is { } separator)
            return new[] { Reading(SniffOnce(connection, path, given + $", decimal_separator = {DuckDb.Literal(separator.ToString())}"), separator) };
        var dot = SniffOnce(connection, path, given);
        return Character(dot.Row[0]) == ","
            ? new[] { Reading(dot, '.') }
            : new[] { Reading(dot, '.'), Reading(SniffOnce(connection, path, given + ", decimal_separator = ','"), ',') };
    }

    static (object?[] Row, IReadOnlyList<SourceColumn> Columns, char Decimal) Reading((object?[] Row, IReadOnlyList<SourceColumn> Columns) sniffed, char separator) =>
        (sniffed.Row, sniffed.Columns, separator);

    /// <summary>The file's first line (decompressed when gzip), for the candidate delimiters.</summary>
    static string FirstLine(string path)
    {
        using var text = new StreamReader(DataFile.Open(path));
        return text.ReadLine() ?? "";
    }

    /// <summary>A character as the sniffer reports it: the sniffer writes <c>(empty)</c> for none.</summary>
    static string Character(object? value) => value is string text && text != "(empty)" ? text : "";

    static (object?[] Row, IReadOnlyList<SourceColumn> Columns) SniffOnce(DuckDBConnection connection, string path, string arguments)
    {
        var row = DuckDb.Rows(connection, $"SELECT Delimiter, Quote, Escape, HasHeader, Columns FROM sniff_csv({DuckDb.Literal(path)}{arguments})")[0];
        var columns = ((System.Collections.IEnumerable)row[4]!).Cast<System.Collections.IDictionary>()
            .Select(c => (Name: (string)c["name"]!, Type: (string)c["type"]!))
            .Select(c => DuckDb.Column(c.Name, c.Type)).ToList();
        return (row, columns);
    }

    /// <summary>The arguments of <c>read_csv</c> for this dialect, with the given column types.</summary>
    public string ReadArguments(IReadOnlyDictionary<string, string>? types) =>
        $"delim = {DuckDb.Literal(Delimiter)}, quote = {DuckDb.Literal(Quote)}, escape = {DuckDb.Literal(Escape)}, header = {(HasHeader ? "true" : "false")}, " +
        $"decimal_separator = {DuckDb.Literal(Decimal.ToString())}, nullstr = {DuckDb.List(DuckDb.MissingMarkers.Prepend(""))}" +
        (types is { Count: > 0 } ? ", types = {" + string.Join(", ", types.Select(t => $"{DuckDb.Literal(t.Key)}: {DuckDb.Literal(t.Value)}")) + "}" : "");
}
