namespace LossNotebooks.Kernel.Debugging;

/// <summary>How a stopped thread goes on.</summary>
public enum Resumption
{
    /// <summary>Runs to the next breakpoint.</summary>
    Continue,

    /// <summary>Stops at the next statement of this frame or a caller (step over).</summary>
    Next,

    /// <summary>Stops at the next statement anywhere in cell code (step in).</summary>
    StepIn,

    /// <summary>Stops at the next statement of a caller (step out).</summary>
    StepOut,

    /// <summary>Stops the cell as an interrupt does.</summary>
    Interrupt,
}
