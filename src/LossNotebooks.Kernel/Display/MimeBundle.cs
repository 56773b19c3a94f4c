using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Kernel.Display;

/// <summary>A value rendered for Jupyter: mime type → data (text, or JSON for <c>application/json</c> types).</summary>
public sealed class MimeBundle
{
    /// <summary>The data by mime type; <c>text/plain</c> is always present.</summary>
    public Dictionary<string, JsonNode?> Data { get; } = new();

    /// <summary>A bundle with the given entries (text/plain added from the first entry when missing).</summary>
    public static MimeBundle Of(params (string MimeType, string Text)[] entries)
    {
        var bundle = new MimeBundle();
        foreach (var (mime, text) in entries) bundle.Add(mime, text);
        if (!bundle.Data.ContainsKey(PlainText)) bundle.Data[PlainText] = entries.Length > 0 ? entries[0].Text : "";
        return bundle;
    }

    const string PlainText = "text/plain";

    void Add(string mimeType, string text)
    {
        if (IsJson(mimeType))
        {
            try { Data[mimeType] = JsonNode.Parse(text); return; }
            catch (System.Text.Json.JsonException) { }
        }
        Data[mimeType] = text;
    }

    static bool IsJson(string mimeType) => mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal);

    /// <summary>
    /// Formats a value through the Formatter registry of Microsoft.DotNet.Interactive.Formatting: text/plain always,
    /// plus the type's preferred mime types (or the requested ones). Strings are plain text unless a mime type is asked for.
    /// </summary>
    public static MimeBundle From(object? value, IReadOnlyCollection<string>? mimeTypes = null)
    {
        if (value is MimeBundle ready) return ready;
        var bundle = new MimeBundle();
        var requested = mimeTypes is { Count: > 0 } ? mimeTypes
            : value is null || IsScalar(value.GetType()) ? Array.Empty<string>()
            : Formatter.GetPreferredMimeTypesFor(value.GetType());
        foreach (var mime in requested.Where(m => m != PlainText))
            bundle.Add(mime, value.ToDisplayString(mime));
        bundle.Data[PlainText] = value is string s ? s : value.ToDisplayString(PlainText);
        return bundle;
    }

    /// <summary>Strings, numbers, enums and other scalars show as plain text (no HTML wrapper).</summary>
    static bool IsScalar(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid);

    /// <summary>The bundle as the <c>data</c> object of a Jupyter message.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (mime, data) in Data) json[mime] = data?.DeepClone();
        return json;
    }
}
