namespace LossNotebooks.Formatting;

/// <summary>HTML helpers: every text that reaches HTML goes through <see cref="Escape"/>.</summary>
public static class Html
{
    /// <summary>Escapes text for HTML content and attribute values (&amp; &lt; &gt; " '); other characters stay as they are (pages are UTF-8).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        return text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");
    }

    /// <summary>The shared style of the formatters' tables (small, once per output).</summary>
    public const string TableStyle =
        "<style>.lossnb-table{border-collapse:collapse;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}" +
        ".lossnb-table td,.lossnb-table th{border:1px solid #d0d7de;padding:2px 6px;text-align:right}" +
        ".lossnb-table th{background:#f6f8fa;color:#57606a;font-weight:normal}" +
        ".lossnb-table caption{caption-side:top;text-align:left;color:#57606a;padding:2px 0;white-space:nowrap}" +
        ".lossnb-best{font-weight:bold;background:#dafbe1}</style>";
}
