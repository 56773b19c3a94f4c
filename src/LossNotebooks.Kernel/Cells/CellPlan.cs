using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Cells;

/// <summary>
/// What the cell pipeline decided for one cell, built up by its magic handlers: which interpreter runs it, the code
/// it runs (magic lines blanked with spaces, so diagnostics keep the cell's own lines and columns and a cursor its
/// offset), and anything shown instead.
/// </summary>
public sealed class CellPlan
{
    readonly string[] lines;

    /// <summary>Starts a plan for a cell's text, to run by <paramref name="interpreter"/> unless a magic says otherwise.</summary>
    public CellPlan(string source, IInterpreter interpreter)
    {
        Source = source;
        lines = source.Split('\n');
        Interpreter = interpreter;
    }

    /// <summary>The cell's text as written.</summary>
    public string Source { get; }

    /// <summary>
    /// True when a magic of the cell was added by a .NET Interactive extension: the whole cell goes to the extensions'
    /// kernel, whose parser runs the magic and hands the code back to the interpreters.
    /// </summary>
    public bool ByExtensions { get; set; }

    /// <summary>The interpreter that runs the code.</summary>
    public IInterpreter Interpreter { get; set; }

    /// <summary>True under <c>#!time</c>: the cell reports its wall time.</summary>
    public bool Timed { get; set; }

    /// <summary>Content shown instead of running code (a <c>#!markdown</c> or <c>#!html</c> cell).</summary>
    public MimeBundle? Display { get; set; }

    /// <summary>The cell's error, decided before anything ran (an unsupported magic, a magic's bad arguments).</summary>
    public CellError? Error { get; set; }

    /// <summary>
    /// What magics do when the cell runs, in order, before its code (share a value, list variables, import a file);
    /// a step stops the cell by throwing a <see cref="MagicException"/>.
    /// </summary>
    public List<Action<CellRun>> Steps { get; } = new();

    /// <summary>True when the rest of the cell was taken by a magic (no later line is read as a magic).</summary>
    public bool Finished => Display is not null || Error is not null;

    /// <summary>The code to run: the cell with consumed lines blanked.</summary>
    public string Code => string.Join("\n", lines);

    /// <summary>Blanks a line the pipeline consumed: spaces of the same length (a line ending's <c>\r</c> stays).</summary>
    public void Consume(int line)
    {
        var text = lines[line];
        lines[line] = text.EndsWith('\r') ? new string(' ', text.Length - 1) + "\r" : new string(' ', text.Length);
    }

    /// <summary>Blanks every line after <paramref name="line"/> (a magic took the rest of the cell as its input).</summary>
    public void ConsumeRest(int line)
    {
        for (var i = line + 1; i < lines.Length; i++) Consume(i);
    }

    /// <summary>The text after a line, to its end (line endings as <c>\n</c>).</summary>
    public string After(int line) => string.Join("\n", lines.Skip(line + 1).Select(l => l.TrimEnd('\r')));
}

/// <summary>What a magic's step sees when the cell runs.</summary>
/// <param name="Pipeline">The pipeline (its interpreters, its value store, and itself for running other cells).</param>
/// <param name="Interpreter">The interpreter the cell's code runs in (after every language magic).</param>
/// <param name="Output">Where the cell's outputs go.</param>
/// <param name="ExecutionCount">The cell's execution count.</param>
public sealed record CellRun(CellPipeline Pipeline, IInterpreter Interpreter, IOutputSink Output, int ExecutionCount);

/// <summary>A magic that cannot do what its line asks (an unknown variable or language, a missing file): the cell's error.</summary>
public sealed class MagicException(string message) : Exception(message);
