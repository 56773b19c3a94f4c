using System.Text;
using System.Text.Json;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Display;

/// <summary>
/// Mermaid diagrams (<c>#!mermaid</c> cells) drawn in the front end, offline: the first diagram of a session carries
/// Mermaid's browser bundle (embedded in the host) inline, hiding requirejs's <c>define</c> while it loads (classic
/// Notebook has requirejs; the bundle's UMD parts would register as modules and never set <c>window.mermaid</c>).
/// One renderer per session (its pipeline's <c>#!mermaid</c> magic), as the front end's page is.
/// </summary>
public sealed class Mermaid
{
    static readonly Lazy<string> Library = new(() =>
    {
        using var stream = typeof(Mermaid).Assembly.GetManifestResourceStream("mermaid.min.js")
            ?? throw new InvalidOperationException("Mermaid's bundle is not embedded in this kernel build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    });

    static int counter; // ids unique in the process
    bool libraryInlined;

    /// <summary>A diagram's display: HTML that renders it (with the library the first time) and its source as text.</summary>
    public MimeBundle Render(string diagram)
    {
        var id = $"lossnb-mermaid-{Interlocked.Increment(ref counter)}-{Environment.ProcessId}";
        var html = new StringBuilder();
        if (!libraryInlined)
        {
            libraryInlined = true;
            html.Append("<script type=\"text/javascript\">window.__lossnbMermaidDefine = window.define; window.define = undefined;</script>");
            html.Append("<script type=\"text/javascript\">").Append(Library.Value).Append("</script>");
            html.Append("<script type=\"text/javascript\">window.define = window.__lossnbMermaidDefine;</script>");
        }
        html.Append($"<div id=\"{id}\" class=\"lossnb-mermaid\"></div>");
        html.Append("<script type=\"text/javascript\">(function(){var source=").Append(JsonSerializer.Serialize(diagram).Replace("</", "<\\/"))
            .Append($";var target=document.getElementById(\"{id}\");")
            .Append("function draw(){var m=window.mermaid;m.initialize({startOnLoad:false,securityLevel:\"strict\"});")
            .Append($"m.render(\"{id}-svg\",source).then(function(r){{target.innerHTML=r.svg;}},function(e){{target.textContent=\"Mermaid: \"+(e&&e.message||e);}});}}")
            .Append("if(window.mermaid){draw();}else{var t=setInterval(function(){if(window.mermaid){clearInterval(t);draw();}},50);}})();</script>");
        return MimeBundle.Of(("text/html", html.ToString()), ("text/plain", diagram));
    }
}
