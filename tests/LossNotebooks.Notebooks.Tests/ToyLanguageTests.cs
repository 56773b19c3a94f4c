using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Notebooks.Course;
using LossNotebooks.Notebooks.Site;

namespace LossNotebooks.Notebooks.Tests;

/// <summary>
/// A new language is one record and one interpreter (<see cref="ToyInterpreter"/>): a kernelspec names the interpreter
/// on the kernel's command line, and the kernel, <c>lossnb exec</c>, <c>#!import</c>, the normalizer and the site then
/// run, read and show its cells.
/// </summary>
[Collection(nameof(CourseCollection))]
public class ToyLanguageTests(InstalledKernel kernel)
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-toy-").FullName;

    /// <summary>A kernelspec <c>toy</c>: the installed host, toy cells by default, the toy interpreter loaded from this assembly.</summary>
    string InstallToyKernel()
    {
        Languages.Register(ToyInterpreter.Toy); // this process reads toy files and cells too
        var kernels = Path.Combine(kernel.Root, "share", "jupyter", "kernels");
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(kernels, "csharp", "kernel.json")))!.AsObject();
        var argv = spec["argv"]!.AsArray();
        foreach (var arg in new[] { "--default-kernel", "toy", "--interpreter", $"{typeof(ToyInterpreter).FullName},{typeof(ToyInterpreter).Assembly.Location}" })
            argv.Add(arg);
        spec["display_name"] = "Toy (tests)";
        spec["language"] = "toy";
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(kernels, "toy")).FullName, "kernel.json"), spec.ToJsonString());
        return "toy";
    }

    (int Exit, string Output, string Errors) Exec(string name, string content, string? kernelName = null)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = ScriptExecutor.Run(path, new ExecOptions { Kernel = kernelName }, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public void Runs_through_the_kernel_and_exec_with_its_errors_on_the_files_line()
    {
        InstallToyKernel();
        var (exit, output, errors) = Exec("hello.toy", "say hello from toy\nsum 1 2 39\n");
        Assert.True(exit == 0, errors);
        Assert.Contains("hello from toy\n", output); // Console.WriteLine of the interpreter reached the cell's stream
        Assert.Contains("42", output);

        (exit, output, errors) = Exec("broken.toy", "say first\n\nfail\n");
        Assert.Equal(1, exit);
        Assert.Contains("first", output);
        Assert.Contains($"{Path.Combine(folder, "broken.toy")}:3:1: cell 1 failed: ToyError: line 3 says fail", errors);
    }

    [Fact]
    public void A_dib_mixes_it_with_CSharp_and_a_CSharp_cell_imports_a_toy_file()
    {
        var toy = InstallToyKernel();
        File.WriteAllText(Path.Combine(folder, "lib.toy"), "say imported toy line\n");
        var (exit, output, errors) = Exec("mixed.dib",
            $"#!toy\nsay toy section\n\n#!csharp\n#!import {Path.Combine(folder, "lib.toy")}\nConsole.WriteLine(\"csharp after the import\");\n\n#!tl\nsum 2 3\n", toy);
        Assert.True(exit == 0, errors);
        var (first, imported, csharp) = (output.IndexOf("toy section"), output.IndexOf("imported toy line"), output.IndexOf("csharp after the import"));
        Assert.True(first >= 0 && imported > first && csharp > imported, output);
        Assert.Contains("5", output[csharp..]);
    }

    [Fact]
    public void The_normalizer_keeps_its_cells_and_the_site_highlights_them_as_its_record_says()
    {
        Languages.Register(ToyInterpreter.Toy);
        var path = Path.Combine(folder, "toy.ipynb");
        File.WriteAllText(path, """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "csharp", "display_name": "C#", "language": "csharp"}},
             "cells": [{"cell_type": "code", "id": "a", "metadata": {"polyglot_notebook": {"kernelName": "tl"}}, "source": "say hi", "outputs": [], "execution_count": null}]}
            """);
        var notebook = NotebookDocument.Load(path);
        var changes = NotebookNormalizer.Normalize(notebook, CourseInfo.Load(folder));
        var cell = notebook.Cells[0]!.AsObject();
        Assert.Contains(changes, c => c.Contains("'#!toy' line added"));
        Assert.Equal("#!toy\nsay hi", NotebookDocument.Source(cell));
        Assert.Equal("toy", (string?)cell["metadata"]!["polyglot_notebook"]!["kernelName"]);

        var html = PageRenderer.Render(notebook.Root, new Chapter("toy.ipynb", "Toy"), null, null);
        Assert.Contains("<code class=\"language-none\">#!toy", html);
    }
}
