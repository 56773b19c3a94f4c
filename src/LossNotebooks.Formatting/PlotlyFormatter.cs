using System.Text;
using Plotly.NET;

namespace LossNotebooks.Formatting;

/// <summary>Who loads plotly.js for a chart's HTML.</summary>
public enum PlotlyScript
{
    /// <summary>The session's first chart carries it inline (notebooks: each output must render on its own).</summary>
    InlineOncePerSession,

    /// <summary>The page around the chart loads it (standalone reports, the course site).</summary>
    PageLoadsIt,
}

/// <summary>
/// Plotly.NET charts as HTML that renders offline and as <c>application/vnd.plotly.v1+json</c> for front ends
/// that draw Plotly themselves (VS Code, JupyterLab). plotly.js (the 2.28 copy Plotly.NET embeds) is sent once per
/// session, with the first chart, and loaded in a way that also works under requirejs (classic Notebook); each chart
/// is a div and a few lines of script. Element ids are deterministic (a per-session counter and the figure's hash),
/// so re-running a notebook gives identical outputs.
/// </summary>
public static class PlotlyFormatter
{
    static int counter;
    static int libraryInlined; // 1 once a chart of this session carried plotly.js
    static readonly Lazy<string> library = new(() =>
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly"));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    });

    /// <summary>plotly.js as Plotly.NET embeds it (for sites that write it once as a file).</summary>
    public static string PlotlyJs => library.Value;

    /// <summary>Starts a new session: ids restart and the next chart carries the library again.</summary>
    public static void Reset()
    {
        counter = 0;
        libraryInlined = 0;
    }

    /// <summary>The figure JSON (data and layout) of a chart.</summary>
    public static string ToJson(GenericChart chart) => GenericChart.toFigureJson(chart);

    /// <summary>The chart as an HTML fragment: a div and its drawing script (plus plotly.js with the session's first chart).</summary>
    public static string ToHtml(GenericChart chart) => ToHtml(chart, PlotlyScript.InlineOncePerSession);

    /// <summary>The chart as an HTML fragment: a div and its drawing script; <paramref name="script"/> says who loads plotly.js.</summary>
    public static string ToHtml(GenericChart chart, PlotlyScript script)
    {
        var json = ToJson(chart);
        var id = $"lossnb-plot-{Interlocked.Increment(ref counter)}-{(uint)StableHash(json):x8}";
        var html = new StringBuilder();
        if (script == PlotlyScript.InlineOncePerSession && Interlocked.Exchange(ref libraryInlined, 1) == 0)
        {
            // plotly.js registers as an anonymous AMD module when requirejs is present (classic Notebook) and then
            // never sets window.Plotly: hide define while it loads.
            html.Append("<script type=\"text/javascript\">window.__lossnbDefine = window.define; window.define = undefined;</script>");
            html.Append("<script type=\"text/javascript\">").Append(library.Value).Append("</script>");
            html.Append("<script type=\"text/javascript\">window.define = window.__lossnbDefine;</script>");
        }
        html.Append($"<div id=\"{id}\" class=\"lossnb-plot\"></div>");
        html.Append("<script type=\"text/javascript\">(function(){var fig=").Append(json.Replace("</", "<\\/"))
            .Append($";function draw(){{window.Plotly.newPlot(\"{id}\",fig.data,fig.layout,{{responsive:true,displaylogo:false}});}}")
            .Append("if(window.Plotly){draw();}else{var t=setInterval(function(){if(window.Plotly){clearInterval(t);draw();}},50);}})();</script>");
        return html.ToString();
    }

    static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
