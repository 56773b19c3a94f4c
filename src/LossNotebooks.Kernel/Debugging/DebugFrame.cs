namespace LossNotebooks.Kernel.Debugging;

/// <summary>
/// One call of an instrumented function of a cell (a method, local function, lambda or the cell's statements): where it
/// is and, when the debugger asked for them, the values of its locals. Created and updated by the code the
/// <see cref="CellInstrumenter"/> inserts; read by the debugger while the thread is stopped.
/// </summary>
public sealed class DebugFrame
{
    internal DebugFrame(DebugFrame? parent, string function, bool isCell)
    {
        Parent = parent;
        Depth = parent is null ? 1 : parent.Depth + 1;
        Function = function;
        IsCell = isCell;
    }

    /// <summary>The frame that called this one (in instrumented code; library frames between are not shown).</summary>
    public DebugFrame? Parent { get; }

    /// <summary>How many instrumented frames are below and including this one.</summary>
    public int Depth { get; }

    /// <summary>The function's name as the call stack shows it.</summary>
    public string Function { get; }

    /// <summary>True for a cell's own statements (where an exception leaves the cell).</summary>
    public bool IsCell { get; }

    /// <summary>The site of the statement the frame is at.</summary>
    public int Site;

    /// <summary>The values of <see cref="ValuesSite"/>'s locals when last captured (null: never).</summary>
    public object?[]? Values;

    /// <summary>The site whose locals <see cref="Values"/> holds.</summary>
    public int ValuesSite = -1;

    /// <summary>Records the statement the frame is at and its locals' values (statements that call cell code).</summary>
    public void Capture(int site, object?[] values)
    {
        Site = site;
        Values = values;
        ValuesSite = site;
    }
}
