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
/// Reads the code of a file as the kernel's <c>#!import</c> and <c>lossnb exec</c> run it, cell by cell: a script (a
/// code language's file extension, e.g. <c>.csx</c>/<c>.cs</c>, <c>.fsx</c>: one cell), a Polyglot script (<c>.dib</c>,
/// read by <see cref="DibFile"/>), or a notebook (<c>.ipynb</c>: each code cell in its Polyglot cell language, else the
/// notebook's). Prose and metadata are skipped; display cells (<c>mermaid</c>, <c>html</c>) and languages the kernel does
/// not run are kept, so the kernel shows or refuses them.
/// </summary>
public static class ScriptCells
{
    /// <summary>The file extensions <see cref="Read"/> accepts: notebooks, <c>.dib</c>, and every code language's.</summary>
    public static IReadOnlyList<string> Extensions =>
        new[] { ".ipynb", ".dib" }.Concat(Languages.All.Where(l => l.Kind == LanguageKind.Code).SelectMany(l => l.FileExtensions)).ToList();

    /// <summary>The file's code cells; throws <see cref="InvalidDataException"/> naming the file for an unknown kind or a broken notebook.</summary>
    public static IReadOnlyList<ScriptCell> Read(string path)
    {
        var text = File.ReadAllText(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".dib" => DibSections(text),
            ".ipynb" => NotebookCells(text, path),
            _ when Languages.ForExtension(extension) is { } language => new[] { new ScriptCell(language.Name, text, 1, 1) },
            _ => throw new InvalidDataException($"{path}: cannot run a '{extension}' file; use {string.Join(", ", Extensions)}"),
        };
    }

    /// <summary>The language of a whole file: its script language's, else C#.</summary>
    public static string DefaultLanguage(string path) => (Languages.ForExtension(Path.GetExtension(path)) ?? Languages.CSharp).Name;

    static bool IsRun(Language language) => language.Kind is not (LanguageKind.Prose or LanguageKind.Metadata);

    static IReadOnlyList<ScriptCell> DibSections(string text)
    {
        var cells = new List<ScriptCell>();
        foreach (var section in DibFile.Read(text))
            if (IsRun(section.Language) && section.Text.Trim().Length > 0)
                cells.Add(new ScriptCell(section.Language.Name, section.Text, section.Line, cells.Count + 1));
        return cells;
    }

    static IReadOnlyList<ScriptCell> NotebookCells(string text, string path)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a notebook (not valid JSON, line {e.LineNumber + 1}): {e.Message}", e); }
        var metadata = root?["metadata"];
        var notebookLanguage = Languages.Canonical(PolyglotMetadata.NotebookLanguage(metadata) ?? (string?)metadata?["kernelspec"]?["language"] ?? "csharp");
        var cells = new List<ScriptCell>();
        foreach (var cell in root?["cells"] as JsonArray ?? new JsonArray())
        {
            if ((string?)cell?["cell_type"] != "code") continue;
            var source = MultilineString.Join(cell!["source"]);
            var language = Languages.Canonical(PolyglotMetadata.CellLanguage(cell["metadata"]) ?? notebookLanguage);
            if (Languages.Find(language) is { } known && !IsRun(known) || source.Trim().Length == 0) continue;
            cells.Add(new ScriptCell(language, source, 1, cells.Count + 1));
        }
        return cells;
    }
}
