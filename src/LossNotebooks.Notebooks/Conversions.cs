using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LossNotebooks.Notebooks;

/// <summary>
/// <c>lossnb convert</c>: Polyglot <c>.dib</c> → <c>.ipynb</c>, and <c>.ipynb</c> → a C# file-based app (<c>.cs</c> with
/// <c>#:package</c> / <c>#:project</c> directives and Markdown as comments) — the migration path Microsoft recommended
/// when it deprecated Polyglot Notebooks.
/// </summary>
public static partial class Conversions
{
    [GeneratedRegex(@"^#!(?<kernel>[A-Za-z#-]+)\s*$")]
    private static partial Regex CellSeparator();

    [GeneratedRegex(@"^\s*#r\s+""\s*nuget\s*:\s*(?<name>[^,""\s]+)\s*(,\s*(?<version>[^""]*?))?\s*""\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NuGetReference();

    [GeneratedRegex(@"^\s*#r\s+""\s*project\s*:\s*(?<path>[^""]+?)\s*""\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectReference();

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
            var m = CellSeparator().Match(line);
            if (m.Success && Kernels.Contains(m.Groups["kernel"].Value)) { Flush(); kernel = m.Groups["kernel"].Value; }
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
        var directives = new List<string>();
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
            foreach (var raw in source.Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                Match m;
                if ((m = NuGetReference().Match(line)).Success)
                    directives.Add(m.Groups["version"].Value.Length > 0 ? $"#:package {m.Groups["name"].Value}@{m.Groups["version"].Value}" : $"#:package {m.Groups["name"].Value}@*");
                else if ((m = ProjectReference().Match(line)).Success) directives.Add($"#:project {m.Groups["path"].Value}");
                else if (line.StartsWith("#!", StringComparison.Ordinal)) body.AppendLine("// " + line);
                else body.AppendLine(line);
            }
            body.AppendLine();
        }
        var header = new StringBuilder();
        foreach (var d in directives.Distinct()) header.AppendLine(d);
        header.AppendLine($"// Converted from {Path.GetFileName(notebook.Path)} by lossnb convert. Notebook-only calls (display, ClearOutput)");
        header.AppendLine("// need replacing with Console output; trailing expressions of cells are not printed in an app.");
        header.AppendLine();
        return header.Append(body).ToString();
    }
}
