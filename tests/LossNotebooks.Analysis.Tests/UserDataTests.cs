using System.IO.Compression;
using System.Text;
using DuckDB.NET.Data;
using LossNotebooks.Analysis.Data;
using Microsoft.Data.Analysis;

namespace LossNotebooks.Analysis.Tests;

/// <summary>
/// Data as people have it: every dialect, format and container gives the numbers of the plain CSV, and bad input is
/// named where it is.
/// </summary>
public class UserDataTests
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-userdata-").FullName;

    // A reference data set: target y and two models, written in several ways below.
    static readonly (double Y, double A, double B)[] Rows = Enumerable.Range(0, 300).Select(i =>
    {
        var random = new Random(i);
        var y = Math.Round(100 + 50 * Math.Sin(i), 3);
        return (y, Math.Round(y + 10 * (random.NextDouble() - 0.5), 4), Math.Round(y + (i % 17 == 0 ? 80 : 3 * (random.NextDouble() - 0.5)), 4));
    }).ToArray();

    static readonly ComparisonOptions Options = new() { Losses = new[] { "mse", "mae", "huber(delta=2)" }, TopK = 3 };

    string Write(string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    static string Lines(string header, Func<(double Y, double A, double B), string> row) => header + "\n" + string.Join("\n", Rows.Select(row)) + "\n";

    static string Invariant(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    string Reference() => Write("reference.csv", Lines("y,a,b", r => $"{Invariant(r.Y)},{Invariant(r.A)},{Invariant(r.B)}"));

    static void SameNumbers(ComparisonReport expected, ComparisonReport actual)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        foreach (var (e, a) in expected.Table.Zip(actual.Table))
            foreach (var model in e.ValueByModel.Keys)
                Assert.Equal(e.ValueByModel[model], a.ValueByModel[model], 1e-12);
        Assert.Equal(expected.Top.SelectMany(t => t.Samples.Select(s => s.Row)), actual.Top.SelectMany(t => t.Samples.Select(s => s.Row)));
    }

    ComparisonReport Compare(string path, DataReadOptions? read = null) =>
        LossComparison.Compare(path, "y", new[] { "a", "b" }, Options with { Read = read ?? new DataReadOptions() });

    [Fact]
    public void TheReferenceNumbersAreTheLibrarysOnTheColumns()
    {
        var report = Compare(Reference());
        var y = TorchSharp.torch.tensor(Rows.Select(r => r.Y).ToArray());
        var a = TorchSharp.torch.tensor(Rows.Select(r => r.A).ToArray());
        Assert.Equal(LossNotebooks.Losses.Functional.MseLoss(a, y).item<double>(), report.Table[0].ValueByModel["a"], 1e-12);
        Assert.Equal(300, report.Rows);
    }

    [Fact]
    public void SemicolonsWithDecimalCommasAreDetectedAndPrinted()
    {
        var path = Write("excel.csv", Lines("y;a;b", r => $"{Invariant(r.Y)};{Invariant(r.A)};{Invariant(r.B)}".Replace('.', ',')));
        var report = Compare(path);
        SameNumbers(Compare(Reference()), report);
        Assert.Contains("delimiter ';'", report.Description);
        Assert.Contains("decimal ','", report.Description);
    }

    [Theory]
    [InlineData("|")]
    [InlineData("\t")]
    public void OtherDelimitersAreDetected(string delimiter)
    {
        var path = Write("other.txt", Lines($"y{delimiter}a{delimiter}b", r => string.Join(delimiter, Invariant(r.Y), Invariant(r.A), Invariant(r.B))));
        SameNumbers(Compare(Reference()), Compare(path));
    }

    [Fact]
    public void TheDelimiterAndDecimalCanBeGiven()
    {
        var path = Write("given.csv", Lines("y;a;b", r => $"{Invariant(r.Y)};{Invariant(r.A)};{Invariant(r.B)}".Replace('.', ',')));
        var report = Compare(path, new DataReadOptions { Delimiter = ';', Decimal = ',' });
        SameNumbers(Compare(Reference()), report);
        Assert.Contains("detected: quote, header", report.Description);
    }

    [Fact]
    public void QuotedFieldsWithLineBreaksMoveTheLinesThatReportsName()
    {
        // a note column whose quoted text spans lines: the row after it starts two physical lines later
        var text = new StringBuilder("note,y,p\n");
        text.Append("\"plain\",1,1\n");
        text.Append("\"spans\nthree\nlines, with a comma\",2,2\n");
        text.Append("\"a \"\"quoted\"\" word\",3,13\n");     // the worst row: residual 10, on line 6
        text.Append("x,4,4\n");
        var path = Write("quoted.csv", text.ToString());
        var report = LossComparison.Compare(path, "y", new[] { "p" }, new ComparisonOptions { Losses = new[] { "mse" }, TopK = 1 });
        Assert.Equal(25.0, report.Table[0].ValueByModel["p"], 12);
        Assert.Equal(path + ", line 6", report.Top[0].Samples[0].Location);
    }

    [Fact]
    public void AByteOrderMarkAndWindowsLineEndsAreRead()
    {
        var path = Write("bom.csv", Lines("y,a,b", r => $"{Invariant(r.Y)},{Invariant(r.A)},{Invariant(r.B)}").Replace("\n", "\r\n"), new UTF8Encoding(true));
        SameNumbers(Compare(Reference()), Compare(path));
    }

    [Fact]
    public void GzipCompressedFilesAreReadAndLocated()
    {
        var path = Path.Combine(folder, "reference.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal)) gzip.Write(File.ReadAllBytes(Reference()));
        var report = Compare(path);
        SameNumbers(Compare(Reference()), report);
        Assert.Contains("gzip", report.Description);
        Assert.StartsWith(path + ", line ", report.Top[0].Samples[0].Location);
    }

    [Fact]
    public void ATruncatedGzipFileIsAClearError()
    {
        var whole = Path.Combine(folder, "whole.csv.gz");
        using (var gzip = new GZipStream(File.Create(whole), CompressionLevel.Optimal)) gzip.Write(File.ReadAllBytes(Reference()));
        var bytes = File.ReadAllBytes(whole);
        var path = Path.Combine(folder, "truncated.csv.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<Exception>(() => Compare(path));
        Assert.True(e is InvalidDataException, e.ToString());
        Assert.Contains("truncated.csv.gz", e.Message);
    }

    string Copy(string relation, string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT * FROM read_csv('{Reference()}')) TO '{path}' {relation}";
        command.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public void ParquetIsReadAndLocatedByRowGroupAndRow()
    {
        var path = Copy("(FORMAT parquet)", Path.Combine(folder, "data.parquet"));
        SameNumbers(Compare(Reference()), Compare(path));

        // row groups of 2,048 rows: the planted outlier, row 4,500 (0-based), is row 405 of the third group
        var grouped = Path.Combine(folder, "grouped.parquet");
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"COPY (SELECT i::DOUBLE AS y, CASE WHEN i = 4500 THEN i + 100 ELSE i END::DOUBLE AS p FROM range(6000) t(i)) TO '{grouped}' (FORMAT parquet, ROW_GROUP_SIZE 2048)";
        command.ExecuteNonQuery();
        var top = LossComparison.Compare(grouped, "y", new[] { "p" }, new ComparisonOptions { Losses = new[] { "mse" }, TopK = 1 }).Top[0].Samples[0];
        Assert.Equal((4500L, $"{grouped}, row group 2, row 405"), (top.Row, top.Location));
    }

    [Fact]
    public void JsonLinesAreReadAndLocatedByLine()
    {
        var path = Copy("(FORMAT json)", Path.Combine(folder, "data.jsonl"));
        var report = Compare(path);
        SameNumbers(Compare(Reference()), report);
        Assert.Equal($"{path}, line {report.Top[0].Samples[0].Row + 1}", report.Top[0].Samples[0].Location);
    }

    [Fact]
    public void AFolderOfPartitionsReadsAsOneDataSetInPathOrder()
    {
        var parts = Path.Combine(folder, "parts");
        Directory.CreateDirectory(parts);
        for (var p = 0; p < 3; p++)
            Write($"parts/part-{p}.csv", "y,a,b\n" + string.Join("\n", Rows.Skip(p * 100).Take(100).Select(r => $"{Invariant(r.Y)},{Invariant(r.A)},{Invariant(r.B)}")) + "\n");
        Write("parts/_SUCCESS", "");
        var report = Compare(parts);
        SameNumbers(Compare(Reference()), report);
        Assert.Contains("3 CSV files", report.Description);
        var top = report.Top[0].Samples[0];
        Assert.Equal($"{Path.Combine(parts, $"part-{top.Row / 100}.csv")}, line {top.Row % 100 + 2}", top.Location);
        SameNumbers(report, Compare(Path.Combine(parts, "part-*.csv")));
    }

    [Fact]
    public void AValueThatIsNotANumberBeyondTheSniffersSampleIsNamed()
    {
        var lines = Enumerable.Range(0, 30_000).Select(i => $"{i},{i}.5").ToList();
        lines[25_000] = "25000,oops";
        var path = Write("late.csv", "y,p\n" + string.Join("\n", lines) + "\n");
        var e = Assert.Throws<InvalidDataException>(() => LossComparison.Compare(path, "y", new[] { "p" }));
        Assert.Equal($"{path}, line 25002, column 'p': 'oops' is not a number", e.Message);
    }

    [Fact]
    public void AMemoryLimitTheReaderCannotTakeIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Compare(Reference(), new DataReadOptions { MemoryLimit = "lots" }));
        Assert.Contains("memory limit 'lots'", e.Message);
    }

    [Fact]
    public void ACorruptParquetFileIsAClearError()
    {
        var path = Write("corrupt.parquet", "PAR1 this is not a parquet file PAR1");
        var e = Assert.Throws<InvalidDataException>(() => Compare(path));
        Assert.StartsWith(path + ": ", e.Message);
    }

    [Fact]
    public void UnknownExtensionsAndMissingFilesAreNamed()
    {
        Assert.Contains("unknown format", Assert.Throws<InvalidDataException>(() => Compare(Write("data.xlsx", "x"))).Message);
        Assert.Contains("no such file", Assert.Throws<FileNotFoundException>(() => Compare(Path.Combine(folder, "nope.csv"))).Message);
        Assert.Contains("no file matches", Assert.Throws<FileNotFoundException>(() => Compare(Path.Combine(folder, "nope-*.parquet"))).Message);
    }

    [Fact]
    public void ADataFrameRecordsAndAQueryGiveTheFilesNumbers()
    {
        var expected = Compare(Reference());
        var frame = new DataFrame(new DoubleDataFrameColumn("y", Rows.Select(r => r.Y)), new DoubleDataFrameColumn("a", Rows.Select(r => r.A)),
            new SingleDataFrameColumn("b", Rows.Select(r => (float)r.B)));
        var fromFrame = LossComparison.Compare(frame, "y", new[] { "a", "b" }, Options);
        Assert.Equal(expected.Table[0].ValueByModel["a"], fromFrame.Table[0].ValueByModel["a"], 1e-12);
        var top = fromFrame.Top[0].Samples[0];
        Assert.Equal($"DataFrame, row {top.Row + 1}", top.Location);

        var records = Rows.Select(r => new { y = r.Y, a = r.A, b = r.B });
        SameNumbers(expected, LossComparison.Compare(records, "y", new[] { "a", "b" }, Options));

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var source = LossComparison.FromQuery(connection, $"SELECT y, a, b FROM read_csv('{Reference()}') WHERE y > 0");
        var fromQuery = LossComparison.Compare(source, "y", ModelColumns.FromPredictions(new[] { "a", "b" }), false, Options);
        SameNumbers(expected, fromQuery);
        Assert.StartsWith("row ", fromQuery.Top[0].Samples[0].Location);
    }

    [Fact]
    public void LargeDataStaysInASampleWhoseSizeTheReportStates()
    {
        var path = Write("many.csv", "y,p\n" + string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"{i % 7},{i % 7 + (i % 2 == 0 ? 0.5 : -0.5)}")) + "\n");
        var options = new ComparisonOptions { Losses = new[] { "mse" }, SampleRows = 1000, ChunkRows = 777 };
        var report = LossComparison.Compare(path, "y", new[] { "p" }, options);
        Assert.Equal(0.25, report.Table[0].ValueByModel["p"], 12);   // every row, exactly
        Assert.Equal(1000, report.SampleRows);
        Assert.Equal(0.25, report.Robustness[0].Values[0], 12);      // the sample's clean loss (every residual is ±0.5)
        var again = LossComparison.Compare(path, "y", new[] { "p" }, options with { ChunkRows = 4096 });
        Assert.Equal(report.Robustness[0].Values, again.Robustness[0].Values);  // the same sample however the rows are chunked
    }

    [Fact]
    public void WhenTheFirstRowsSuggestAnotherTaskThanAllRowsTheDataIsReadAgainForTheRightOne()
    {
        // the first chunk (4 rows) looks binary: 0/1 targets, predictions in [0, 1]; row 6 is not
        var path = Write("misleading.csv", "y,p\n0,0.1\n1,0.9\n1,0.8\n0,0.3\n1,0.6\n5,4.5\n");
        foreach (var losses in new[] { null, new[] { "mse" } })   // the default set, and a loss that does not fit the first guess
        {
            var report = LossComparison.Compare(path, "y", new[] { "p" }, new ComparisonOptions { Losses = losses, ChunkRows = 4 });
            Assert.Equal(AnalysisTask.Regression, report.Task.Task);
            var mse = new[] { (0, 0.1), (1, 0.9), (1, 0.8), (0, 0.3), (1, 0.6), (5, 4.5) }.Average(r => (r.Item2 - r.Item1) * (r.Item2 - r.Item1));
            Assert.Equal(mse, report.Table.Single(r => r.Loss == "mse_loss").ValueByModel["p"], 12);
            Assert.Equal(6, report.SampleRows);
        }
    }
}
