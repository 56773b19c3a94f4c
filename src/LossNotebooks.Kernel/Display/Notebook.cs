namespace LossNotebooks.Kernel.Display;

/// <summary>
/// Display functions available to every cell (<c>using static</c> by default): <c>display(x)</c>,
/// <c>x.Display()</c>, <c>ClearOutput()</c>, and helpers for raw HTML, Markdown and LaTeX.
/// </summary>
public static class Notebook
{
    static int displayCounter;

    static IOutputSink Sink => KernelConsole.Current
        ?? throw new InvalidOperationException("display is only available while a cell runs");

    /// <summary>Displays a value as a rich output (<c>display_data</c>) and returns a handle to update it.</summary>
    public static DisplayHandle display(object? value, params string[] mimeTypes)
    {
        KernelConsole.Flush();
        var sink = Sink;
        var handle = new DisplayHandle(sink, $"display-{Interlocked.Increment(ref displayCounter)}-{Environment.ProcessId}");
        sink.Display(MimeBundle.From(value, mimeTypes), handle.DisplayId, update: false);
        return handle;
    }

    /// <summary>Displays a value (extension form: <c>x.Display()</c>).</summary>
    public static DisplayHandle Display(this object? value, params string[] mimeTypes) => display(value, mimeTypes);

    /// <summary>Clears the cell's output; with <paramref name="wait"/>, when the next output arrives (no flicker).</summary>
    public static void ClearOutput(bool wait = false)
    {
        KernelConsole.Flush();
        Sink.ClearOutput(wait);
    }

    /// <summary>Shows a value in the front end's pager (help panel) instead of the output area.</summary>
    public static void page(object? value, params string[] mimeTypes) => Sink.Page(MimeBundle.From(value, mimeTypes));

    /// <summary>Raw HTML to display (not escaped).</summary>
    public static MimeBundle HTML(string html) => MimeBundle.Of(("text/html", html), ("text/plain", html));

    /// <summary>Markdown to display.</summary>
    public static MimeBundle Markdown(string markdown) => MimeBundle.Of(("text/markdown", markdown), ("text/plain", markdown));

    /// <summary>A LaTeX formula to display (<c>$$…$$</c> is added when missing).</summary>
    public static MimeBundle LaTeX(string latex)
    {
        var math = latex.TrimStart().StartsWith('$') ? latex : $"$${latex}$$";
        return MimeBundle.Of(("text/latex", math), ("text/markdown", math), ("text/plain", latex));
    }
}
