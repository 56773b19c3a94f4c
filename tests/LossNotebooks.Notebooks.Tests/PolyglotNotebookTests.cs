using System.Text.Json.Nodes;

namespace LossNotebooks.Notebooks.Tests;

/// <summary>
/// Notebooks as Polyglot Notebooks saved them: a cell's language only in its metadata (no <c>#!fsharp</c> line),
/// run by <c>lossnb run</c>'s runner through the installed kernelspecs.
/// </summary>
[Collection(nameof(CourseCollection))]
public class PolyglotNotebookTests(InstalledKernel kernel)
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-polyglot-").FullName;

    string Notebook(string kernelName, params (string Language, string Source)[] cells)
    {
        var nb = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["name"] = kernelName, ["display_name"] = kernelName, ["language"] = kernelName == "fsharp" ? "F#" : "C#" },
                ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = kernelName } },
            },
            ["cells"] = new JsonArray(cells.Select((c, i) => (JsonNode?)new JsonObject
            {
                ["cell_type"] = "code",
                ["id"] = $"c{i}",
                ["source"] = c.Source,
                ["outputs"] = new JsonArray(),
                ["execution_count"] = null,
                ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = c.Language } },
            }).ToArray()),
        };
        var path = Path.Combine(folder, $"polyglot-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(path, nb.ToJsonString());
        return path;
    }

    static string Text(JsonNode? cell) => string.Concat((cell?["outputs"] as JsonArray ?? new JsonArray())
        .Select(o => (string?)o?["data"]?["text/plain"] ?? (string?)o?["text"] ?? (string?)o?["evalue"] ?? ""));

    [Fact]
    public void Cells_run_in_the_language_their_metadata_names_and_share_values()
    {
        Assert.NotNull(kernel);
        var source = Notebook("csharp",
            ("csharp", "var fromCSharp = 20;"),
            ("fsharp", "#!share --from csharp fromCSharp\nlet answer = fromCSharp + 1\nanswer * 2"),
            ("csharp", "#!share --from fsharp answer\nanswer + fromCSharp"));
        var output = Path.Combine(folder, "out.ipynb");
        var result = NotebookRunner.Run(source, output, new RunOptions());
        Assert.True(result.Succeeded, result.Error);
        var cells = NotebookDocument.Load(output).Cells;
        Assert.Equal("42", Text(cells[1]));
        Assert.Equal("41", Text(cells[2]));
    }

    [Fact]
    public void An_FSharp_notebook_runs_under_the_fsharp_kernelspec_and_its_errors_keep_the_cells_lines()
    {
        var source = Notebook("fsharp",
            ("fsharp", "let squares = [ for i in 1 .. 3 -> i * i ]\nsquares"),
            ("fsharp", "let fine = 1\nlet wrong : int = \"text\""));
        var result = NotebookRunner.Run(source, Path.Combine(folder, "fs.out.ipynb"), new RunOptions());
        Assert.Contains("cell 2 failed: CompilationError: cell2(2,19): error FS0001", result.Error);
        Assert.Equal("[1; 4; 9]", Text(NotebookDocument.Load(Path.Combine(folder, "fs.out.ipynb")).Cells[0]));
    }

    [Fact]
    public void A_Polyglot_mermaid_cell_without_its_magic_line_is_drawn()
    {
        var output = Path.Combine(folder, "mermaid.out.ipynb");
        var result = NotebookRunner.Run(Notebook("csharp", ("mermaid", "graph LR\n  A --> B")), output, new RunOptions());
        Assert.True(result.Succeeded, result.Error);
        var html = (string?)NotebookDocument.Load(output).Cells[0]!["outputs"]![0]!["data"]!["text/html"];
        Assert.Contains("lossnb-mermaid", html);
    }

    [Fact]
    public void A_cell_in_a_language_the_kernel_does_not_run_is_named()
    {
        var result = NotebookRunner.Run(Notebook("csharp", ("pwsh", "Get-ChildItem")), Path.Combine(folder, "pwsh.out.ipynb"), new RunOptions());
        Assert.Contains("the cell's metadata names the language 'pwsh', which this kernel does not run (languages: csharp, fsharp)", result.Error);
    }
}
