using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace LossNotebooks.Notebooks;

/// <summary>
/// Jupyter's own JSON layout for notebooks, byte for byte what nbformat writes (<c>json.dumps(nb, sort_keys=True,
/// indent=1, ensure_ascii=False)</c> plus a final newline): keys in code-point order, one-space indent, non-ASCII
/// characters written as themselves. Notebooks saved by Jupyter, VS Code or lossnb then differ only in content.
/// </summary>
public static class JupyterJson
{
    /// <summary>The notebook's text in Jupyter's layout, ending with a newline.</summary>
    public static string Format(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node, 0);
        return text.Append('\n').ToString();
    }

    static void Write(StringBuilder text, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj when obj.Count == 0:
                text.Append("{}");
                break;
            case JsonObject obj:
                text.Append("{\n");
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(",\n");
                    first = false;
                    text.Append(' ', depth + 1);
                    WriteString(text, key);
                    text.Append(": ");
                    Write(text, value, depth + 1);
                }
                text.Append('\n').Append(' ', depth).Append('}');
                break;
            case JsonArray array when array.Count == 0:
                text.Append("[]");
                break;
            case JsonArray array:
                text.Append("[\n");
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) text.Append(",\n");
                    text.Append(' ', depth + 1);
                    Write(text, array[i], depth + 1);
                }
                text.Append('\n').Append(' ', depth).Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out var s):
                WriteString(text, s);
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>A JSON string as Python's json module writes it with ensure_ascii=False.</summary>
    static void WriteString(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
