namespace LossNotebooks.Kernel.Execution;

/// <summary>Thrown into a running cell by an interrupt (interrupt_request or SIGINT): Jupyter's KeyboardInterrupt.</summary>
public sealed class KeyboardInterruptException() : OperationCanceledException("the cell was interrupted");

/// <summary>
/// The interrupt flag of the running cell. Cells are rewritten so that every loop body and block-bodied method
/// calls <see cref="Check"/> first (<see cref="InterruptRewriter"/>): a tight <c>while (true) {}</c> stops within
/// milliseconds, where a cancellation token would never be looked at.
/// </summary>
public static class Interrupt
{
    static volatile bool requested;

    /// <summary>Asks the running cell to stop at its next check.</summary>
    public static void Request() => requested = true;

    /// <summary>Clears a request (a new cell starts).</summary>
    public static void Reset() => requested = false;

    /// <summary>True when an interrupt is pending.</summary>
    public static bool IsRequested => requested;

    /// <summary>
    /// Throws <see cref="KeyboardInterruptException"/> when an interrupt was requested. Inserted by the kernel. Kept a
    /// real call (never inlined), so every iteration of a rewritten loop returns through a point where the runtime can
    /// suspend the thread.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static void Check()
    {
        if (!requested) return;
        requested = false;
        throw new KeyboardInterruptException();
    }
}
