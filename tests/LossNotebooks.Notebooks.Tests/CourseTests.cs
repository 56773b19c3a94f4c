using System.Diagnostics;
using System.Text.Json.Nodes;
using LossNotebooks.Kernel.Install;

namespace LossNotebooks.Notebooks.Tests;

/// <summary>Installs the kernel into a temporary prefix and points Jupyter's search path at it (process-wide).</summary>
public sealed class InstalledKernel : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("lossnb-course-tests-").FullName;

    public InstalledKernel()
    {
        KernelSpecInstaller.Install(InstallScope.Prefix, Root, KernelSpecInstaller.DefaultName, polyglotAlias: false,
            sourceDirectory: AppContext.BaseDirectory, hostDirectory: Path.Combine(Root, "host"));
        Environment.SetEnvironmentVariable("JUPYTER_PATH", Path.Combine(Root, "share", "jupyter"));
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(nameof(CourseCollection), DisableParallelization = true)]
public sealed class CourseCollection : ICollectionFixture<InstalledKernel>;

/// <summary>The course notebooks execute through the kernel with no error, state the values they claim, and validate.</summary>
[Collection(nameof(CourseCollection))]
public class CourseTests(InstalledKernel kernel)
{
    /// <summary>The course site, built once for the whole suite: this is the notebooks' execution test too.</summary>
    internal static readonly Lazy<(string Folder, LossNotebooks.Notebooks.Site.SiteBuildResult Result)> site = new(() =>
    {
        var output = Path.Combine(AppContext.BaseDirectory, "artifacts", "site");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        var notebooks = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "notebooks"), "*.ipynb").Order().ToList();
        return (output, LossNotebooks.Notebooks.Site.SiteBuilder.Build(notebooks, output, new RunOptions(), force: true));
    });

    static readonly Lazy<Dictionary<string, NotebookRunResult>> executed = new(() =>
        site.Value.Result.Chapters.ToDictionary(c => c.Chapter.File, c => c.Run));

    static string Outputs(string notebook)
    {
        var doc = NotebookDocument.Load(executed.Value[notebook].Output!);
        return string.Join("\n", doc.Cells.SelectMany(c => (c!["outputs"] as JsonArray ?? new JsonArray()))
            .Select(o => (string?)o!["text"] ?? (string?)o["data"]?["text/plain"] ?? ""));
    }

    [Fact]
    public void EveryNotebookRunsWithoutError()
    {
        Assert.NotNull(kernel);
        Assert.True(executed.Value.Count >= 2);
        foreach (var (name, result) in executed.Value) Assert.True(result.Succeeded, $"{name}: {result.Error}");
    }

    [Fact]
    public void ChapterTwoStatesTheOutlierNumbers()
    {
        var text = Outputs("02-regression-losses.ipynb");
        Assert.Contains("MSE = 19988003", text);
        Assert.Contains("MAE = 2000.2", text);
        Assert.Contains("gradient descent under MSE: 2002.00", text);
        Assert.Contains("gradient descent under MAE: 3.00", text);
        Assert.Contains("Huber(δ=2) = 2·SmoothL1(β=2): True", text);
    }

    [Fact]
    public void ChapterTwoFitsTheStarsUnderEachLoss()
    {
        var text = Outputs("02-regression-losses.ipynb");
        Assert.Contains("least squares (MSE): slope -0.413, intercept 6.793", text);   // the classic least-squares fit
        Assert.Matches(@"MAE:\s+slope -0\.\d+", text);                                 // bounded influence does not help
        Assert.Matches(@"Tukey from least squares:\s+slope -0\.\d+", text);            // non-convex: stuck in the wrong valley
        Assert.Contains("repeated median:            slope 2.500", text);
        Assert.Matches(@"Tukey from repeated median: slope 2\.2\d, intercept -(4\.9|5\.0)\d", text);   // lmrob: 2.253, -4.969
    }

    [Fact]
    public void ChapterThreeTrainsFocalLossOnTheCancerData()
    {
        var text = Outputs("03-classification-losses.ipynb");
        Assert.Contains("binary: the target 'malignant' is 0/1", text);
        Assert.Matches(@"binary_cross_entropy_with_logits\s+accuracy 0\.9\d\d  AUC 0\.99\d", text);
    }

    [Fact]
    public void ChapterEightComparesTheShippedData()
    {
        var text = Outputs("08-your-own-data.ipynb");
        Assert.Matches(@"report MSE of pred_all = (2859\.\d+), MseLoss = \1", text);
        Assert.Contains("best model under every loss: pred_all", text);
        Assert.Contains("binary: one score column per model; scores read as probabilities", text);
        Assert.Contains("multi-class: 3 score columns per model; scores read as logits", text);
        Assert.Contains("mse_loss,pred_all,", text);
        Assert.Contains("no column 'progresion'", text);
    }

    [Fact]
    public void ChapterThreeChecksItsFormulas()
    {
        var text = Outputs("03-classification-losses.ipynb");
        Assert.Contains("library BCE           = 0.279777\ncorrect formula       = 0.279777", text);
        Assert.Contains("naive softmax: NaN   log-sum-exp: 0.313295   library: 0.313295", text);
        Assert.Contains("nll(log_softmax) = ", text);
        Assert.Contains("equal: True", text);
        Assert.Matches(@"smoothed CE: library (\d\.\d+), by hand \1", text);
        Assert.Matches(@"weighted CE: library (\d\.\d+), by hand \1", text);
        Assert.Contains("D(p||q) = 0.085123, D(q||p) = 0.092033, library KlDiv(log q, p) = 0.085123", text);
    }

    [Fact]
    public void ChapterOneChecksAutogradAndOptimizers()
    {
        var text = Outputs("01-computing-and-learning.ipynb");
        Assert.Contains("dL/dw autograd = -27.350000, by hand = -27.350000", text);
        Assert.Contains("sum gradient / mean gradient = tensor([3., 3., 3.], dtype=float64)", text);
        var final = System.Text.RegularExpressions.Regex.Matches(text, @"(\S.*?)\s+ends at loss (\d+\.\d+)")
            .ToDictionary(m => m.Groups[1].Value.Trim(), m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, final.Count);
        Assert.All(final.Where(f => !f.Key.StartsWith("SGD")), f => Assert.True(f.Value < final["SGD (lr 0.05)"], $"{f.Key} should beat plain SGD"));
    }

    [Fact]
    public void ChapterFiveShowsTheMaskedTukeyNaN()
    {
        var text = Outputs("05-custom-losses.ipynb");
        Assert.Contains("custom backward equals the library's autograd gradient: True", text);
        Assert.Contains("document's form: loss NaN", text);
        Assert.Contains("library:         loss 1.8131, gradient tensor([0.1629, -0.4458, 0.])", text);
        Assert.Matches(@"largest difference to finite differences: \d\.\dE-0(09|1\d)", text);
        // the memory-bound section: the 1e7-element MSE takes the fused kernel and agrees with libtorch
        Assert.Contains("fused calls: 1", text);
        Assert.Contains("fused and libtorch agree to 1e-6: True", text);
    }

    [Fact]
    public void ChapterSevenFitsTheAnomalyExample()
    {
        var text = Outputs("07-choosing-a-loss.ipynb");
        Assert.Contains("mse_loss               fitted level 17.52", text);
        Assert.Matches(@"3\d losses, \d+ robust to outliers", text);
    }

    [Fact]
    public void ChapterFourShowsTheContrastiveFactorOfTwo()
    {
        var text = Outputs("04-ranking-and-metric-learning.ipynb");
        Assert.Contains("library 1.0817, formula 1.0817, document's code 2.1633", text);
        Assert.Contains("hinge embedding = 0.3000 (by hand (0.3 + 0 + 0.6)/3 = 0.3000)", text);
        Assert.Contains("margin ranking (A above B, m = 0.5) = 0.7500", text);
    }

    [Fact]
    public void ChapterNineChecksBarronsSpecialCases()
    {
        var text = Outputs("09-outlook-and-faq.ipynb");
        Assert.Contains("α = 2 equals ½ MSE: True", text);
        Assert.Contains("α = 1 equals √(r² + 1) − 1: True", text);
        Assert.Contains("α = 0 equals log(r²/2 + 1): True", text);
    }

    [Fact]
    public void ChapterSixTrainsOnTheDigits()
    {
        var text = Outputs("06-projects.ipynb");
        var fit = System.Text.RegularExpressions.Regex.Match(text, @"least squares: y = (\S+)·x \+ (\S+)\s+learned y = (\S+)·x \+ (\S+) ");
        Assert.True(fit.Success, text);
        Assert.Equal(fit.Groups[1].Value, fit.Groups[3].Value);   // gradient descent reaches the least-squares fit
        Assert.Equal(fit.Groups[2].Value, fit.Groups[4].Value);
        Assert.Contains("1797 images: 1437 for training, 360 held out", text);
        var accuracies = System.Text.RegularExpressions.Regex.Matches(text, @"held-out accuracy (\d+\.\d) %")
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, accuracies.Count);
        Assert.All(accuracies, a => Assert.True(a >= 95, $"held-out accuracy {a} % is below 95 %"));
    }

    [Fact]
    public void ChapterZeroChecksItsFormula()
        => Assert.Contains("by hand 0.375, library 0.375, equal: True", Outputs("00-what-is-a-loss.ipynb"));

    [Fact]
    public void ExecutedNotebooksValidateWithNbformatAndSourcesHaveNoOutputs()
    {
        foreach (var result in executed.Value.Values)
        {
            var (exit, output) = Python($"import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], 4)); print('valid')", result.Output!);
            Assert.True(exit == 0 && output.Contains("valid"), output);
            var source = NotebookDocument.Load(result.Source);
            Assert.All(source.Cells, c => Assert.Empty(c!["outputs"] as JsonArray ?? new JsonArray()));
            Assert.Equal("csharp", source.KernelName);
        }
    }

    [Fact]
    public void SitePagesExistLinkAndHoldTheOutputs()
    {
        var (folder, result) = site.Value;
        Assert.True(result.Succeeded);
        var index = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Contains("href=\"00-what-is-a-loss.html\"", index);
        Assert.Contains("href=\"02-regression-losses.html\"", index);
        var page = File.ReadAllText(Path.Combine(folder, "02-regression-losses.html"));
        Assert.Contains("MSE = 19988003", page);
        Assert.Contains("href=\"01-computing-and-learning.html\"", page);    // previous, in TOC order
        Assert.Contains("href=\"03-classification-losses.html\"", page);     // next
        Assert.Contains("class=\"language-csharp\"", page);
        Assert.Contains("Plotly.newPlot", page);
        Assert.DoesNotContain("window.__lossnbDefine", page);                    // plotly.js is linked once, never inlined
        Assert.True(new FileInfo(Path.Combine(folder, "assets", "plotly.min.js")).Length > 3_000_000);
        Assert.True(File.Exists(Path.Combine(folder, "assets", "katex.min.js")));
        foreach (var link in System.Text.RegularExpressions.Regex.Matches(page + index, "(?:href|src)=\"([^\"#:]+)\"").Select(m => m.Groups[1].Value))
            Assert.True(File.Exists(Path.Combine(folder, link)), $"broken link {link}");
        Assert.Contains("<td>ok</td>", File.ReadAllText(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void UnchangedNotebooksAreReusedFromTheCache()
    {
        var (folder, _) = site.Value;
        var notebooks = Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "notebooks"), "*.ipynb").Order().ToList();
        var again = LossNotebooks.Notebooks.Site.SiteBuilder.Build(notebooks, folder, new RunOptions(), force: false);
        Assert.All(again.Chapters, c => Assert.True(c.Cached, $"{c.Chapter.File} was executed again"));
    }

    [Fact]
    public async Task PagesRenderOfflineInChromium()
    {
        Assert.True(File.Exists(TestEnvironment.Chromium), "chromium is missing: run ./test.sh, which installs it");
        var (folder, _) = site.Value;
        foreach (var page in new[] { "00-what-is-a-loss.html", "02-regression-losses.html" })
        {
            var url = "file://" + Path.Combine(folder, page);
            var dom = await TestEnvironment.RunChromiumAsync("--dump-dom", url);
            Assert.Contains("class=\"katex\"", dom);                      // formulas rendered by KaTeX
            Assert.Contains("token keyword", dom);                          // C# highlighted by Prism
            if (page.StartsWith("02")) Assert.Contains("main-svg", dom); // the Plotly chart drew
            var shot = Path.Combine(folder, Path.ChangeExtension(page, ".png"));
            await TestEnvironment.RunChromiumAsync("--window-size=1000,1600", $"--screenshot={shot}", url);
            Assert.True(new FileInfo(shot).Length > 10_000);
        }
    }

    internal static (int, string) Python(string code, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}

/// <summary>Bad input: each a clear message, a failed result, and never a corrupted file.</summary>
[Collection(nameof(CourseCollection))]
public class RunnerBadInputTests(InstalledKernel kernel)
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-bad-").FullName;

    string Notebook(string name, params string[] cells)
    {
        var nb = new JsonObject
        {
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = name == "unknown.ipynb" ? "no-such-kernel" : "csharp", ["display_name"] = "x", ["language"] = "csharp" } },
            ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode?)new JsonObject
            {
                ["cell_type"] = "code", ["id"] = $"c{i}", ["metadata"] = new JsonObject(), ["source"] = c, ["outputs"] = new JsonArray(), ["execution_count"] = null,
            }).ToArray()),
        };
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, nb.ToJsonString());
        return path;
    }

    [Fact]
    public void InvalidJsonIsNamedAndNothingIsWritten()
    {
        Assert.NotNull(kernel);
        var path = Path.Combine(folder, "broken.ipynb");
        File.WriteAllText(path, "{ \"cells\": [ ");
        var result = NotebookRunner.Run(path, Path.Combine(folder, "out.ipynb"), new RunOptions());
        Assert.False(result.Succeeded);
        Assert.Contains("broken.ipynb: not valid JSON", result.Error);
        Assert.False(File.Exists(Path.Combine(folder, "out.ipynb")));
        Assert.Equal("{ \"cells\": [ ", File.ReadAllText(path));
    }

    [Fact]
    public void UnknownKernelIsNamed()
    {
        var result = NotebookRunner.Run(Notebook("unknown.ipynb", "1"), Path.Combine(folder, "out.ipynb"), new RunOptions());
        Assert.Contains("no kernelspec named 'no-such-kernel'", result.Error);
    }

    [Fact]
    public void FailingCellNamesNotebookCellAndLine()
    {
        var source = Notebook("fails.ipynb", "var a = 1;", "void F() => throw new InvalidOperationException(\"boom\");\nF();", "var never = 2;");
        var before = File.ReadAllText(source);
        var output = Path.Combine(folder, "fails.out.ipynb");
        var result = NotebookRunner.Run(source, output, new RunOptions());
        Assert.Contains("fails.ipynb: cell 2 failed: InvalidOperationException: boom (at cell2:line 1)", result.Error);
        Assert.Equal(before, File.ReadAllText(source));
        var executed = NotebookDocument.Load(output);
        Assert.Equal("error", (string?)executed.Cells[1]!["outputs"]![0]!["output_type"]);
        Assert.Empty(executed.Cells[2]!["outputs"]!.AsArray());
        var allowed = NotebookRunner.Run(source, output, new RunOptions { AllowErrors = true });
        Assert.True(allowed.Succeeded);
        Assert.Equal(3, allowed.Cells);
    }

    [Fact]
    public void HangingCellTimesOut()
    {
        var result = NotebookRunner.Run(Notebook("hangs.ipynb", "while (true) { }", "var after = 1;"), Path.Combine(folder, "hangs.out.ipynb"),
            new RunOptions { CellTimeout = TimeSpan.FromSeconds(2) });
        Assert.False(result.Succeeded);
        Assert.Contains("hangs.ipynb: cell 1", result.Error);
    }

    [Fact]
    public void MissingDataFileIsACellError()
    {
        var result = NotebookRunner.Run(Notebook("data.ipynb", "System.IO.File.ReadAllText(\"../data/nope.csv\")"), Path.Combine(folder, "data.out.ipynb"), new RunOptions());
        Assert.Contains("NotFoundException", result.Error);
        Assert.Contains("nope.csv", result.Error);
    }
}
