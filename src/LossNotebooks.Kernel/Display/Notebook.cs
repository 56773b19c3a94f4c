using LossNotebooks.Kernel.Abstractions;
namespace LossNotebooks.Kernel.Display;

/// <summary>
/// Display functions available to every cell (<c>using static</c> by default): <c>display(x)</c>, <c>ClearOutput()</c>,
/// and helpers for raw HTML, Markdown, LaTeX, JavaScript and CSS. <c>x.Display()</c>, <c>x.DisplayTable()</c> and
/// <c>s.DisplayAs(mime)</c> are Microsoft.DotNet.Interactive.Formatting's own, routed to the running cell by
/// <see cref="DisplayedValues"/>.
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
        sink.Display(Formatted.Bundle(value, mimeTypes), handle.DisplayId, update: false);
        return handle;
    }

    /// <summary>Clears the cell's output; with <paramref name="wait"/>, when the next output arrives (no flicker).</summary>
    public static void ClearOutput(bool wait = false)
    {
        KernelConsole.Flush();
        Sink.ClearOutput(wait);
    }

    /// <summary>Shows a value in the front end's pager (help panel) instead of the output area.</summary>
    public static void page(object? value, params string[] mimeTypes) => Sink.Page(Formatted.Bundle(value, mimeTypes));

    /// <summary>Raw HTML to display (not escaped).</summary>
    public static MimeBundle HTML(string html) => MimeBundle.Of(("text/html", html), ("text/plain", html));

    /// <summary>Markdown to display.</summary>
    public static MimeBundle Markdown(string markdown) => MimeBundle.Of(("text/markdown", markdown), ("text/plain", markdown));

    /// <summary>Runs JavaScript in the front end (displayed as <c>application/javascript</c>; front ends that run it, run it).</summary>
    public static void Javascript(string script) => display(JavaScript(script));

    /// <summary>Adds CSS to the page (a <c>&lt;style&gt;</c> element).</summary>
    public static void CSS(string css) => display(HTML($"<style>{css}</style>"));

    /// <summary>JavaScript as a display bundle.</summary>
    public static MimeBundle JavaScript(string script) => MimeBundle.Of(("application/javascript", script), ("text/plain", script));

    /// <summary>A LaTeX formula to display (<c>$$…$$</c> is added when missing).</summary>
    public static MimeBundle LaTeX(string latex)
    {
        var math = latex.TrimStart().StartsWith('$') ? latex : $"$${latex}$$";
        return MimeBundle.Of(("text/latex", math), ("text/markdown", math), ("text/plain", latex));
    }
}
