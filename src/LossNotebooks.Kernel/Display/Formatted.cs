using LossNotebooks.Kernel.Abstractions;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Kernel.Display;

/// <summary>Values rendered for Jupyter through the Formatter registry of Microsoft.DotNet.Interactive.Formatting.</summary>
public static class Formatted
{
    /// <summary>
    /// Formats a value: text/plain always, plus the type's preferred mime types (or the requested ones). Strings are
    /// plain text unless a mime type is asked for; a bundle is returned as it is.
    /// </summary>
    public static MimeBundle Bundle(object? value, IReadOnlyCollection<string>? mimeTypes = null)
    {
        if (value is MimeBundle ready) return ready;
        var bundle = new MimeBundle();
        var requested = mimeTypes is { Count: > 0 } ? mimeTypes
            : value is null || IsScalar(value.GetType()) ? Array.Empty<string>()
            : Formatter.GetPreferredMimeTypesFor(value.GetType());
        foreach (var mime in requested.Where(m => m != MimeBundle.PlainText))
            bundle.Add(mime, value.ToDisplayString(mime));
        bundle.Data[MimeBundle.PlainText] = value is string s ? s : value.ToDisplayString(MimeBundle.PlainText);
        return bundle;
    }

    /// <summary>Strings, numbers, enums and other scalars show as plain text (no HTML wrapper).</summary>
    static bool IsScalar(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid);
}
