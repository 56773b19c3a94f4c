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
    /// <summary>Converts the text of a .dib file into an nbformat 4.5 notebook for our kernel.</summary>
    public static JsonObject DibToNotebook(string dib)
    {
        var cells = new JsonArray();
        foreach (var section in DibFile.Read(dib))
        {
            var text = section.Text.Trim('\n', '\r');
            var language = section.Language;
            if (language.Kind == LanguageKind.Metadata || text.Length == 0) continue;
            var id = $"dib-{cells.Count:D3}";
            var csharp = language == Languages.CSharp;
            cells.Add(language.Kind == LanguageKind.Prose
                ? new JsonObject { ["cell_type"] = "markdown", ["id"] = id, ["metadata"] = new JsonObject(), ["source"] = text }
                : new JsonObject
                {
                    ["cell_type"] = "code",
                    ["id"] = id,
                    ["execution_count"] = null,
                    ["outputs"] = new JsonArray(),
                    ["metadata"] = new JsonObject
                    {
                        ["dotnet_interactive"] = new JsonObject { ["language"] = language.Name },
                        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = language.Name },
                    },
                    ["source"] = csharp ? text : $"#!{language.Name}\n{text}", // the kernel runs or clearly refuses the language
                });
        }
        return new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["cells"] = cells,
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
