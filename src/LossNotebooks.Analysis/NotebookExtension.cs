using LossNotebooks.Analysis.Reports;
using LossNotebooks.Formatting;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Analysis;

/// <summary>
/// Found by the kernel when a cell references this library (<c>#r "project: …/LossNotebooks.Analysis"</c>): registers
/// the library's formatters and the report formatters, so a report displays as tables and charts.
/// </summary>
public static class NotebookExtension
{
    static bool registered;

    /// <summary>Registers the formatters (idempotent).</summary>
    public static void Load()
    {
        LossFormatters.Register();
        if (registered) return;
        registered = true;
        Formatter.Register<ComparisonReport>(ComparisonReportHtml.ToHtml, "text/html");
        Formatter.Register<ComparisonReport>(ComparisonReportHtml.ToPlainText, "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ComparisonReport), "text/html", "text/plain");
        Formatter.Register<TrainingStudyReport>(TrainingStudyHtml.ToHtml, "text/html");
        Formatter.Register<TrainingStudyReport>(TrainingStudyHtml.ToPlainText, "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(TrainingStudyReport), "text/html", "text/plain");
    }
}
