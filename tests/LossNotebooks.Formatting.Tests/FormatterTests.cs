using LossNotebooks.Losses;
using Microsoft.DotNet.Interactive.Formatting;
using static TorchSharp.torch;

namespace LossNotebooks.Formatting.Tests;

/// <summary>The mime bundles the formatters produce: structure, escaping, summarization, sizes.</summary>
[Collection(nameof(FormatterCollection))]
public class FormatterTests
{
    public FormatterTests() => LossFormatters.Register();

    static int Count(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;

    [Fact]
    public void MatrixIsAGridWithACaption()
    {
        var html = TensorFormatter.ToHtml(arange(6, dtype: ScalarType.Float32).reshape(2, 3));
        Assert.Contains("shape [2, 3] · float32 · cpu", html);
        Assert.Equal(6, Count(html, "<td>"));
        Assert.Contains("<td>5</td>", html);
    }

    [Fact]
    public void VectorIsOneRow()
    {
        var html = TensorFormatter.ToHtml(tensor(new[] { 1.5, -2.25 }));
        Assert.Equal(1, Count(html, "<tr><td>"));
        Assert.Contains("<td>-2.25</td>", html);
        Assert.Contains("float64", html);
    }

    [Fact]
    public void HigherRanksAreLabelledSlices()
    {
        var html = TensorFormatter.ToHtml(zeros(2, 2, 3));
        Assert.Contains("[0, :, :]", html);
        Assert.Contains("[1, :, :]", html);
        Assert.Equal(12, Count(html, "<td>"));
    }

    [Fact]
    public void LargeTensorsAreSummarizedFromTheirEdges()
    {
        var big = arange(10_000_000, dtype: ScalarType.Float32);
        var html = TensorFormatter.ToHtml(big);
        Assert.True(html.Length <= 50_000, $"{html.Length} bytes");
        Assert.Contains("…", html);
        Assert.Contains("<td>9999999</td>", html);
        Assert.Equal(6, Count(html, "<td>") - 1); // 3 + 3 edge items and one ellipsis cell
        var text = TensorFormatter.ToPlainText(arange(5000, dtype: ScalarType.Float32).reshape(50, 100));
        Assert.StartsWith("tensor([[0., 1., 2., ..., 97., 98., 99.],", text);
        Assert.Contains("...", text);
    }

    [Fact]
    public void ScalarsShowAsNumbers()
    {
        Assert.Equal("2.5", TensorFormatter.ToPlainText(tensor(2.5)));
        Assert.Contains(">2.5<", TensorFormatter.ToHtml(tensor(2.5)));
    }

    [Fact]
    public void GradientShowsAsASecondTable()
    {
        var x = ones(3).requires_grad_(true);
        (x * 2).sum().backward();
        var html = TensorFormatter.ToHtml(x);
        Assert.Contains("gradient · shape [3]", html);
        Assert.Contains("requires_grad", html);
        Assert.Equal("tensor([1., 1., 1.], requires_grad=True)", TensorFormatter.ToPlainText(x));
        Assert.Equal("tensor([1, 2], dtype=int64)", TensorFormatter.ToPlainText(tensor(new long[] { 1, 2 })));
        Assert.Equal("tensor([0.5, -0.25], dtype=float64)", TensorFormatter.ToPlainText(tensor(new[] { 0.5, -0.25 })));
    }

    [Fact]
    public void HeatMapColoursCells()
    {
        var html = TensorFormatter.ToHtml(tensor(new[] { -1.0, 1.0 }), new TensorFormatOptions { HeatMap = true });
        Assert.Contains("rgba(33,102,172", html);
        Assert.Contains("rgba(178,24,43", html);
    }

    [Fact]
    public void RegisteredThroughTheFormatterRegistry()
    {
        Assert.Contains("text/html", Formatter.GetPreferredMimeTypesFor(typeof(Tensor)));
        Assert.Contains("lossnb-table", ones(2).ToDisplayString("text/html"));
        var formula = LossCatalog.Find("mse").Formula;
        Assert.Equal(@"$$\ell(x, y) = (x - y)^2$$", formula.ToDisplayString("text/latex"));
        Assert.Equal(@"$$\ell(x, y) = (x - y)^2$$", formula.ToDisplayString("text/markdown"));
        Assert.Contains("text/latex", Formatter.GetPreferredMimeTypesFor(typeof(LatexFormula)));
    }

    [Fact]
    public void ChartsCarryPlotlyJsOnceAndDeterministicIds()
    {
        PlotlyFormatter.Reset();
        var chart = Plots.LossVsResidual(new[] { "mse", "huber(delta=1)" });
        var first = PlotlyFormatter.ToHtml(chart);
        var second = PlotlyFormatter.ToHtml(chart);
        Assert.True(first.Length > 3_000_000, "the first chart of a session carries plotly.js");
        Assert.True(second.Length < 60_000, $"later charts are small ({second.Length} bytes)");
        Assert.Contains("window.define = undefined", first);
        PlotlyFormatter.Reset();
        Assert.Equal(first, PlotlyFormatter.ToHtml(chart));
        var json = System.Text.Json.JsonDocument.Parse(PlotlyFormatter.ToJson(chart)).RootElement;
        Assert.Equal(2, json.GetProperty("data").GetArrayLength());
        Assert.Equal("Loss vs residual", json.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("huber_loss", json.GetProperty("data")[1].GetProperty("name").GetString());
    }

    [Fact]
    public void TextReachingHtmlIsEscaped()
    {
        PlotlyFormatter.Reset();
        PlotlyFormatter.ToHtml(Plots.Histogram(new[] { 1.0 })); // the library goes out first
        var history = new TrainingHistory().Add(("</script><b>x</b>", 1.0), ("<script>", 2.0));
        var html = history.ToDisplayString("text/html");
        Assert.DoesNotContain("</script><b>", html);
        var card = LossCard.ToHtml(LossCatalog.Find("huber"));
        var focal = LossCard.ToHtml(LossCatalog.Find("focal"));
        Assert.Contains("or &lt; 0 to disable", focal);
        Assert.DoesNotContain("or < 0 to disable", focal);
        Assert.Contains("huber_loss", card);
        Assert.Contains(@"\delta", card);
    }

    [Fact]
    public void AProgressBoardShowsABarPerStageAndRedrawsWhenAStageBeginsOrEndsOrTimePasses()
    {
        var board = new LossNotebooks.Formatting.ProgressBoard(TimeSpan.FromHours(1));
        var redraws = 0;
        board.Changed += _ => redraws++;
        board.Report(new("reading", 0, 2_000_000, "bytes"));          // a new stage: redraw
        board.Report(new("reading", 1_000_000, 2_000_000, "bytes"));  // within the interval: no redraw
        board.Report(new("reading", 2_000_000, 2_000_000, "bytes"));  // done: redraw
        board.Report(new("losses", 10, 100, "rows"));                  // a new stage: redraw
        Assert.Equal(3, redraws);
        var html = board.ToDisplayString("text/html");
        Assert.Contains("<progress value=\"2000000\" max=\"2000000\">", html);
        Assert.Contains("2.0 of 2.0 MB", html);
        Assert.Contains("<progress value=\"10\" max=\"100\">", html);
        Assert.Equal("reading: 2.0 of 2.0 MB; losses: 10 of 100 rows", board.ToDisplayString("text/plain"));
    }

    [Fact]
    public void PlotBuildersLabelEverything()
    {
        var charts = new[]
        {
            Plots.GradientVsResidual(new[] { "l1", "log_cosh" }),
            Plots.LossAndGradient(new[] { "tukey" }),
            Plots.FocalLossForGammas(new[] { 0.0, 2.0 }),
            Plots.OptimizerPaths((x, y) => x * x + 3 * y * y, (-2, 2), (-2, 2),
                new Dictionary<string, IReadOnlyList<(double X, double Y)>> { ["SGD"] = new[] { (1.5, 1.5), (1.0, 0.5) } }, resolution: 10),
            Plots.TrainingCurves(new Dictionary<string, IReadOnlyList<double>> { ["train"] = new[] { 1.0, 0.5 } }),
            Plots.Contributions(new[] { 0.1, 3.0, 0.2 }),
            Plots.Timings(new Dictionary<string, IReadOnlyList<(double, double)>> { ["fused"] = new[] { (1e4, 0.01), (1e7, 2.0) } }),
        };
        foreach (var chart in charts)
        {
            var layout = System.Text.Json.JsonDocument.Parse(PlotlyFormatter.ToJson(chart)).RootElement.GetProperty("layout");
            Assert.False(string.IsNullOrEmpty(layout.GetProperty("title").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString()));
        }
    }

    [Fact]
    public void TimingsAreOnLogarithmicAxesAndKeepTheirTitles()
    {
        var chart = Plots.Timings(new Dictionary<string, IReadOnlyList<(double, double)>>
        {
            ["fused"] = new[] { (1e4, 0.01), (1e7, 2.0) },
            ["libtorch"] = new[] { (1e4, 0.01), (1e7, 15.0) },
        });
        var root = System.Text.Json.JsonDocument.Parse(PlotlyFormatter.ToJson(chart)).RootElement;
        var layout = root.GetProperty("layout");
        Assert.Equal("log", layout.GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Equal("elements", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(new[] { "fused", "libtorch" }, root.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }
}

[CollectionDefinition(nameof(FormatterCollection), DisableParallelization = true)]
public sealed class FormatterCollection;
