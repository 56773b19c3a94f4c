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
        var notebooks = Directory.GetFiles(Path.Combine(TestRepository.Root(), "notebooks"), "*.ipynb").Order().ToList();
        return (output, LossNotebooks.Notebooks.Site.SiteBuilder.Build(notebooks, output, new RunOptions(), force: true));
    });

    static readonly Lazy<Dictionary<string, NotebookRunResult>> executed = new(() =>
        site.Value.Result.Chapters.ToDictionary(c => c.Chapter.File, c => c.Run));

    [Fact]
    public void EveryNotebookRunsWithoutError()
    {
        Assert.NotNull(kernel);
        Assert.True(executed.Value.Count >= 2);
        foreach (var (name, result) in executed.Value) Assert.True(result.Succeeded, $"{name}: {result.Error}");
    }

    [Fact]
    public void EveryChapterAssertsItsClaimsInCheckCells()
    {
        // The numbers and conclusions the prose states are asserted by the notebooks' own cells tagged `check`
        // (LossNotebooks.Formatting.Check), so EveryNotebookRunsWithoutError fails when one stops holding. Here: every
        // chapter has such cells, and they ran and printed their ✓ lines.
        foreach (var (name, result) in executed.Value.Where(e => e.Key[0] is >= '0' and <= '9'))
        {
            var checks = NotebookDocument.Load(result.Output!).Cells.OfType<JsonObject>().Where(c => Course.NotebookNormalizer.Tags(c).Contains("check")).ToList();
            Assert.True(checks.Count >= 3, $"{name} has {checks.Count} check cells");
            Assert.All(checks, c => Assert.Contains("✓ ", string.Concat((c["outputs"] as JsonArray ?? new JsonArray()).Select(o => (string?)o!["text"]))));
        }
    }

    [Fact]
    [Trait(TestKinds.Kind, TestKinds.RealClient)]
    public void ExecutedNotebooksValidateWithNbformatAndSourcesHaveNoOutputs()
    {
        foreach (var result in executed.Value.Values)
        {
            var (exit, output) = Python($"import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], 4)); print('valid')", result.Output!);
            Assert.True(exit == 0 && output.Contains("valid"), output);
            var source = NotebookDocument.Load(result.Source);
            Assert.All(source.Cells, c => Assert.Empty(c!["outputs"] as JsonArray ?? new JsonArray()));
            Assert.Equal(Path.GetFileName(result.Source) == "appendix-fsharp.ipynb" ? "fsharp" : "csharp", source.KernelName);
        }
    }

    [Fact]
    public void TheFSharpAppendixRanUnderTheFSharpKernelWithItsCSharpCellsAndCharts()
    {
        var run = executed.Value.Values.Single(r => Path.GetFileName(r.Source) == "appendix-fsharp.ipynb");
        var notebook = NotebookDocument.Load(run.Output!);
        var outputs = notebook.Cells.OfType<JsonObject>().SelectMany(c => c["outputs"] as JsonArray ?? new JsonArray()).ToList();
        Assert.Contains(outputs, o => o?["data"]?["application/vnd.plotly.v1+json"] is not null); // the Plotly.NET F# chart
        Assert.Contains(outputs, o => ((string?)o?["text"] ?? "").Contains("✓ the F# tensor read in C#")); // a C# cell's check
        var page = File.ReadAllText(Path.Combine(site.Value.Folder, "appendix-fsharp.html"));
        Assert.Contains("class=\"language-fsharp\"", page);
        Assert.Contains("class=\"language-csharp\"", page); // the #!csharp cells highlighted as C#
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
        Assert.Contains("href=\"03a-cross-entropy.html\"", page);     // next
        Assert.Contains("class=\"language-csharp\"", page);
        Assert.Contains("<details class=\"check\"><summary>", page);          // check cells collapsed
        Assert.Contains("Loss functions in C# — the course", index);            // the title from course.json
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
        var notebooks = Directory.GetFiles(Path.Combine(TestRepository.Root(), "notebooks"), "*.ipynb").Order().ToList();
        var again = LossNotebooks.Notebooks.Site.SiteBuilder.Build(notebooks, folder, new RunOptions(), force: false);
        Assert.All(again.Chapters, c => Assert.True(c.Cached, $"{c.Chapter.File} was executed again"));
    }

    [Fact]
    [Trait(TestKinds.Kind, TestKinds.RealClient)]
    public async Task PagesRenderOfflineInChromium()
    {
        Assert.True(File.Exists(TestEnvironment.Chromium), "chromium is missing: run ./test.sh, which installs it");
        var (folder, _) = site.Value;
        foreach (var page in new[] { "00-what-is-a-loss.html", "01-computing-and-learning.html", "02-regression-losses.html" })
        {
            var url = "file://" + Path.Combine(folder, page);
            var dom = await TestEnvironment.RunChromiumAsync("--dump-dom", url);
            Assert.Contains("class=\"katex\"", dom);                      // formulas rendered by KaTeX
            Assert.Contains("token keyword", dom);                          // C# highlighted by Prism
            if (page.StartsWith("02")) Assert.Contains("main-svg", dom); // the Plotly chart drew
            if (page.StartsWith("01")) Assert.Contains("aria-roledescription=\"flowchart", dom); // the #!mermaid diagram drew, offline
            var shot = Path.Combine(folder, Path.ChangeExtension(page, ".png"));
            await TestEnvironment.RunChromiumAsync("--window-size=1000,1600", $"--screenshot={shot}", url);
            Assert.True(new FileInfo(shot).Length > 10_000);
        }
    }

    [Fact]
    [Trait(TestKinds.Kind, TestKinds.RealClient)]
    public async Task EveryPagesFormulasRenderWithoutErrorsAndNoRawTexIsLeftInItsProse()
    {
        var (folder, _) = site.Value;
        var pages = Directory.GetFiles(folder, "*.html").Where(p => Path.GetFileName(p) != "report.html").Order().ToList();
        Assert.True(pages.Count >= 13, $"{pages.Count} pages");
        var problems = new List<string>();
        foreach (var page in pages)
        {
            var dom = await TestEnvironment.RunChromiumAsync("--dump-dom", "file://" + page);
            var name = Path.GetFileName(page);
            // an element KaTeX marked as an error (the words also occur in Mermaid's inlined bundle, which is not one)
            if (System.Text.RegularExpressions.Regex.IsMatch(dom, "class=\"[^\"]*\\bkatex-error\\b")) problems.Add($"{name}: a formula KaTeX could not render");
            foreach (System.Text.RegularExpressions.Match section in System.Text.RegularExpressions.Regex.Matches(dom, "<section class=\"markdown\">(.*?)</section>",
                         System.Text.RegularExpressions.RegexOptions.Singleline))
            {
                // the prose's own text: code spans and KaTeX's TeX annotations (its source, kept for copying) left out
                var text = System.Text.RegularExpressions.Regex.Replace(section.Groups[1].Value, "<code[^>]*>.*?</code>|<annotation[^>]*>.*?</annotation>", "",
                    System.Text.RegularExpressions.RegexOptions.Singleline);
                text = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(text, "<[^>]+>", ""));
                foreach (var raw in System.Text.RegularExpressions.Regex.Matches(text, @"\$[^$\s][^$\n]*\$|\\\(|\\\[").Select(m => m.Value).Distinct())
                    problems.Add($"{name}: raw TeX in the prose: {raw}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    [Trait(TestKinds.Kind, TestKinds.RealClient)]
    public void TheSiteFallsBackToAnInstalledCjkFont()
    {
        // Chromium draws the course's Chinese terms with the first font of the stack the machine has: CI installs
        // fonts-noto-cjk (scripts/test-deps.txt), and the site's stack names it before the generic family.
        var (folder, _) = site.Value;
        Assert.Contains("\"Noto Sans CJK SC\"", File.ReadAllText(Path.Combine(folder, "assets", "site.css")));
        var start = new ProcessStartInfo("fc-match") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("%{family}");
        start.ArgumentList.Add("sans-serif:lang=zh-cn");
        using var process = Process.Start(start)!;
        var family = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Contains("Noto Sans CJK", family);
        Assert.Contains("损失函数", File.ReadAllText(Path.Combine(folder, "appendix-glossary.html")));
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
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = name == "unknown.ipynb" ? "no-such-kernel" : "csharp", ["display_name"] = "x", ["language"] = "csharp" } },
            ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode?)new JsonObject
            {
                ["cell_type"] = "code",
                ["id"] = $"c{i}",
                ["metadata"] = new JsonObject(),
                ["source"] = c,
                ["outputs"] = new JsonArray(),
                ["execution_count"] = null,
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
