using LossNotebooks.Kernel.Abstractions;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Kernel.Display;

/// <summary>
/// Routes the displays of Microsoft.DotNet.Interactive.Formatting — <c>x.Display()</c>, <c>x.DisplayTable()</c>,
/// <c>s.DisplayAs(mime)</c> and their <c>Update</c> — to the running cell's output, as .NET Interactive did: the
/// library formats the value and raises an event; this sends it as <c>display_data</c> (or <c>update_display_data</c>)
/// with the value's display id.
/// </summary>
public static class DisplayedValues
{
    static IDisposable? subscription;

    /// <summary>Subscribes once, at kernel start.</summary>
    public static void Route() => subscription ??= Formatter.SubscribeToDisplayedValues(Send);

    static void Send(DisplayedValue displayed)
    {
        var sink = KernelConsole.Current;
        if (sink is null) return; // displayed outside a cell: nowhere to show it
        KernelConsole.Flush();
        var entries = displayed.FormattedValues.Select(v => (v.MimeType, v.Value)).ToList();
        if (entries.All(e => e.MimeType != PlainTextFormatter.MimeType))
            entries.Add((PlainTextFormatter.MimeType, displayed.Value is string text ? text : displayed.Value.ToDisplayString(PlainTextFormatter.MimeType)));
        var bundle = MimeBundle.Of(entries.ToArray());
        sink.Display(bundle, displayed.DisplayId, update: displayed.IsUpdated);
    }
}
