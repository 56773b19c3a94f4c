using System.Globalization;
using System.Text;
using LossNotebooks.Analysis;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace LossNotebooks.Formatting.Reports;

/// <summary>
/// Renders a <see cref="ComparisonReport"/> as HTML (tables and offline Plotly charts, in the formatters' style):
/// a fragment for notebooks, or a standalone offline page. Every column name and value is HTML-escaped.
/// </summary>
public static class ComparisonReportHtml
{
    /// <summary>The report as an HTML fragment; <paramref name="script"/> says who loads plotly.js (default: the first chart of the session).</summary>
    public static string ToHtml(ComparisonReport report, PlotlyScript script = PlotlyScript.InlineOncePerSession)
    {
        var html = new StringBuilder(ReportPage.Style).Append("<div class=\"lossnb-report\">");
        html.Append($"<h3>Loss comparison: {E(Path.GetFileName(report.Path))}</h3>");
        html.Append($"<p class=\"note\">{E(report.Task.Reason)}. Target <code>{E(report.Target)}</code>; {report.Rows:N0} rows used of {report.RowsRead:N0}, " +
                    $"{report.RowsDropped:N0} dropped for missing values.</p>");
        if (report.Task.ClassesNote is { } mapping) html.Append($"<p class=\"note\">Classes: {E(mapping)}.</p>");
        if (report.Description is { } description) html.Append($"<p class=\"note\">Read as {E(description)}.</p>");
        html.Append(ColumnsTable(report));
        html.Append("<h4>Mean loss per model</h4>").Append(LossTable(report)).Append("<p class=\"note\">Best (lowest) per loss highlighted.</p>");
        html.Append(PlotlyFormatter.ToHtml(CurvesChart(report), script));
        html.Append($"<h4>Samples that dominate each loss (top {report.Top.FirstOrDefault()?.Samples.Count ?? 0})</h4>").Append(TopTable(report));
        html.Append($"<h4>Robustness: mean loss when a fraction of targets is corrupted</h4>")
            .Append(RobustnessTable(report)).Append(PlotlyFormatter.ToHtml(RobustnessChart(report), script));
        html.Append($"<p class=\"note\">{E(SampleNote(report))}</p>");
        html.Append($"<p class=\"note\">Reading and losses {report.Timings.PassSeconds:F2} s, study {report.Timings.StudySeconds:F2} s.</p>");
        return html.Append("</div>").ToString();
    }

    /// <summary>
    /// Which parts are exact and which come from the sample: the table and the top samples use every row; the curves'
    /// range, the distribution and the robustness study use the seeded sample (pooled from the parts after a merge).
    /// </summary>
    public static string SampleNote(ComparisonReport report) =>
        $"Mean losses and top samples use all {report.Rows:N0} rows; the curves' range, the distribution and the robustness study use " +
        (report.SampleRows == report.Rows ? "all of them too." : $"a seeded uniform sample of {report.SampleRows:N0} rows (seed {report.Seed}).") +
        (report.MergedFrom.Count > 0 ? $" Merged from {report.MergedFrom.Count} reports ({string.Join(", ", report.MergedFrom)}): sums and top samples exactly, " +
                                       "the sample-based parts from the parts' samples, each weighted by its rows." : "");

    /// <summary>A standalone, offline HTML page of the report (plotly.js inlined in the page's head).</summary>
    public static string ToDocument(ComparisonReport report) =>
        ReportPage.Document("Loss comparison: " + Path.GetFileName(report.Path), ToHtml(report, PlotlyScript.PageLoadsIt));

    /// <summary>Plain text: the loss table (what a terminal or text/plain shows).</summary>
    public static string ToPlainText(ComparisonReport report)
    {
        var text = new StringBuilder($"{report.Task.Reason}\n{report.Rows} rows ({report.RowsDropped} dropped)\n");
        text.Append("loss".PadRight(28)).AppendJoin("", report.Models.Select(m => m.Name.PadLeft(16))).Append('\n');
        foreach (var row in report.Table)
            text.Append(row.Loss.PadRight(28)).AppendJoin("", report.Models.Select(m => (F(row.ValueByModel[m.Name]) + (m.Name == row.Best ? "*" : " ")).PadLeft(16))).Append('\n');
        return text.Append("* best per loss\n").ToString();
    }

    static string ColumnsTable(ComparisonReport report)
    {
        var html = new StringBuilder("<table><tr><th>column</th><th>type</th><th>min</th><th>max</th><th>missing</th></tr>");
        foreach (var c in report.Columns)
            html.Append($"<tr><td>{E(c.Name)}</td><td>{E(c.Kind)}</td><td>{F(c.Min)}</td><td>{F(c.Max)}</td><td>{c.Missing}</td></tr>");
        return html.Append("</table>").ToString();
    }

    static string LossTable(ComparisonReport report)
    {
        var html = new StringBuilder("<table><tr><th>loss</th>");
        foreach (var m in report.Models) html.Append($"<th>{E(m.Name)}</th>");
        html.Append("</tr>");
        foreach (var row in report.Table)
        {
            html.Append($"<tr><td>{E(row.Loss)}</td>");
            foreach (var m in report.Models)
                html.Append(m.Name == row.Best ? $"<td class=\"best\">{F(row.ValueByModel[m.Name])}</td>" : $"<td>{F(row.ValueByModel[m.Name])}</td>");
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    static string TopTable(ComparisonReport report)
    {
        var html = new StringBuilder($"<table><tr><th>loss</th><th>model</th><th>where</th><th>{E(report.Target)}</th><th>{E(report.AbscissaName)}</th><th>loss</th><th>share</th></tr>");
        foreach (var top in report.Top)
            foreach (var s in top.Samples)
                html.Append($"<tr><td>{E(top.Loss)}</td><td>{E(top.Model)}</td><td>{E(s.Location)}</td><td>{E(Label(report, s.Target))}</td>")
                    .Append($"<td>{F(s.Abscissa)}</td><td>{F(s.Loss)}</td><td>{s.Share:P1}</td></tr>");
        return html.Append("</table>").ToString();
    }

    static string Label(ComparisonReport report, double target) =>
        report.Task.ClassNames is { } names && target >= 0 && target < names.Count && target == Math.Floor(target) ? names[(int)target] : F(target);

    static string RobustnessTable(ComparisonReport report)
    {
        var fractions = report.Robustness.FirstOrDefault()?.Fractions ?? Array.Empty<double>();
        var html = new StringBuilder("<table><tr><th>loss</th><th>model</th>");
        foreach (var f in fractions) html.Append($"<th>{f:P0}</th>");
        html.Append("<th>× at most</th></tr>");
        foreach (var r in report.Robustness)
        {
            html.Append($"<tr><td>{E(r.Loss)}</td><td>{E(r.Model)}</td>");
            foreach (var v in r.Values) html.Append($"<td>{F(v)}</td>");
            html.Append($"<td>{F(r.Ratios.Max())}</td></tr>");
        }
        return html.Append("</table>").ToString();
    }

    /// <summary>Each loss over the residual or margin, with the data's distribution under the curves (scaled counts).</summary>
    public static GenericChart CurvesChart(ComparisonReport report)
    {
        const double top = 1; // each curve is scaled to its maximum on the range, so shapes compare
        var charts = new List<GenericChart>();
        foreach (var (model, values) in report.Distribution)
        {
            var (centers, counts) = Histogram(values, report.Curves[0].X.First(), report.Curves[0].X.Last(), 40);
            var peak = Math.Max(1, counts.Max());
            charts.Add(CSharpChart.Column<double, double, string>(counts.Select(c => 0.8 * top * c / peak).ToArray(),
                Keys: new Plotly.NET.CSharp.Optional<IEnumerable<double>>(centers, true), Name: $"{model}: data (scaled counts)", Opacity: 0.3));
        }
        charts.AddRange(report.Curves.Select(c =>
        {
            var max = c.Y.Where(double.IsFinite).DefaultIfEmpty(1).Max();
            return CSharpChart.Line<double, double, string>(c.X, c.Y.Select(v => max > 0 ? v / max : v).ToArray(), Name: c.Loss);
        }));
        return Plots.Titled(CSharpChart.Combine(charts), $"Each loss over the {report.AbscissaName}, with the data under it", report.AbscissaName,
            "loss / its maximum on this range");
    }

    /// <summary>Loss ratio (corrupted / clean) against the corrupted fraction, one line per loss and model.</summary>
    public static GenericChart RobustnessChart(ComparisonReport report) =>
        Plots.Titled(CSharpChart.Combine(report.Robustness.Select(r => CSharpChart.Line<double, double, string>(r.Fractions, r.Ratios,
                Name: report.Models.Count > 1 ? $"{r.Loss} · {r.Model}" : r.Loss, ShowMarkers: true))),
            "How far each loss moves when targets are corrupted", "fraction of targets corrupted", "loss / clean loss");

    static (double[] Centers, double[] Counts) Histogram(double[] values, double from, double to, int bins)
    {
        var counts = new double[bins];
        var width = (to - from) / bins;
        foreach (var v in values)
        {
            var b = (int)Math.Floor((v - from) / width);
            if (b >= 0 && b < bins) counts[b]++;
        }
        return (Enumerable.Range(0, bins).Select(b => from + (b + 0.5) * width).ToArray(), counts);
    }

    static string E(string? text) => Html.Escape(text);

    static string F(double value) => value.ToString("G5", CultureInfo.InvariantCulture);
}
