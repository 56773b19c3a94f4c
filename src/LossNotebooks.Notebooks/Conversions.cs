using System.Text;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Notebooks;

/// <summary>
/// <c>lossnb convert</c>: Polyglot <c>.dib</c> → <c>.ipynb</c>, and <c>.ipynb</c> → a C# file-based app (<c>.cs</c> with
/// <c>#:package</c> / <c>#:project</c> directives and Markdown as comments) — the migration path Microsoft recommended
/// when it deprecated Polyglot Notebooks.
/// </summary>
public static class Conversions
{
    static readonly HashSet<string> Kernels = new(StringComparer.OrdinalIgnoreCase)
    {
        "csharp", "c#", "fsharp", "f#", "markdown", "md", "pwsh", "powershell", "html", "javascript", "js", "sql", "kql", "mermaid",
        "value", "meta", "http", "python", "r",
    };

    /// <summary>Converts the text of a .dib file into an nbformat 4.5 notebook for our kernel.</summary>
    public static JsonObject DibToNotebook(string dib)
    {
        var cells = new JsonArray();
        string? kernel = null;
        var body = new List<string>();
        void Flush()
        {
            if (kernel is null || kernel.Equals("meta", StringComparison.OrdinalIgnoreCase)) { body.Clear(); return; }
            var text = string.Join("\n", body).Trim('\n', '\r');
            body.Clear();
            if (text.Length == 0) return;
            var markdown = kernel.Equals("markdown", StringComparison.OrdinalIgnoreCase) || kernel.Equals("md", StringComparison.OrdinalIgnoreCase);
            var csharp = kernel.Equals("csharp", StringComparison.OrdinalIgnoreCase) || kernel == "c#";
            var id = $"dib-{cells.Count:D3}";
            cells.Add(markdown
                ? new JsonObject { ["cell_type"] = "markdown", ["id"] = id, ["metadata"] = new JsonObject(), ["source"] = text }
                : new JsonObject
                {
                    ["cell_type"] = "code", ["id"] = id, ["execution_count"] = null, ["outputs"] = new JsonArray(),
                    ["metadata"] = new JsonObject
                    {
                        ["dotnet_interactive"] = new JsonObject { ["language"] = csharp ? "csharp" : kernel },
                        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = csharp ? "csharp" : kernel },
                    },
                    ["source"] = csharp ? text : $"#!{kernel}\n{text}", // our kernel says clearly that it does not run other languages
                });
        }
        foreach (var line in dib.Replace("\r\n", "\n").Split('\n'))
        {
            // A separator is a magic line of its own at the start of a line, naming a kernel (#!csharp, #!markdown, #!meta…).
            if (!char.IsWhiteSpace(line.FirstOrDefault(' ')) && MagicLine.Parse(line) is { Arguments: "" } separator && Kernels.Contains(separator.Name))
            {
                Flush();
                kernel = separator.Name;
            }
            else body.Add(line);
        }
        Flush();
        return new JsonObject
        {
            ["nbformat"] = 4, ["nbformat_minor"] = 5, ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["name"] = "csharp", ["display_name"] = "C# (LossNotebooks)", ["language"] = "csharp" },
                ["language_info"] = new JsonObject { ["name"] = "csharp", ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["pygments_lexer"] = "csharp" },
            },
        };
    }

    /// <summary>Converts a notebook into a C# file-based app (run with <c>dotnet run app.cs</c>).</summary>
    public static string NotebookToFileBasedApp(NotebookDocument notebook)
    {
        var references = new List<string>();
        var body = new StringBuilder();
        foreach (var cell in notebook.Cells.OfType<JsonObject>())
        {
            var source = NotebookDocument.Source(cell);
            if ((string?)cell["cell_type"] == "markdown")
            {
                foreach (var line in source.Split('\n')) body.Append("// ").AppendLine(line.TrimEnd('\r')).Replace("// \n", "//\n");
                body.AppendLine();
                continue;
            }
            if ((string?)cell["cell_type"] != "code") continue;
            var directives = Directives.Read(source);
            references.AddRange(directives.Packages.Select(p => $"#:package {p.Name}@{p.Version ?? "*"}"));
            references.AddRange(directives.Projects.Select(p => $"#:project {p}"));
            var written = source.Split('\n');
            var code = directives.Code.Split('\n');
            for (var i = 0; i < code.Length; i++)
            {
                var line = code[i].TrimEnd('\r');
                var original = written[i].TrimEnd('\r');
                if (line.Length == 0 && original.Trim().Length > 0)
                {
                    // A directive: packages and projects moved to the header; others (#r "x.dll", #i) have no app form.
                    var read = Directives.Read(original);
                    if (read.Packages.Count == 0 && read.Projects.Count == 0) body.AppendLine("// " + original);
                }
                else if (MagicLine.Parse(line) is not null) body.AppendLine("// " + line);
                else body.AppendLine(line);
            }
            body.AppendLine();
        }
        var header = new StringBuilder();
        foreach (var reference in references.Distinct()) header.AppendLine(reference);
        header.AppendLine($"// Converted from {Path.GetFileName(notebook.Path)} by lossnb convert. Notebook-only calls (display, ClearOutput)");
        header.AppendLine("// need replacing with Console output; trailing expressions of cells are not printed in an app.");
        header.AppendLine();
        return header.Append(body).ToString();
    }
}
