using System.Text;
using LossNotebooks.Losses;

namespace LossNotebooks.Formatting;

/// <summary>A loss's name, formula, options, properties, and its loss and gradient curves side by side, in one display.</summary>
public static class LossCard
{
    /// <summary>The card of a loss (its default options) as HTML.</summary>
    public static string ToHtml(LossInfo loss)
    {
        var html = new StringBuilder(Html.TableStyle);
        html.Append("<div class=\"lossnb-card\" style=\"border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;max-width:900px\">");
        html.Append($"<h4 style=\"margin:0\">{Html.Escape(loss.DisplayName)} <code>{Html.Escape(loss.Name)}</code></h4>");
        html.Append($"<div class=\"lossnb-formula\">$${Html.Escape(loss.Formula.Latex)}$$</div>");
        html.Append($"<p><b>Use when:</b> {Html.Escape(loss.UseWhen)}<br/><b>Category:</b> {loss.Category} · <b>Task:</b> {loss.Task} · " +
                    $"<b>Properties:</b> {Html.Escape(loss.Properties.ToString())}</p>");
        if (loss.Options.Count > 0)
        {
            html.Append("<table class=\"lossnb-table\"><tr><th>option</th><th>default</th><th>range</th><th>meaning</th></tr>");
            foreach (var o in loss.Options)
                html.Append($"<tr><td>{Html.Escape(o.Name)}</td><td>{Html.Escape(o.DefaultText)}</td><td>{Html.Escape(o.Range)}</td>")
                    .Append($"<td style=\"text-align:left\">{Html.Escape(o.Description)}</td></tr>");
            html.Append("</table>");
        }
        var chart = CurveChart(loss);
        if (chart is not null) html.Append(PlotlyFormatter.ToHtml(chart));
        html.Append("</div>");
        return html.ToString();
    }

    /// <summary>Loss and gradient curves for losses of one residual or one logit; null for losses of several tensors.</summary>
    static Plotly.NET.GenericChart? CurveChart(LossInfo loss)
    {
        if (!loss.IsPairwise) return null;
        return loss.Task switch
        {
            LossTask.Regression => Plots.LossAndGradient(new[] { loss.Name }),
            LossTask.BinaryClassification => Plots.LossVsMargin(new[] { loss.Name }),
            _ => null,
        };
    }

    /// <summary>Plain-text form of the card.</summary>
    public static string ToPlainText(LossInfo loss) =>
        $"{loss.DisplayName} ({loss.Name}): {loss.Formula.Latex}\nUse when: {loss.UseWhen}\n" +
        string.Join("\n", loss.Options.Select(o => $"  {o.Name} = {o.DefaultText} ({o.Range}): {o.Description}"));
}
