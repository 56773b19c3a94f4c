using System.Text.Json.Nodes;

namespace LossNotebooks.Jupyter;

/// <summary>
/// nbformat's "multiline string": a cell's source, a stream's text or a mime value is stored either as one string or
/// as a list of lines (each keeping its newline), and means their concatenation.
/// </summary>
public static class MultilineString
{
    /// <summary>The text of a multiline-string node; empty for null or any other node.</summary>
    public static string Join(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => "",
    };
}
