using System.Globalization;
using System.Text;
using LossNotebooks.Analysis;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace LossNotebooks.Formatting.Reports;

/// <summary>Renders a <see cref="TrainingStudyReport"/>: the metrics table (best per metric highlighted) and a chart.</summary>
public static class TrainingStudyHtml
{
    /// <summary>The study as an HTML fragment; <paramref name="script"/> says who loads plotly.js (default: the first chart of the session).</summary>
    public static string ToHtml(TrainingStudyReport report, PlotlyScript script = PlotlyScript.InlineOncePerSession)
    {
        var best = report.BestPerMetric;
        var html = new StringBuilder(ReportPage.Style).Append("<div class=\"lossnb-report\">");
        html.Append($"<h3>Which loss should I train with? {Html.Escape(Path.GetFileName(report.Path))}</h3>");
        html.Append($"<p>{Html.Escape(report.Task.Reason)}. Target <code>{Html.Escape(report.Target)}</code> from {report.Features.Count} features " +
                    $"({Html.Escape(string.Join(", ", report.Features))}); trained on {report.TrainRows:N0} rows, scored on {report.TestRows:N0} held-out rows.</p>");
        html.Append("<table><tr><th>loss</th><th>model</th>");
        foreach (var m in report.MetricNames) html.Append($"<th>{Html.Escape(m)}{(TrainingStudyReport.HigherIsBetter(m) ? " ↑" : " ↓")}</th>");
        html.Append("</tr>");
        foreach (var fit in report.Fits)
        {
            html.Append($"<tr><td>{Html.Escape(fit.Loss)}</td><td>{fit.Model}</td>");
            foreach (var m in report.MetricNames)
            {
                var cell = fit.Metrics[m].ToString("G4", CultureInfo.InvariantCulture);
                html.Append(ReferenceEquals(best[m], fit) ? $"<td class=\"best\">{cell}</td>" : $"<td>{cell}</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
        html.Append(PlotlyFormatter.ToHtml(Chart(report), script));
        return html.Append("</div>").ToString();
    }

    /// <summary>A standalone offline HTML page of the study.</summary>
    public static string ToDocument(TrainingStudyReport report) =>
        ReportPage.Document("Which loss should I train with? " + Path.GetFileName(report.Path), ToHtml(report, PlotlyScript.PageLoadsIt));

    /// <summary>The first metric of every fit as grouped bars (linear and MLP side by side per loss).</summary>
    public static GenericChart Chart(TrainingStudyReport report)
    {
        var metric = report.MetricNames[0];
        var losses = report.Fits.Select(f => f.Loss).Distinct().ToArray();
        var bars = new[] { "linear", "mlp" }.Select(kind => CSharpChart.Column<double, string, string>(
            losses.Select(l => report.Fits.First(f => f.Loss == l && f.Model == kind).Metrics[metric]).ToArray(),
            Keys: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(losses, true), Name: kind));
        return Plots.Titled(CSharpChart.Combine(bars), $"Held-out {metric} of each fit", "loss trained with", metric);
    }

    /// <summary>Plain text: one line per fit.</summary>
    public static string ToPlainText(TrainingStudyReport report)
    {
        var text = new StringBuilder($"{report.Task.Reason}; {report.TrainRows} train / {report.TestRows} held-out rows\n");
        foreach (var fit in report.Fits)
            text.Append($"{fit.Loss,-28} {fit.Model,-7}").AppendJoin("", report.MetricNames.Select(m => $" {m}={fit.Metrics[m].ToString("G4", CultureInfo.InvariantCulture)}")).Append('\n');
        return text.ToString();
    }
}
