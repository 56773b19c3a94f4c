using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Interpreters;

namespace LossNotebooks.Kernel.Cells;

/// <summary>
/// <c>#!import FILE</c>: runs another file's code in this session, cell by cell, before the rest of this cell — a
/// notebook (<c>.ipynb</c>, each code cell in its language from its Polyglot metadata or the notebook's kernelspec),
/// a Polyglot script (<c>.dib</c>, sections started by <c>#!csharp</c>/<c>#!fsharp</c> lines), or a script
/// (<c>.csx</c>/<c>.cs</c> as C#, <c>.fsx</c> as F#). Stops at the first failing cell, naming the file and cell.
/// </summary>
public sealed class ImportMagic : IMagicHandler
{
    static readonly Argument<string> File_ = new("file") { Description = "the .ipynb, .dib, .csx, .cs or .fsx file to run" };
    static readonly Command Command = new("import", "run another file's code in this session") { File_ };
    static int depth; // imports inside imports: a file that imports itself stops here

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = new[] { "import" };

    /// <inheritdoc />
    public string Summary => MagicArguments.Usage(Command) + ": run a .ipynb, .dib, .csx, .cs or .fsx file's code in this session";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        var file = MagicArguments.Parse(Command, line).GetValue(File_)!;
        plan.Consume(line.Line);
        plan.Steps.Add(run => Import(run, Path.GetFullPath(file)));
    }

    static void Import(CellRun run, string path)
    {
        if (!File.Exists(path)) throw new MagicException($"#!import: no file {path}");
        if (depth >= 8) throw new MagicException($"#!import: imports nest deeper than 8 files at {path} (does a file import itself?)");
        var cells = Cells(run.Pipeline, path);
        depth++;
        try
        {
            for (var i = 0; i < cells.Count; i++)
            {
                var (code, interpreter) = cells[i];
                var outcome = run.Pipeline.Run(run.Pipeline.Prepare(code, interpreter), run.ExecutionCount, run.Output);
                if (outcome.Error is { } error)
                    throw new MagicException($"#!import {Path.GetFileName(path)}: cell {i + 1} ({interpreter.Language.Name}) failed: {error.Name}: {error.Value}");
            }
        }
        finally { depth--; }
    }

    /// <summary>The file's code cells with the interpreter each starts in.</summary>
    static IReadOnlyList<(string Code, IInterpreter Interpreter)> Cells(CellPipeline pipeline, string path)
    {
        var text = File.ReadAllText(path);
        IInterpreter Language(string name) => pipeline.FindInterpreter(name)
            ?? throw new MagicException($"#!import {Path.GetFileName(path)}: no interpreter for '{name}' in this kernel");
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csx" or ".cs" => new[] { (text, Language("csharp")) },
            ".fsx" => new[] { (text, Language("fsharp")) },
            ".dib" => DibSections(text, pipeline, Language),
            ".ipynb" => NotebookCells(text, path, Language),
            var other => throw new MagicException($"#!import: cannot run a '{other}' file ({path}); use .ipynb, .dib, .csx, .cs or .fsx"),
        };
    }

    /// <summary>A .dib file's sections: each starts at a <c>#!name</c> line; those of a language run, the rest (markdown, meta) not.</summary>
    static IReadOnlyList<(string, IInterpreter)> DibSections(string text, CellPipeline pipeline, Func<string, IInterpreter> language)
    {
        var sections = new List<(string, IInterpreter)>();
        string? current = null;
        var lines = new List<string>();
        void Close()
        {
            if (current is not null && pipeline.FindInterpreter(current) is not null && lines.Any(l => l.Trim().Length > 0))
                sections.Add((string.Join("\n", lines), language(current)));
            lines.Clear();
        }
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (MagicLine.Parse(line) is { } magic && line.StartsWith("#!", StringComparison.Ordinal) && magic.Arguments.Length == 0
                && (pipeline.FindInterpreter(magic.Name) is not null || magic.Name is "markdown" or "md" or "meta" or "html" or "javascript" or "js" or "mermaid" or "value"))
            {
                Close();
                current = magic.Name;
                continue;
            }
            lines.Add(line);
        }
        Close();
        return sections;
    }

    /// <summary>A notebook's code cells, each in its Polyglot cell language or the notebook's.</summary>
    static IReadOnlyList<(string, IInterpreter)> NotebookCells(string text, string path, Func<string, IInterpreter> language)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException e) { throw new MagicException($"#!import: {path} is not a notebook: {e.Message}"); }
        var metadata = root?["metadata"];
        var notebookLanguage = PolyglotMetadata.NotebookLanguage(metadata) ?? (string?)metadata?["kernelspec"]?["language"] ?? "csharp";
        var cells = new List<(string, IInterpreter)>();
        foreach (var cell in root?["cells"]?.AsArray() ?? new JsonArray())
        {
            if ((string?)cell?["cell_type"] != "code") continue;
            var source = cell!["source"] is JsonArray parts ? string.Concat(parts.Select(p => (string?)p)) : (string?)cell["source"] ?? "";
            var cellLanguage = PolyglotMetadata.CellLanguage(cell["metadata"]) ?? notebookLanguage;
            if (cellLanguage is "markdown" or "md" || source.Trim().Length == 0) continue;
            cells.Add((source, language(cellLanguage)));
        }
        return cells;
    }
}
