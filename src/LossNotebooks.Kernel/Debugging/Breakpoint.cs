namespace LossNotebooks.Kernel.Debugging;

/// <summary>A breakpoint of a cell: its line, and the condition and hit condition that decide whether it stops.</summary>
/// <param name="Line">1-based line in the cell.</param>
/// <param name="Condition">A C# expression over the frame's locals and the session's variables; stops when true.</param>
/// <param name="HitCondition">Stops on the Nth hit: <c>N</c> or <c>==N</c>, <c>&gt;N</c>, <c>&gt;=N</c>, <c>%N</c>.</param>
public sealed record Breakpoint(int Line, string? Condition, string? HitCondition)
{
    /// <summary>Times the line was reached with its condition true.</summary>
    public int Hits { get; set; }
}
