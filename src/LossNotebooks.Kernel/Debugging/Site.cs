namespace LossNotebooks.Kernel.Debugging;

/// <summary>
/// A statement of a cell where the debugger can stop, as the instrumenter registered it: the cell's path and the
/// statement's line and column there, its function, and the locals in scope (those whose values cannot be captured are
/// named with the reason).
/// </summary>
/// <param name="Id">Its index in the debugger's site table (the instrumented code passes it).</param>
/// <param name="Path">The cell's path (<see cref="CellFiles.PathOf"/>).</param>
/// <param name="Line">1-based line in the cell.</param>
/// <param name="Column">1-based column in the cell.</param>
/// <param name="Function">The function's name.</param>
/// <param name="Locals">The captured locals, in the order of the values the statement passes.</param>
/// <param name="Unavailable">Locals in scope that are not captured, each with why.</param>
/// <param name="Evaluator">Compiles expressions over the locals in the session that compiled the cell.</param>
/// <param name="LeadsLine">True for the first statement of its line in its compilation: the one a breakpoint on the line arms.</param>
public sealed record Site(int Id, string Path, int Line, int Column, string Function, IReadOnlyList<LocalSlot> Locals,
    IReadOnlyList<(string Name, string Reason)> Unavailable, IExpressionCompiler Evaluator, bool LeadsLine);

/// <summary>A captured local: its name and its type as C# names it (<c>dynamic</c> when it cannot be named).</summary>
public sealed record LocalSlot(string Name, string Type);

/// <summary>Compiles an expression over a site's locals and the session's top-level variables.</summary>
public interface IExpressionCompiler
{
    /// <summary>A function of the locals' values (in <paramref name="locals"/>' order) that computes the expression; throws with the compiler's errors.</summary>
    Func<object?[], object?> Compile(string expression, IReadOnlyList<LocalSlot> locals);
}
