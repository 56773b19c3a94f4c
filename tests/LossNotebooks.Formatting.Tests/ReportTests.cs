using LossNotebooks.Analysis;
using LossNotebooks.Formatting.Reports;

namespace LossNotebooks.Formatting.Tests;

/// <summary>Analysis' results rendered: standalone pages that escape what the user's file named, and carry plotly.js once.</summary>
public sealed class ReportTests
{
    [Fact]
    public void A_comparison_page_escapes_column_names_and_carries_plotly_in_its_head_only()
    {
        var folder = Directory.CreateTempSubdirectory("lossnb-report-").FullName;
        var path = Path.Combine(folder, "esc.csv");
        File.WriteAllText(path, "y,<b>x</b>\n1,2\n3,3\n");
        var report = LossComparison.Compare(path, "y", new[] { "<b>x</b>" }, new ComparisonOptions { Losses = new[] { "mse" } });

        var html = ComparisonReportHtml.ToDocument(report);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("<b>x</b>", html);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html);
        Assert.Contains("Plotly.newPlot", html);
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
        Assert.DoesNotContain(PlotlyFormatter.PlotlyJs[..200], body); // the page loads plotly.js; its charts do not inline it again
    }

    [Fact]
    public void A_page_names_class_labels_where_their_samples_are_and_what_came_from_the_sample()
    {
        var folder = Directory.CreateTempSubdirectory("lossnb-report-").FullName;
        var path = Path.Combine(folder, "named.csv");
        File.WriteAllText(path, "kind,p_cat,p_dog\ncat,0.9,0.1\ndog,0.8,0.2\ncat,0.6,0.4\n");
        var report = LossComparison.Compare(path, "kind", ModelColumns.FromScores(new[] { "m=p_cat,p_dog" }), true,
            new ComparisonOptions { Losses = new[] { "ce" }, TopK = 1 });

        var html = ComparisonReportHtml.ToHtml(report);

        Assert.Contains("<td>named.csv, line 3</td><td>dog</td>", html.Replace(folder + "/", "")); // the dog scored 0.2: the worst sample, labelled by name
        Assert.Contains("score columns matched to classes by name (p_cat → cat, p_dog → dog)", html);
        Assert.Contains("Mean losses and top samples use all 3 rows", html);
    }

    [Fact]
    public void A_report_in_a_notebook_inlines_plotly_with_the_sessions_first_chart_and_a_page_never_changes_that()
    {
        var folder = Directory.CreateTempSubdirectory("lossnb-report-").FullName;
        var path = Path.Combine(folder, "r.csv");
        File.WriteAllText(path, "y,p\n1,2\n3,3\n5,4\n");
        var report = LossComparison.Compare(path, "y", new[] { "p" }, new ComparisonOptions { Losses = new[] { "mse" } });
        var library = PlotlyFormatter.PlotlyJs[..200];

        PlotlyFormatter.Reset();
        ComparisonReportHtml.ToDocument(report); // a standalone page between notebook outputs leaves the session alone
        Assert.Contains(library, ComparisonReportHtml.ToHtml(report));
        Assert.DoesNotContain(library, ComparisonReportHtml.ToHtml(report));
    }
}
