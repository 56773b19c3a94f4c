using System.Text.Json;
using System.Text.Json.Nodes;

namespace LossNotebooks.Jupyter;

/// <summary>One cell of code read from a script or notebook file, with the language it runs in.</summary>
/// <param name="Language">The language name (<c>csharp</c>, <c>fsharp</c>, or what the file named).</param>
/// <param name="Code">The cell's code.</param>
/// <param name="Line">The 1-based line of the file where the cell's code starts (a notebook's cells: 1).</param>
/// <param name="Number">The cell's 1-based number among the file's code cells.</param>
public sealed record ScriptCell(string Language, string Code, int Line, int Number);

/// <summary>
/// Reads the code of a file as the kernel's <c>#!import</c> and <c>lossnb exec</c> run it, cell by cell: a script
/// (<c>.csx</c>/<c>.cs</c> as C#, <c>.fsx</c> as F#: one cell), a Polyglot script (<c>.dib</c>: sections started by
/// <c>#!csharp</c>, <c>#!fsharp</c>, <c>#!mermaid</c>, … lines; markdown and metadata sections skipped), or a notebook (<c>.ipynb</c>:
/// each code cell in its Polyglot cell language, else the notebook's).
/// </summary>
public static class ScriptCells
{
    /// <summary>The file extensions <see cref="Read"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Extensions = new[] { ".ipynb", ".dib", ".csx", ".cs", ".fsx" };

    /// <summary>Sections and cells that are not run: prose and metadata (a <c>mermaid</c> or <c>html</c> cell is run, as that display).</summary>
    static readonly HashSet<string> NotCode = new(StringComparer.OrdinalIgnoreCase) { "markdown", "md", "meta", "value" };

    /// <summary>The file's code cells; throws <see cref="InvalidDataException"/> naming the file for an unknown kind or a broken notebook.</summary>
    public static IReadOnlyList<ScriptCell> Read(string path)
    {
        var text = File.ReadAllText(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csx" or ".cs" => new[] { new ScriptCell("csharp", text, 1, 1) },
            ".fsx" => new[] { new ScriptCell("fsharp", text, 1, 1) },
            ".dib" => DibSections(text),
            ".ipynb" => NotebookCells(text, path),
            var other => throw new InvalidDataException($"{path}: cannot run a '{other}' file; use {string.Join(", ", Extensions)}"),
        };
    }

    /// <summary>The language of a whole file: its notebook's kernelspec language, F# for .fsx, else C#.</summary>
    public static string DefaultLanguage(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".fsx" => "fsharp",
        _ => "csharp",
    };

    static IReadOnlyList<ScriptCell> DibSections(string text)
    {
        var cells = new List<ScriptCell>();
        string? language = null;
        var start = 1;
        var lines = new List<string>();
        void Close()
        {
            if (language is not null && !NotCode.Contains(language) && lines.Any(l => l.Trim().Length > 0))
                cells.Add(new ScriptCell(language, string.Join("\n", lines), start, cells.Count + 1));
            lines.Clear();
        }
        var all = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < all.Length; i++)
        {
            if (all[i].StartsWith("#!", StringComparison.Ordinal) && MagicLine.Parse(all[i]) is { Arguments.Length: 0 } magic && IsSectionMagic(magic.Name))
            {
                Close();
                language = Canonical(magic.Name);
                start = i + 2;
                continue;
            }
            lines.Add(all[i]);
        }
        Close();
        return cells;
    }

    static bool IsSectionMagic(string name) => NotCode.Contains(name) || Canonical(name) is "csharp" or "fsharp" or "html" or "javascript" or "mermaid" or "pwsh" or "sql" or "kql" or "http";

    static string Canonical(string name) => name.ToLowerInvariant() switch
    {
        "c#" or "cs" => "csharp",
        "f#" or "fs" => "fsharp",
        "js" => "javascript",
        "powershell" => "pwsh",
        var other => other,
    };

    static IReadOnlyList<ScriptCell> NotebookCells(string text, string path)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a notebook (not valid JSON, line {e.LineNumber + 1}): {e.Message}", e); }
        var metadata = root?["metadata"];
        var notebookLanguage = Canonical(PolyglotMetadata.NotebookLanguage(metadata) ?? (string?)metadata?["kernelspec"]?["language"] ?? "csharp");
        var cells = new List<ScriptCell>();
        foreach (var cell in root?["cells"] as JsonArray ?? new JsonArray())
        {
            if ((string?)cell?["cell_type"] != "code") continue;
            var source = MultilineString.Join(cell!["source"]);
            var language = Canonical(PolyglotMetadata.CellLanguage(cell["metadata"]) ?? notebookLanguage);
            if (NotCode.Contains(language) || source.Trim().Length == 0) continue;
            cells.Add(new ScriptCell(language, source, 1, cells.Count + 1));
        }
        return cells;
    }
}
