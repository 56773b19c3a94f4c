#:package DuckDB.NET.Data
#:package DuckDB.NET.Bindings.Full
#:property GenerateDocumentationFile=true
#:property NoWarn=$(NoWarn);CS1591
// Writes the benchmark data of scripts/benchmark-compare.py with DuckDB: ROWS rows of a target `y` and two models
// (`model_a` with small errors, `model_b` with heavy-tailed ones), as CSV or Parquet by the output's extension. The
// values are deterministic functions of the row number, so every run writes the same file.
//
//     dotnet run scripts/make-compare-data.cs -- OUT.(csv|parquet) ROWS
using DuckDB.NET.Data;

if (args.Length != 2 || !long.TryParse(args[1], out var rows)) { Console.Error.WriteLine("usage: make-compare-data.cs OUT.(csv|parquet) ROWS"); return 2; }
var output = Path.GetFullPath(args[0]).Replace("'", "''");
using var connection = new DuckDBConnection("DataSource=:memory:");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = $"""
    SET preserve_insertion_order = true;
    COPY (
        SELECT round(100 + 20 * sin(i * 0.001) + 10 * sin(i * 7.3), 4) AS y,
               round(100 + 20 * sin(i * 0.001) + 10 * sin(i * 7.3) + 5 * cos(i * 1.7), 4) AS model_a,
               round(100 + 20 * sin(i * 0.001) + 10 * sin(i * 7.3) + 4 * sin(i * 0.3) / (0.05 + abs(cos(i * 0.7))), 4) AS model_b
        FROM range({rows}) t(i)
    ) TO '{output}' ({(output.EndsWith(".parquet", StringComparison.Ordinal) ? "FORMAT parquet" : "FORMAT csv, HEADER")});
    """;
command.ExecuteNonQuery();
return 0;
