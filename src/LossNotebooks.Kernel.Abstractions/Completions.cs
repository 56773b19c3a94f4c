namespace LossNotebooks.Kernel.Abstractions;

/// <summary>One completion candidate with its kind (for <c>_jupyter_types_experimental</c>).</summary>
/// <param name="Text">The text to insert.</param>
/// <param name="Type">The kind, lower-case (method, property, class, keyword, local…).</param>
/// <param name="Signature">The symbol's signature, when known.</param>
public sealed record CompletionCandidate(string Text, string Type, string? Signature);

/// <summary>Completions with the range of the cell text they replace.</summary>
/// <param name="Matches">The candidates.</param>
/// <param name="CursorStart">Where the replaced text starts (UTF-16 offset in the cell).</param>
/// <param name="CursorEnd">Where it ends.</param>
public sealed record Completions(IReadOnlyList<CompletionCandidate> Matches, int CursorStart, int CursorEnd)
{
    /// <summary>No candidates at a cursor.</summary>
    public static Completions None(int cursor) => new(Array.Empty<CompletionCandidate>(), cursor, cursor);
}
