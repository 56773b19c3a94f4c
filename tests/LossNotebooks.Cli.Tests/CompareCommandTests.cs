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

    /// <summary>The table's rows as printed: loss name → the numbers after it.</summary>
    static Dictionary<string, string> TableRows(string output) => output.Split('\n').Where(l => l.StartsWith('│'))
        .Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(c => c.Length > 1 && c[0] != "loss")
        .ToDictionary(c => c[0], c => string.Join(" ", c.Skip(1)));

    [Fact]
    public void ClassNamesAndEuropeanSpreadsheetsGiveTheNumbersOfTheReshapedFiles()
    {
        // iris-names.csv as written, against the same data reshaped to class indices and index-ordered columns
        var names = Path.Combine(TestRepository.Root(), "data", "iris-names.csv");
        var (exit, output, error) = CliTests.Lossnb("compare", names, "--target", "species", "--scores", "m=p_setosa,p_versicolor,p_virginica");
        Assert.True(exit == 0, error);
        Assert.Contains("classes: score columns matched to classes by name (p_setosa → setosa", output);
        var classes = new[] { "setosa", "versicolor", "virginica" };
        var reshaped = Path.Combine(folder, "iris-indices.csv");
        File.WriteAllLines(reshaped, File.ReadAllLines(names).Select((line, i) =>
            i == 0 ? "species,p0,p1,p2" : string.Join(",", line.Split(',').Select((f, k) => k == 0 ? Array.IndexOf(classes, f).ToString() : f))));
        var (_, indexed, indexedError) = CliTests.Lossnb("compare", reshaped, "--target", "species", "--scores", "m=p0,p1,p2");
        Assert.Equal(TableRows(indexed), TableRows(output));
        Assert.True(TableRows(output).Count == 4, indexedError + output);

        var semicolon = Path.Combine(TestRepository.Root(), "data", "diabetes-semicolon.csv");
        var (semiExit, semiOutput, semiError) = CliTests.Lossnb("compare", semicolon, "--target", "progression", "--pred", "pred_bmi,pred_all");
        Assert.True(semiExit == 0, semiError);
        Assert.Contains("read: CSV; delimiter ';', quote none, header, decimal ','", semiOutput);
        var plain = Path.Combine(TestRepository.Root(), "data", "diabetes-predictions.csv");
        var (_, plainOutput, _) = CliTests.Lossnb("compare", plain, "--target", "progression", "--pred", "pred_bmi,pred_all");
        Assert.Equal(TableRows(plainOutput), TableRows(semiOutput));
        Assert.Contains("2859.7", semiOutput);
    }

    [Fact]
    public void PartitionReportsMergeIntoTheWholesReport()
    {
        var data = File.ReadAllLines(Path.Combine(TestRepository.Root(), "data", "diabetes-predictions.csv"));
        var parts = new List<string>();
        foreach (var (start, count) in new[] { (1, 200), (201, 242) })
        {
            var part = Path.Combine(folder, $"part-{start}.csv");
            File.WriteAllLines(part, data.Take(1).Concat(data.Skip(start).Take(count)));
            var json = Path.Combine(folder, $"part-{start}.json");
            var (exit, _, error) = CliTests.Lossnb("compare", part, "--target", "progression", "--pred", "pred_bmi,pred_all", "--json", json);
            Assert.True(exit == 0, error);
            parts.Add(json);
        }
        var (mergeExit, merged, mergeError) = CliTests.Lossnb(new[] { "compare", "--merge" }.Concat(parts).Concat(new[] { "--csv", Path.Combine(folder, "merged.csv") }).ToArray());
        Assert.True(mergeExit == 0, mergeError);
        Assert.Contains("442 rows used", merged);
        Assert.Contains("Merged from 2 reports", merged);
        var (_, whole, _) = CliTests.Lossnb("compare", Path.Combine(TestRepository.Root(), "data", "diabetes-predictions.csv"), "--target", "progression", "--pred", "pred_bmi,pred_all");
        Assert.Equal(TableRows(whole), TableRows(merged));
    }
}
