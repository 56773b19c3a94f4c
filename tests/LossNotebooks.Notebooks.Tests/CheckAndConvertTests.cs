using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LossNotebooks.Notebooks.Tests;

/// <summary><c>lossnb check</c> and <c>lossnb convert</c>, run as the real CLI.</summary>
[Collection(nameof(CourseCollection))]
public class CheckAndConvertTests(InstalledKernel kernel)
{
    internal static (int Exit, string Output) Lossnb(params string[] args)
    {
        var root = new DirectoryInfo(TestRepository.Root());
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root.FullName };
        start.ArgumentList.Add(Path.Combine(root.FullName, "src", "LossNotebooks.Cli", "bin", configuration, "net10.0", "lossnb.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(300_000);
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void CheckReproducesTheBuiltSiteAndCatchesAChange()
    {
        Assert.NotNull(kernel);
        var (folder, _) = CourseTests.site.Value;
        var reference = Path.Combine(folder, "notebooks");
        var (exit, output) = Lossnb("check", "notebooks/02-regression-losses.ipynb", "--against", reference);
        Assert.True(exit == 0, output);
        Assert.Contains("same   notebooks/02-regression-losses.ipynb", output);

        var tampered = Directory.CreateTempSubdirectory("lossnb-reference-").FullName;
        var doc = NotebookDocument.Load(Path.Combine(reference, "02-regression-losses.ipynb"));
        var stream = doc.Cells.OfType<JsonObject>().SelectMany(c => c["outputs"] as JsonArray ?? new JsonArray()).OfType<JsonObject>()
            .First(o => ((string?)o["text"])?.Contains("MSE = 19988003") == true);
        stream["text"] = ((string?)stream["text"])!.Replace("19988003", "19988004");
        doc.Save(Path.Combine(tampered, "02-regression-losses.ipynb"));
        (exit, output) = Lossnb("check", "notebooks/02-regression-losses.ipynb", "--against", tampered);
        Assert.Equal(1, exit);
        Assert.Contains("DIFFERS notebooks/02-regression-losses.ipynb: cell", output);
        Assert.Contains("19988004", output);
    }

    [Fact]
    public void VolatileCellsAreNotCompared()
    {
        var cell = new JsonObject { ["cell_type"] = "code", ["metadata"] = new JsonObject { ["tags"] = new JsonArray("volatile") } };
        Assert.True(OutputComparer.IsVolatile(cell));
        Assert.False(OutputComparer.IsVolatile(new JsonObject { ["metadata"] = new JsonObject() }));
    }

    [Fact]
    [Trait(TestKinds.Kind, TestKinds.RealClient)]
    public void DibBecomesAValidNotebookAndNotebookBecomesAnApp()
    {
        var folder = Directory.CreateTempSubdirectory("lossnb-convert-").FullName;
        var dib = Path.Combine(folder, "old.dib");
        File.WriteAllText(dib, "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\"}}\n\n#!markdown\n\n# Title\n\n" +
                               "#!csharp\n\n#r \"nuget: Humanizer.Core, 2.14.1\"\nvar x = 1;\nx + 1\n\n#!fsharp\n\nlet y = 2\n");
        var (exit, output) = Lossnb("convert", dib);
        Assert.True(exit == 0, output);
        var notebook = NotebookDocument.Load(Path.Combine(folder, "old.ipynb"));
        Assert.Equal(3, notebook.Cells.Count);
        Assert.Equal("markdown", (string?)notebook.Cells[0]!["cell_type"]);
        Assert.Equal("#r \"nuget: Humanizer.Core, 2.14.1\"\nvar x = 1;\nx + 1", NotebookDocument.Source(notebook.Cells[1]!));
        Assert.StartsWith("#!fsharp", NotebookDocument.Source(notebook.Cells[2]!));
        var (valid, message) = CourseTests.Python("import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], 4)); print('valid')", notebook.Path);
        Assert.True(valid == 0, message);

        (exit, output) = Lossnb("convert", notebook.Path, "--out", Path.Combine(folder, "app.cs"));
        Assert.True(exit == 0, output);
        var app = File.ReadAllText(Path.Combine(folder, "app.cs"));
        Assert.StartsWith("#:package Humanizer.Core@2.14.1\n", app);
        Assert.Contains("// # Title", app);
        Assert.Contains("var x = 1;", app);
        Assert.Contains("// #!fsharp", app);
        Assert.DoesNotContain("#r \"nuget", app);
    }

    [Fact]
    public void ConvertRejectsOtherFiles()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("lossnb-convert-").FullName, "x.txt");
        File.WriteAllText(file, "x");
        var (exit, output) = Lossnb("convert", file);
        Assert.Equal(2, exit);
        Assert.Contains("expected a .dib or .ipynb file", output);
    }
}
