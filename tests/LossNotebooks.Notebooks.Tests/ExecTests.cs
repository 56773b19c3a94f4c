namespace LossNotebooks.Notebooks.Tests;

/// <summary><c>lossnb exec</c>: scripts and notebooks run in the terminal through the installed kernelspecs.</summary>
[Collection(nameof(CourseCollection))]
public class ExecTests(InstalledKernel kernel)
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-exec-").FullName;

    (int Exit, string Output, string Errors) Exec(string name, string content, ExecOptions? options = null)
    {
        Assert.NotNull(kernel);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var exit = ScriptExecutor.Run(path, options ?? new ExecOptions(), output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    [Fact]
    public void A_CSharp_script_prints_its_text_and_names_its_rich_outputs_and_can_keep_them_as_html()
    {
        var html = Path.Combine(folder, "page", "script.html");
        var (exit, output, errors) = Exec("script.csx",
            "var xs = new[] { 1.0, 2.0, 3.0 };\nConsole.WriteLine($\"mean = {xs.Average()}\");\ndisplay(HTML(\"<b>bold</b>\"));\nxs.Sum()",
            new ExecOptions { Html = html });
        Assert.True(exit == 0, errors);
        Assert.Contains("mean = 2", output);
        Assert.Contains("[display: text/html, 11 B]", output);
        Assert.EndsWith("6\n", output.Replace("\r\n", "\n"));
        Assert.Contains("<b>bold</b>", File.ReadAllText(html));
        Assert.True(File.Exists(Path.Combine(folder, "page", "assets", "site.css")));
    }

    [Fact]
    public void An_FSharp_script_fails_with_the_file_and_the_line_that_threw_and_exit_code_1()
    {
        var (exit, output, errors) = Exec("script.fsx", "let xs = [ 1.0; 2.0 ]\nprintfn \"mean = %g\" (List.average xs)\nlet check () = failwith \"bad thing\"\n\ncheck ()");
        Assert.Equal(1, exit);
        Assert.Contains("mean = 1.5", output);
        Assert.Contains($"{Path.Combine(folder, "script.fsx")}:3:16: cell 1 failed: Exception: bad thing", errors); // where it was thrown
    }

    [Fact]
    public void A_dib_runs_each_section_in_its_language_and_a_compile_error_names_the_files_line()
    {
        var (exit, output, errors) = Exec("mixed.dib", "#!meta\n{\"kernelInfo\":{}}\n\n#!csharp\nvar shared = 41;\n\n#!markdown\n# not code\n\n" +
                                                       "#!fsharp\n#!share --from csharp shared\nshared + 1\n\n#!mermaid\ngraph LR\n  A --> B\n");
        Assert.True(exit == 0, errors);
        Assert.Contains("42", output);
        Assert.Contains("graph LR", output); // the mermaid section ran as a diagram (its text/plain is the source)
        Assert.DoesNotContain("not code", output);
        (exit, _, errors) = Exec("broken.dib", "#!csharp\nvar fine = 1;\n\n#!csharp\nvar a = 1;\nint b = \"text\";\n");
        Assert.Equal(1, exit);
        Assert.Contains($"{Path.Combine(folder, "broken.dib")}:6:9: cell 2 failed: CompilationError", errors); // file:line:column
    }

    [Fact]
    public void An_exception_thrown_in_an_earlier_cells_code_names_that_cells_line()
    {
        var (exit, _, errors) = Exec("earlier.dib",
            "#!csharp\nvoid Check(int x)\n{\n    if (x > 1) throw new InvalidOperationException(\"too big\");\n}\n\n#!csharp\nCheck(1);\nCheck(2);\n");
        Assert.Equal(1, exit);
        Assert.Contains($"{Path.Combine(folder, "earlier.dib")}:4:", errors); // the throw, in the first section
        Assert.Contains("cell 2 failed: InvalidOperationException: too big", errors);
    }

    [Fact]
    public void An_unknown_file_kind_is_named()
    {
        var (exit, _, errors) = Exec("notes.txt", "hello");
        Assert.Equal(2, exit);
        Assert.Contains("cannot run a '.txt' file; use .ipynb, .dib, .cs, .csx, .fsx", errors);
    }
}
