namespace LossNotebooks.Formatting.Reports;

/// <summary>What every report shares: its table style, and the standalone offline page around a report's HTML.</summary>
public static class ReportPage
{
    /// <summary>The reports' table style (best values highlighted with the <c>best</c> class).</summary>
    public const string Style = """
        <style>
        .lossnb-report{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:14px;max-width:1100px}
        .lossnb-report table{border-collapse:collapse;margin:0.5em 0 1em}
        .lossnb-report th,.lossnb-report td{border:1px solid #ddd;padding:3px 8px;text-align:right}
        .lossnb-report th:first-child,.lossnb-report td:first-child{text-align:left}
        .lossnb-report td.best{background:#e6f4ea;font-weight:bold}
        .lossnb-report .note{color:#555}
        </style>
        """;

    /// <summary>
    /// A standalone offline page: plotly.js once in the head, around <paramref name="body"/> (rendered with
    /// <see cref="PlotlyScript.PageLoadsIt"/>, so its charts leave the library to the page).
    /// </summary>
    public static string Document(string title, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.Escape(title) +
        "</title><script type=\"text/javascript\">" + PlotlyFormatter.PlotlyJs + "</script></head><body>" + body + "</body></html>\n";
}
