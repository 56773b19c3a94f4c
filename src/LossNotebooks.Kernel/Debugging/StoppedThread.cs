namespace LossNotebooks.Kernel.Debugging;

/// <summary>A thread stopped in cell code: why, and its frames (innermost first), numbered for the front end.</summary>
public sealed class StoppedThread(int threadId, string threadName, string reason, IReadOnlyList<DebugFrame> frames)
{
    /// <summary>The managed thread id the front end names it by.</summary>
    public int ThreadId { get; } = threadId;

    /// <summary>The thread's name.</summary>
    public string ThreadName { get; } = threadName;

    /// <summary><c>breakpoint</c>, <c>step</c>, <c>exception</c> or <c>pause</c>.</summary>
    public string Reason { get; } = reason;

    /// <summary>Its frames in cell code, innermost first; a frame's id is its index + 1.</summary>
    public IReadOnlyList<DebugFrame> Frames { get; } = frames;

    /// <summary>The frame of an id, or null.</summary>
    public DebugFrame? Frame(int id) => id >= 1 && id <= Frames.Count ? Frames[id - 1] : null;
}
