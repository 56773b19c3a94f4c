using System.Text.Json;

namespace LossNotebooks.Cli.Tests;

/// <summary><c>lossnb compare</c> on the data sets the repository ships, and its bad-input exit code.</summary>
public sealed class CompareCommandTests
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-compare-cli-").FullName;

    [Fact]
    public void CliComparesTheShippedDataSets()
    {
        var json = Path.Combine(folder, "report.json");
        var html = Path.Combine(folder, "report.html");
        var data = Path.Combine(TestRepository.Root(), "data", "diabetes-predictions.csv");
        var (exit, output, error) = CliTests.Lossnb("compare", data, "--target", "progression", "--pred", "pred_bmi,pred_all", "--loss", "mse", "--loss", "huber(delta=30)",
            "--json", json, "--html", html);
        Assert.True(exit == 0, error);
        Assert.Contains("2859.7", output);   // MSE of the ten-variable least-squares fit
        Assert.Contains("442 rows used", output);
        Assert.Contains("task: regression", output);
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("pred_all", report.GetProperty("table")[0].GetProperty("value_by_model").EnumerateObject().MinBy(p => p.Value.GetDouble()).Name);
        var page = File.ReadAllText(html);
        Assert.True(page.Length > 1_000_000 && page.Contains("Plotly.newPlot"), "the HTML report carries plotly.js: it works offline");
        var (badExit, _, badError) = CliTests.Lossnb("compare", data, "--target", "progresion", "--pred", "pred_bmi", "--json", Path.Combine(folder, "bad.json"));
        Assert.Equal(2, badExit);
        Assert.Contains("no column 'progresion'", badError);
        Assert.False(File.Exists(Path.Combine(folder, "bad.json")), "a failed comparison writes nothing");

        var cancer = Path.Combine(TestRepository.Root(), "data", "breast-cancer-scores.csv");
        var (cancerExit, cancerOutput, cancerError) = CliTests.Lossnb("compare", cancer, "--target", "malignant", "--scores", "size=p_size", "--scores", "all=p_all");
        Assert.True(cancerExit == 0, cancerError);
        Assert.Contains("binary: one score column per model; scores read as probabilities", cancerOutput);
    }
}
