using System.Globalization;
using CsvHelper;

namespace LossNotebooks.Analysis;

/// <summary>What to do with rows that have an empty value in a used column.</summary>
public enum MissingValuePolicy
{
    /// <summary>Stop with an error naming the row and column (default: never silently).</summary>
    Fail,
    /// <summary>Drop such rows, and report how many were dropped.</summary>
    Drop,
}

/// <summary>Numeric columns read from a CSV or TSV file, with the counts a report states.</summary>
/// <param name="Path">The file.</param>
/// <param name="Columns">Column name → values (one per kept row).</param>
/// <param name="RowsRead">Data rows in the file.</param>
/// <param name="RowsDropped">Rows dropped for missing values.</param>
public sealed record CsvTable(string Path, IReadOnlyDictionary<string, double[]> Columns, int RowsRead, int RowsDropped)
{
    /// <summary>Rows kept.</summary>
    public int Rows => Columns.Values.FirstOrDefault()?.Length ?? 0;

    /// <summary>
    /// Reads the named columns of a CSV (or TSV: by extension) file with CsvHelper. Errors name the file, and for
    /// bad values the line and column: an absent column (listing the available ones), a non-numeric value, an empty
    /// or header-only file, a missing value under <see cref="MissingValuePolicy.Fail"/>.
    /// </summary>
    public static CsvTable Load(string path, IReadOnlyList<string> columns, MissingValuePolicy missing = MissingValuePolicy.Fail)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        if (new FileInfo(path).Length == 0) throw new InvalidDataException($"{path}: the file is empty");
        var options = new CsvReaderOptions();
        if (path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)) options = new CsvReaderOptions { Separator = '\t' };
        using var csv = CsvReader.FromFile(path, options);
        csv.ReadHeader();
        var headers = csv.Headers.ToList();
        var indices = columns.Select(c =>
        {
            var i = headers.IndexOf(c);
            return i >= 0 ? i : throw new ArgumentException($"{path}: no column '{c}'; the columns are {string.Join(", ", headers)}");
        }).ToArray();
        var values = columns.Select(_ => new List<double>()).ToArray();
        var read = 0;
        var dropped = 0;
        var row = new double[columns.Count];
        while (csv.Read())
        {
            read++;
            var line = read + 1; // the header is line 1
            var skip = false;
            for (var k = 0; k < indices.Length; k++)
            {
                var text = csv.GetString(indices[k]).Trim();
                if (text.Length == 0 || text is "NA" or "NaN" or "nan" or "null")
                {
                    if (missing == MissingValuePolicy.Drop) { skip = true; break; }
                    throw new InvalidDataException($"{path}, line {line}, column '{columns[k]}': missing value (use the drop policy to skip such rows)");
                }
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out row[k]))
                    throw new InvalidDataException($"{path}, line {line}, column '{columns[k]}': '{text}' is not a number");
            }
            if (skip) { dropped++; continue; }
            for (var k = 0; k < indices.Length; k++) values[k].Add(row[k]);
        }
        if (read == 0) throw new InvalidDataException($"{path}: the file has a header but no data rows");
        return new CsvTable(path, columns.Select((c, k) => (c, values[k].ToArray())).ToDictionary(p => p.c, p => p.Item2), read, dropped);
    }
}
