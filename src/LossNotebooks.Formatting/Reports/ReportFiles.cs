using LossNotebooks.Analysis;
using LossNotebooks.Analysis.Reports;

namespace LossNotebooks.Formatting.Reports;

/// <summary>A comparison report's files: the standalone HTML page, the JSON of every number and the CSV table.</summary>
public static class ReportFiles
{
    /// <summary>
    /// Writes the files asked for (null paths are skipped). Everything is rendered first and written to temporary
    /// files that replace the targets only when all are ready, so a failure leaves no partial report.
    /// </summary>
    public static void Write(ComparisonReport report, string? html, string? json, string? csv)
    {
        var pending = new List<(string Path, string Text)>();
        if (html is not null) pending.Add((html, ComparisonReportHtml.ToDocument(report)));
        if (json is not null) pending.Add((json, ReportExport.ToJson(report)));
        if (csv is not null) pending.Add((csv, ReportExport.ToCsv(report)));
        ReportExport.WriteAll(pending);
    }
}
