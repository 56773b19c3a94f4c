using LossNotebooks.Kernel.Display;

namespace LossNotebooks.Kernel;

/// <summary>
/// The kernel's log file for bug reports: every message type, timing and error. Enabled by <c>--log FILE</c> or the
/// environment variable <c>LOSSNB_KERNEL_LOG</c>; otherwise errors go to standard error only.
/// </summary>
public sealed class KernelLog : IDisposable
{
    readonly StreamWriter? writer;
    readonly object gate = new();

    /// <summary>Opens the log (appending) at <paramref name="path"/>, or logs errors to stderr only when null.</summary>
    public KernelLog(string? path)
    {
        if (string.IsNullOrEmpty(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        writer = new StreamWriter(path, append: true) { AutoFlush = true };
    }

    /// <summary>Writes an informational line (message types, timings).</summary>
    public void Info(string text) => Write("INFO", text);

    /// <summary>Writes an error line, also to standard error.</summary>
    public void Error(string text)
    {
        Write("ERROR", text);
        try { KernelConsole.OriginalError.WriteLine($"[lossnb-kernel] {text}"); } catch (IOException) { }
    }

    void Write(string level, string text)
    {
        if (writer is null) return;
        lock (gate) writer.WriteLine($"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss.fff} {level} {text}");
    }

    /// <inheritdoc />
    public void Dispose() => writer?.Dispose();
}
