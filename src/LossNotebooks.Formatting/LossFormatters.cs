using LossNotebooks.Analysis;
using LossNotebooks.Formatting.Reports;
using LossNotebooks.Losses;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using TorchSharp;

namespace LossNotebooks.Formatting;

/// <summary>Registers every formatter of the library with Microsoft.DotNet.Interactive.Formatting, in one call.</summary>
public static class LossFormatters
{
    static bool registered;

    /// <summary>
    /// Registers the formatters, once; with <paramref name="again"/>, once more, so they take precedence over
    /// formatters registered since for the same types (the kernel calls <see cref="NotebookExtension.Load"/> again
    /// after a .NET Interactive extension such as Plotly.NET.Interactive registered its own, whose charts load
    /// plotly.js from a CDN: these render offline).
    /// </summary>
    public static void Register(bool again = false)
    {
        if (registered && !again) return;
        registered = true;
        Formatter.Register<torch.Tensor>(t => TensorFormatter.ToHtml(t), "text/html");
        Formatter.Register<torch.Tensor>(t => TensorFormatter.ToPlainText(t), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(torch.Tensor), "text/html", "text/plain");

        Formatter.Register<LatexFormula>(f => f.ToDisplayMath(), "text/latex");
        Formatter.Register<LatexFormula>(f => f.ToDisplayMath(), "text/markdown");
        Formatter.Register<LatexFormula>(f => f.Latex, "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(LatexFormula), "text/latex", "text/markdown", "text/plain");

        Formatter.Register<GenericChart>(PlotlyFormatter.ToHtml, "text/html");
        Formatter.Register<GenericChart>(PlotlyFormatter.ToJson, "application/vnd.plotly.v1+json");
        Formatter.Register<GenericChart>(_ => "Plotly chart", "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(GenericChart), "text/html", "application/vnd.plotly.v1+json", "text/plain");

        Formatter.Register<LossInfo>(LossCard.ToHtml, "text/html");
        Formatter.Register<LossInfo>(LossCard.ToPlainText, "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(LossInfo), "text/html", "text/plain");

        Formatter.Register<TrainingHistory>(h => h.Epochs == 0 ? "<i>no epochs yet</i>" : PlotlyFormatter.ToHtml(Plots.TrainingCurves(h.Series)), "text/html");
        Formatter.Register<TrainingHistory>(h => h.ToString(), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(TrainingHistory), "text/html", "text/plain");

        Formatter.Register<ProgressBoard>(b => b.ToHtml(), "text/html");
        Formatter.Register<ProgressBoard>(b => b.ToString(), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ProgressBoard), "text/html", "text/plain");

        Formatter.Register<ComparisonReport>(r => ComparisonReportHtml.ToHtml(r), "text/html");
        Formatter.Register<ComparisonReport>(ComparisonReportHtml.ToPlainText, "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(ComparisonReport), "text/html", "text/plain");
        Formatter.Register<TrainingStudyReport>(r => TrainingStudyHtml.ToHtml(r), "text/html");
        Formatter.Register<TrainingStudyReport>(TrainingStudyHtml.ToPlainText, "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(TrainingStudyReport), "text/html", "text/plain");
    }
}

/// <summary>
/// Found by the kernel when a cell references this library (<c>#r "project: …/LossNotebooks.Formatting"</c>):
/// registers the formatters (again on every call: the kernel calls it after loading .NET Interactive extensions).
/// </summary>
public static class NotebookExtension
{
    /// <summary>Registers the library's formatters.</summary>
    public static void Load() => LossFormatters.Register(again: true);
}
