using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Abstractions;

/// <summary>What running a cell produced: a value to show, or an error, or nothing.</summary>
public sealed record CellOutcome
{
    /// <summary>True when the cell ended with a trailing expression whose value should be shown.</summary>
    public bool HasValue { get; init; }
    /// <summary>The trailing expression's value.</summary>
    public object? Value { get; init; }
    /// <summary>The error, when the cell failed.</summary>
    public CellError? Error { get; init; }

    /// <summary>A cell that ran and showed nothing.</summary>
    public static CellOutcome Nothing { get; } = new();
}

/// <summary>A failed cell as Jupyter reports it: ename, evalue and traceback lines.</summary>
/// <param name="Name">The error's name (exception type, or <c>CompilationError</c>).</param>
/// <param name="Value">The message; for compile errors every diagnostic with the cell's line and column.</param>
/// <param name="Traceback">Lines to show, frames naming the cell and line.</param>
/// <param name="Position">Where in the cell the error is (the first diagnostic, the innermost frame in a cell), when known.</param>
public sealed record CellError(string Name, string Value, IReadOnlyList<string> Traceback, CellPosition? Position = null);

