using LossNotebooks.Losses;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace LossNotebooks.Formatting;

/// <summary>
/// The plots the notebooks need, as Plotly.NET charts with titles, axis titles and legends: loss and gradient
/// curves, classification losses over the margin, focal loss for several γ, optimizer paths over a loss surface,
/// training curves, residual histograms, per-sample contributions and timings.
/// </summary>
public static class Plots
{
    /// <summary>Sets a chart's title and axis titles (the consistent style of every plot here).</summary>
    public static GenericChart Titled(GenericChart chart, string title, string xTitle, string yTitle)
    {
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<string, string, string>(chart, TitleText: xTitle);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<string, string, string>(chart, TitleText: yTitle);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithSize(chart, Width: 720, Height: 420);
        return Chart.withTitle(title, null).Invoke(chart);
    }

    static GenericChart Line(IEnumerable<double> x, IEnumerable<double> y, string name, bool dashed = false)
        => CSharpChart.Line<double, double, string>(x, y, Name: name, LineDash: dashed ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid);

    /// <summary>Loss curves ℓ(r) of several specs over the residual.</summary>
    public static GenericChart LossVsResidual(IEnumerable<string> specs, double from = -3, double to = 3)
        => Titled(CSharpChart.Combine(specs.Select(s => LossCurves.OverResidual(LossCatalog.Parse(s), from, to))
            .Select(c => Line(c.X, c.Loss, c.Label))), "Loss vs residual", "residual r = x − y", "loss ℓ(r)");

    /// <summary>Gradient curves dℓ/dr (from autograd) of several specs over the residual.</summary>
    public static GenericChart GradientVsResidual(IEnumerable<string> specs, double from = -3, double to = 3)
        => Titled(CSharpChart.Combine(specs.Select(s => LossCurves.OverResidual(LossCatalog.Parse(s), from, to))
            .Select(c => Line(c.X, c.Gradient, c.Label))), "Gradient vs residual", "residual r = x − y", "dℓ/dr");

    /// <summary>Loss and gradient of several specs on one figure (gradients dashed).</summary>
    public static GenericChart LossAndGradient(IEnumerable<string> specs, double from = -3, double to = 3)
    {
        var curves = specs.Select(s => LossCurves.OverResidual(LossCatalog.Parse(s), from, to)).ToList();
        var traces = curves.Select(c => Line(c.X, c.Loss, c.Label)).Concat(curves.Select(c => Line(c.X, c.Gradient, c.Label + " gradient", dashed: true)));
        return Titled(CSharpChart.Combine(traces), "Loss and gradient vs residual", "residual r = x − y", "ℓ(r) and dℓ/dr");
    }

    /// <summary>Binary classification losses over the logit (target 1, or +1 for ±1-coded losses).</summary>
    public static GenericChart LossVsMargin(IEnumerable<string> specs, double from = -4, double to = 4)
        => Titled(CSharpChart.Combine(specs.Select(s => LossCurves.OverMargin(LossCatalog.Parse(s), from, to))
            .Select(c => Line(c.X, c.Loss, c.Label))), "Loss vs margin", "logit z (true class y = 1)", "loss");

    /// <summary>Sigmoid focal loss for several γ (α disabled) over the logit of a positive example.</summary>
    public static GenericChart FocalLossForGammas(IEnumerable<double> gammas, double from = -4, double to = 4)
        => LossVsMargin(gammas.Select(g => $"sigmoid_focal_loss(alpha=-1, gamma={g.ToString(System.Globalization.CultureInfo.InvariantCulture)})"), from, to);

    /// <summary>A 2-D loss surface as contours with optimizer paths drawn over it.</summary>
    public static GenericChart OptimizerPaths(Func<double, double, double> surface, (double Min, double Max) xRange, (double Min, double Max) yRange,
        IReadOnlyDictionary<string, IReadOnlyList<(double X, double Y)>> paths, int resolution = 60)
    {
        var xs = Enumerable.Range(0, resolution).Select(i => xRange.Min + (xRange.Max - xRange.Min) * i / (resolution - 1)).ToArray();
        var ys = Enumerable.Range(0, resolution).Select(i => yRange.Min + (yRange.Max - yRange.Min) * i / (resolution - 1)).ToArray();
        var z = ys.Select(y => xs.Select(x => surface(x, y)).ToArray()).ToArray();
        var contour = CSharpChart.Contour<double, double, double, string>(z, X: xs, Y: ys, Name: "loss", ShowScale: false);
        var lines = paths.Select(p => CSharpChart.Line<double, double, string>(p.Value.Select(v => v.X), p.Value.Select(v => v.Y), Name: p.Key, ShowMarkers: true));
        return Titled(CSharpChart.Combine(lines.Prepend(contour)), "Optimizer paths on the loss surface", "w₁", "w₂");
    }

    /// <summary>Training curves: one line per named series over the epochs.</summary>
    public static GenericChart TrainingCurves(IReadOnlyDictionary<string, IReadOnlyList<double>> series, string yTitle = "loss")
        => Titled(CSharpChart.Combine(series.Select(s => Line(Enumerable.Range(1, s.Value.Count).Select(i => (double)i), s.Value, s.Key))),
            "Training curves", "epoch", yTitle);

    /// <summary>
    /// Time per call against problem size, one line with markers per named series, both axes logarithmic (a
    /// memory-bound pass is a straight line of slope 1: twice the elements, twice the time).
    /// </summary>
    public static GenericChart Timings(IReadOnlyDictionary<string, IReadOnlyList<(double Elements, double Milliseconds)>> series, string title = "Time per call")
    {
        var lines = series.Select(s => CSharpChart.Line<double, double, string>(s.Value.Select(p => p.Elements), s.Value.Select(p => p.Milliseconds), Name: s.Key, ShowMarkers: true));
        var chart = Titled(CSharpChart.Combine(lines), title, "elements", "milliseconds per call");
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<double, double, string>(chart, AxisType: StyleParam.AxisType.Log);
        return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, AxisType: StyleParam.AxisType.Log);
    }

    /// <summary>A histogram of residuals (or any values).</summary>
    public static GenericChart Histogram(IEnumerable<double> values, string title = "Residual distribution", string xTitle = "residual")
        => Titled(CSharpChart.Histogram<double, double, string>(X: values.ToArray(), Name: "count"), title, xTitle, "count");

    /// <summary>Per-sample loss contributions as bars, largest first.</summary>
    public static GenericChart Contributions(IEnumerable<double> perSampleLoss, string title = "Per-sample loss contributions", int top = 30)
    {
        var ranked = perSampleLoss.Select((v, i) => (v, i)).OrderByDescending(p => p.v).Take(top).ToList();
        var bars = CSharpChart.Column<double, string, string>(ranked.Select(p => p.v).ToArray(),
            Keys: new Plotly.NET.CSharp.Optional<IEnumerable<string>>(ranked.Select(p => $"#{p.i}").ToArray(), true), Name: "loss");
        return Titled(bars, title, "sample", "loss");
    }
}
