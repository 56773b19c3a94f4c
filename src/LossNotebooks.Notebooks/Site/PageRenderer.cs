using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;
using Markdig;

namespace LossNotebooks.Notebooks.Site;

/// <summary>
/// Renders an executed notebook as one static page: Markdown through Markdig (math kept for KaTeX), C# and F# highlighted
/// by Prism, every output (HTML, images, LaTeX, Markdown, text, errors), Plotly figures drawn from their JSON with the
/// site's single copy of plotly.js, previous/next navigation, cells tagged <c>check</c> collapsed. Works from file:// with no server and no network.
/// </summary>
public static class PageRenderer
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().UseMathematics().Build();
    const string PlotlyMime = "application/vnd.plotly.v1+json";

    /// <summary>The tag of cells that assert the prose's claims; the page shows them collapsed.</summary>
    public const string CheckTag = "check";

    static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>The HTML of a Markdown text (math as <c>\(…\)</c> and <c>\[…\]</c> spans for KaTeX).</summary>
    public static string Markdown(string markdown) => Markdig.Markdown.ToHtml(markdown, Pipeline);

    /// <summary>The common head: styles and scripts of the site (all local files in assets/).</summary>
    public static string Head(string title) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Escape(title)}</title>
        <link rel="stylesheet" href="assets/katex.min.css"><link rel="stylesheet" href="assets/prism.min.css"><link rel="stylesheet" href="assets/site.css">
        <script src="assets/katex.min.js"></script><script src="assets/auto-render.min.js"></script>
        <script src="assets/prism.js" data-manual></script><script src="assets/prism-csharp.min.js"></script><script src="assets/prism-fsharp.min.js"></script>
        <script src="assets/plotly.min.js"></script>
        </head><body>
        """;

    /// <summary>The common foot: renders formulas and highlights code once the page has loaded.</summary>
    public const string Foot = """
        <script>
        renderMathInElement(document.body, {delimiters: [
          {left: "$$", right: "$$", display: true}, {left: "\\[", right: "\\]", display: true},
          {left: "\\(", right: "\\)", display: false}, {left: "$", right: "$", display: false}], throwOnError: false});
        Prism.highlightAll();
        </script></body></html>
        """;

    /// <summary>The page of one executed notebook.</summary>
    public static string Render(JsonObject notebook, Chapter chapter, Chapter? previous, Chapter? next)
    {
        var html = new StringBuilder(Head(chapter.Title));
        html.Append(Navigation(previous, next));
        html.Append("<main>");
        var plot = 0;
        var notebookLanguage = (string?)notebook["metadata"]?["kernelspec"]?["language"] ?? "csharp";
        foreach (var cell in (notebook["cells"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
        {
            var source = NotebookDocument.Source(cell);
            if ((string?)cell["cell_type"] == "markdown") { html.Append("<section class=\"markdown\">").Append(Markdown(source)).Append("</section>"); continue; }
            if ((string?)cell["cell_type"] != "code") continue;
            var count = cell["execution_count"]?.ToString() ?? " ";
            var check = Course.NotebookNormalizer.Tags(cell).Contains(CheckTag);
            if (check) html.Append("<details class=\"check\"><summary>Check: the claims above, asserted</summary>");
            var highlighting = Highlighting(PolyglotMetadata.CellLanguage(cell["metadata"]) ?? notebookLanguage);
            html.Append($"<section class=\"code\"><div class=\"prompt\">[{Escape(count)}]</div>")
                .Append($"<pre><code class=\"language-{highlighting}\">{Escape(source)}</code></pre>");
            foreach (var output in (cell["outputs"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                html.Append(Output(output, chapter, ref plot));
            html.Append("</section>");
            if (check) html.Append("</details>");
        }
        html.Append("</main>").Append(Navigation(previous, next)).Append(Foot);
        return html.ToString();
    }

    /// <summary>Prism's language name for a cell language (<c>csharp</c>, <c>fsharp</c>, <c>C#</c>…); C# for an unknown one.</summary>
    static string Highlighting(string language) => (Languages.Find(language) ?? Languages.CSharp).Highlighter;

    static string Navigation(Chapter? previous, Chapter? next) =>
        "<nav class=\"pager\">" +
        (previous is null ? "<span></span>" : $"<a class=\"previous\" href=\"{Escape(previous.Page)}\">← {Escape(previous.Title)}</a>") +
        "<a href=\"index.html\">Contents</a>" +
        (next is null ? "<span></span>" : $"<a class=\"next\" href=\"{Escape(next.Page)}\">{Escape(next.Title)} →</a>") + "</nav>";

    static string Output(JsonObject output, Chapter chapter, ref int plot)
    {
        switch ((string?)output["output_type"])
        {
            case "stream":
                return $"<pre class=\"output stream {Escape((string?)output["name"])}\">{Escape(MultilineString.Join(output["text"]))}</pre>";
            case "error":
                var traceback = string.Join("\n", (output["traceback"] as JsonArray ?? new JsonArray()).Select(t => (string?)t));
                return $"<pre class=\"output error\">{Escape(traceback.Length > 0 ? traceback : $"{output["ename"]}: {output["evalue"]}")}</pre>";
            case "display_data" or "execute_result":
                var data = output["data"] as JsonObject ?? new JsonObject();
                if (data[PlotlyMime] is JsonNode figure)
                {
                    var id = $"plot-{Path.GetFileNameWithoutExtension(chapter.File)}-{++plot}";
                    return $"<div class=\"output plot\" id=\"{id}\"></div><script>(function(){{var f={figure.ToJsonString().Replace("</", "<\\/")};" +
                           $"Plotly.newPlot(\"{id}\",f.data,f.layout,{{responsive:true,displaylogo:false}});}})();</script>";
                }
                if (data["text/html"] is JsonNode htmlOutput) return $"<div class=\"output html\">{WithoutInlinePlotly(MultilineString.Join(htmlOutput))}</div>";
                if (data["image/png"] is JsonNode png) return $"<div class=\"output\"><img alt=\"output\" src=\"data:image/png;base64,{MultilineString.Join(png).Trim()}\"></div>";
                if (data["image/svg+xml"] is JsonNode svg) return $"<div class=\"output\">{MultilineString.Join(svg)}</div>";
                if (data["text/latex"] is JsonNode latex) return $"<div class=\"output latex\">{Escape(MultilineString.Join(latex))}</div>";
                if (data["text/markdown"] is JsonNode md) return $"<div class=\"output markdown\">{Markdown(MultilineString.Join(md))}</div>";
                return $"<pre class=\"output\">{Escape(MultilineString.Join(data["text/plain"]))}</pre>";
            default:
                return "";
        }
    }

    /// <summary>
    /// Charts made in a notebook carry plotly.js inline once per kernel session (between the formatter's define-hiding
    /// scripts); the site links its single copy instead.
    /// </summary>
    static string WithoutInlinePlotly(string html)
    {
        const string start = "<script type=\"text/javascript\">window.__lossnbDefine";
        const string end = "window.define = window.__lossnbDefine;</script>";
        var from = html.IndexOf(start, StringComparison.Ordinal);
        var to = from < 0 ? -1 : html.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? html : html[..from] + html[(to + end.Length)..];
    }

}
