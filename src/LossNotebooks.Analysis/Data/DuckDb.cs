using System.Globalization;
using DuckDB.NET.Data;

namespace LossNotebooks.Analysis.Data;

/// <summary>The embedded engine's settings and the SQL text this library writes for it.</summary>
static class DuckDb
{
    /// <summary>The values read as missing in text files, besides an empty field.</summary>
    public static readonly string[] MissingMarkers = { "NA", "N/A", "NaN", "nan", "null", "NULL" };

    /// <summary>
    /// An in-memory database limited to <paramref name="options"/>' threads and memory, spilling to a temporary folder,
    /// with extension downloads off: only the built-in CSV, Parquet and JSON readers are used.
    /// </summary>
    public static DuckDBConnection Connect(DataReadOptions options, out string? ownedTemp)
    {
        ownedTemp = options.TempDirectory is null ? Directory.CreateTempSubdirectory("lossnb-duckdb-").FullName : null;
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        try
        {
            Execute(connection, $"""
                SET autoinstall_known_extensions = false;
                SET autoload_known_extensions = false;
                SET threads = {Math.Max(1, options.Threads)};
                SET memory_limit = {Literal(options.MemoryLimit)};
                SET temp_directory = {Literal(options.TempDirectory ?? ownedTemp!)};
                SET preserve_insertion_order = true;
                """);
            return connection;
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            if (ownedTemp is not null) Directory.Delete(ownedTemp, recursive: true);
            throw new ArgumentException($"the reader's settings (memory limit '{options.MemoryLimit}', {options.Threads} threads): {Message(e)}", e);
        }
    }

    /// <summary>Runs statements that return nothing.</summary>
    public static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The rows of a small query, each as its values.</summary>
    public static List<object?[]> Rows(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        return rows;
    }

    /// <summary>A SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    /// <summary>A SQL identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>A SQL list of string literals.</summary>
    public static string List(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(Literal)) + "]";

    /// <summary>A number as SQL writes it.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A column as DuckDB types it: numbers for its numeric types, text for the rest.</summary>
    public static SourceColumn Column(string name, string type) => new(name, IsNumeric(type) ? ColumnKind.Number : ColumnKind.Text, type);

    /// <summary>The columns of a query's result, as DESCRIBE gives them.</summary>
    public static IReadOnlyList<SourceColumn> Describe(DuckDBConnection connection, string query) =>
        Rows(connection, $"DESCRIBE {query}").Select(r => Column((string)r[0]!, (string)r[1]!)).ToList();

    /// <summary>Whether a DuckDB type (as DESCRIBE names it) holds numbers.</summary>
    static bool IsNumeric(string type) => type.ToUpperInvariant() is var t &&
        (t is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT"
            or "UHUGEINT" or "FLOAT" or "DOUBLE" or "REAL" || t.StartsWith("DECIMAL", StringComparison.Ordinal));

    /// <summary>The first line of a DuckDB message, or its first lines up to the reader's settings block.</summary>
    public static string Message(Exception e)
    {
        var lines = e.Message.Split('\n').Select(l => l.TrimEnd()).TakeWhile(l => !l.StartsWith("Possible solutions", StringComparison.Ordinal)
            && !l.StartsWith("  file =", StringComparison.Ordinal)).Where(l => l.Length > 0);
        return string.Join("; ", lines);
    }
}
