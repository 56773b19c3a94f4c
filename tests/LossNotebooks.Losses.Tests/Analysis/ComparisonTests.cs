using System.Text.Json;
using LossNotebooks.Analysis;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests.Analysis;

/// <summary>Loading a user's CSV and comparing losses across models; every bad input named.</summary>
public class ComparisonTests
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-compare-").FullName;

    string Csv(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void NumbersEqualTheLibrary()
    {
        var path = Csv("small.csv", "y,a,b\n1,1.5,0\n2,2,4\n3,2.5,3\n10,4,9\n");
        var result = LossComparison.Compare(path, "y", new[] { "a", "b" }, new[] { "mse", "huber(delta=2)" });
        var y = tensor(new[] { 1.0, 2, 3, 10 });
        var a = tensor(new[] { 1.5, 2, 2.5, 4 });
        Assert.Equal(Functional.MseLoss(a, y).item<double>(), result.Table[0].ValueByModel["a"], 12);
        Assert.Equal(Functional.HuberLoss(a, y, delta: 2).item<double>(), result.Table[1].ValueByModel["a"], 12);
        Assert.Equal("b", result.Table[0].Best);
        Assert.Equal(4, result.Rows);
    }

    [Fact]
    public void TsvIsReadByExtension()
    {
        var path = Csv("small.tsv", "y\tp\n1\t2\n3\t3\n");
        Assert.Equal(0.5, LossComparison.Compare(path, "y", new[] { "p" }, new[] { "mse" }).Table[0].ValueByModel["p"], 12);
    }

    [Fact]
    public void AbsentColumnListsTheColumns()
    {
        var e = Assert.Throws<ArgumentException>(() => LossComparison.Compare(Csv("c.csv", "y,p\n1,2\n"), "y", new[] { "q" }));
        Assert.Contains("no column 'q'; the columns are y, p", e.Message);
    }

    [Fact]
    public void NonNumericValueNamesFileLineAndColumn()
    {
        var e = Assert.Throws<InvalidDataException>(() => LossComparison.Compare(Csv("n.csv", "y,p\n1,2\n3,abc\n"), "y", new[] { "p" }));
        Assert.EndsWith("n.csv, line 3, column 'p': 'abc' is not a number", e.Message);
    }

    [Fact]
    public void EmptyAndHeaderOnlyFilesAreErrors()
    {
        Assert.Contains("the file is empty", Assert.Throws<InvalidDataException>(() => LossComparison.Compare(Csv("e.csv", ""), "y", new[] { "p" })).Message);
        Assert.Contains("header but no data rows", Assert.Throws<InvalidDataException>(() => LossComparison.Compare(Csv("h.csv", "y,p\n"), "y", new[] { "p" })).Message);
    }

    [Fact]
    public void MissingValuesFailOrAreDroppedAndCounted()
    {
        var path = Csv("m.csv", "y,p\n1,2\n3,\n5,5\n");
        Assert.Contains("line 3, column 'p': missing value", Assert.Throws<InvalidDataException>(() => LossComparison.Compare(path, "y", new[] { "p" })).Message);
        var result = LossComparison.Compare(path, "y", new[] { "p" }, new[] { "mae" }, MissingValuePolicy.Drop);
        Assert.Equal((2, 1), (result.Rows, result.RowsDropped));
        Assert.Equal(0.5, result.Table[0].ValueByModel["p"], 12);
    }

    [Fact]
    public void ClassificationLossesAreRefusedForNow()
        => Assert.Contains("MultiClassClassification loss", Assert.Throws<ArgumentException>(() =>
            LossComparison.Compare(Csv("c2.csv", "y,p\n1,2\n"), "y", new[] { "p" }, new[] { "ce" })).Message);

    [Fact]
    public void CliComparesTheShippedDataSet()
    {
        var json = Path.Combine(folder, "report.json");
        var data = Path.Combine(CliTests.RepositoryRoot(), "data", "diabetes-predictions.csv");
        var (exit, output, error) = CliTests.Lossnb("compare", data, "--target", "progression", "--pred", "pred_bmi,pred_all", "--loss", "mse", "--loss", "huber(delta=30)", "--json", json);
        Assert.True(exit == 0, error);
        Assert.Contains("2859.7", output);   // MSE of the ten-variable least-squares fit
        Assert.Contains("442 rows used", output);
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("pred_all", report.GetProperty("Table")[0].GetProperty("ValueByModel").EnumerateObject().MinBy(p => p.Value.GetDouble()).Name);
        var (badExit, _, badError) = CliTests.Lossnb("compare", data, "--target", "progresion", "--pred", "pred_bmi");
        Assert.Equal(2, badExit);
        Assert.Contains("no column 'progresion'", badError);
    }
}
