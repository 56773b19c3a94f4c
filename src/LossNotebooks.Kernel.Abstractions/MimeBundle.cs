using System.Text.Json.Nodes;

namespace LossNotebooks.Kernel.Abstractions;

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

    /// <summary>The mime type every bundle carries.</summary>
    public const string PlainText = "text/plain";

    /// <summary>Adds (or replaces) an entry; JSON mime types are stored parsed when the text is valid JSON.</summary>
    public void Add(string mimeType, string text)
    {
        if (IsJson(mimeType))
        {
            try { Data[mimeType] = JsonNode.Parse(text); return; }
            catch (System.Text.Json.JsonException) { }
        }
        Data[mimeType] = text;
    }

    static bool IsJson(string mimeType) => mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal);

    /// <summary>The bundle as the <c>data</c> object of a Jupyter message.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (mime, data) in Data) json[mime] = data?.DeepClone();
        return json;
    }
}
