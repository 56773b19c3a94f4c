using System.CommandLine;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Cells;

/// <summary>
/// <c>#!import FILE</c>: runs another file's code in this session, cell by cell, before the rest of this cell — a
/// notebook (<c>.ipynb</c>, each code cell in its language from its Polyglot metadata or the notebook's kernelspec),
/// a Polyglot script (<c>.dib</c>, sections started by <c>#!csharp</c>/<c>#!fsharp</c> lines), or a script
/// (any code language's file: <c>.csx</c>/<c>.cs</c> as C#, <c>.fsx</c> as F#). Stops at the first failing cell, naming the file and cell.
/// </summary>
public sealed class ImportMagic : IMagicHandler
{
    static readonly Argument<string> File_ = new("file") { Description = $"the file to run ({string.Join(", ", ScriptCells.Extensions)})" };
    static readonly Command Command = new("import", "run another file's code in this session") { File_ };
    int depth; // imports inside imports, in this pipeline: a file that imports itself stops here

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = new[] { "import" };

    /// <inheritdoc />
    public string Summary => MagicArguments.Usage(Command) + $": run the code of a {string.Join(", ", ScriptCells.Extensions)} file in this session";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        var file = MagicArguments.Parse(Command, line).GetValue(File_)!;
        plan.Consume(line.Line);
        plan.Steps.Add(run => Import(run, Path.GetFullPath(file)));
    }

    void Import(CellRun run, string path)
    {
        if (!File.Exists(path)) throw new MagicException($"#!import: no file {path}");
        if (depth >= 8) throw new MagicException($"#!import: imports nest deeper than 8 files at {path} (does a file import itself?)");
        IReadOnlyList<ScriptCell> cells;
        try { cells = ScriptCells.Read(path); }
        catch (InvalidDataException e) { throw new MagicException($"#!import: {e.Message}"); }
        depth++;
        try
        {
            foreach (var cell in cells)
            {
                var outcome = run.Pipeline.Run(Plan(run.Pipeline, cell, path), run.ExecutionCount, run.Output);
                if (outcome.Error is { } error)
                    throw new MagicException($"#!import {Path.GetFileName(path)}: cell {cell.Number} ({cell.Language}) failed: {error.Name}: {error.Value}");
            }
        }
        finally { depth--; }
    }

    /// <summary>A cell in its language: an interpreter's, or a display magic's (a .dib's <c>#!mermaid</c> section).</summary>
    static CellPlan Plan(CellPipeline pipeline, ScriptCell cell, string path) =>
        pipeline.PrepareIn(cell.Code, cell.Language)
        ?? throw new MagicException($"#!import {Path.GetFileName(path)}: cell {cell.Number} is {cell.Language}, which this kernel does not run");
}
