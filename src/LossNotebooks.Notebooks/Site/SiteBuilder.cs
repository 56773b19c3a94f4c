using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using LossNotebooks.Jupyter;
using LossNotebooks.Notebooks.Course;

namespace LossNotebooks.Notebooks.Site;

/// <summary>A chapter's build: how its notebook ran (or that it was reused from the cache) and its page.</summary>
/// <param name="Chapter">The chapter.</param>
/// <param name="Run">How the notebook ran.</param>
/// <param name="Cached">True when the executed notebook of an earlier build was reused.</param>
public sealed record ChapterBuild(Chapter Chapter, NotebookRunResult Run, bool Cached);

/// <summary>The result of a site build.</summary>
/// <param name="Index">The site's index page.</param>
/// <param name="Chapters">Every chapter's build.</param>
public sealed record SiteBuildResult(string Index, IReadOnlyList<ChapterBuild> Chapters)
{
    /// <summary>True when every notebook ran without error.</summary>
    public bool Succeeded => Chapters.All(c => c.Run.Succeeded);
}

/// <summary>
/// <c>lossnb site</c>: executes the notebooks (reusing those whose source and dependencies did not change, by content
/// hash) and writes a static offline site: title and dependencies from the course's course.json, index from its TOC.md, one page per notebook, and a build report.
/// plotly.js, KaTeX and Prism are written once, into assets/.
/// </summary>
public static class SiteBuilder
{
    /// <summary>Builds the site for <paramref name="notebooks"/> into <paramref name="outputFolder"/>.</summary>
    public static SiteBuildResult Build(IReadOnlyList<string> notebooks, string outputFolder, RunOptions options, bool force,
        Action<NotebookFinished>? progress = null, int parallel = 1)
    {
        if (notebooks.Count == 0) throw new ArgumentException("no notebooks to build");
        var notebooksFolder = Path.GetDirectoryName(Path.GetFullPath(notebooks[0]))!;
        var course = CourseInfo.Load(notebooksFolder);
        var chapters = TableOfContents.Read(notebooksFolder, notebooks);
        var executedFolder = Directory.CreateDirectory(Path.Combine(outputFolder, "notebooks")).FullName;
        var dependencies = DependencyHash(course);
        var finished = NotebookBatch.Run(chapters, parallel, chapter =>
        {
            var source = Path.Combine(notebooksFolder, chapter.File);
            var executed = Path.Combine(executedFolder, chapter.File);
            var hash = ContentHash.Of(File.ReadAllBytes(source)) + dependencies;
            if (!force && CachedHash(executed) == hash)
            {
                var cells = NotebookDocument.Load(executed).Cells.Count(c => (string?)c?["cell_type"] == "code");
                return new NotebookFinished(chapter.File, new NotebookRunResult(source, executed, cells, TimeSpan.Zero, null), Cached: true);
            }
            var run = NotebookRunner.Run(source, executed, options);
            if (run.Output is not null && run.Succeeded)
            {
                var doc = NotebookDocument.Load(run.Output);
                var metadata = doc.Root["metadata"] as JsonObject ?? new JsonObject();
                metadata["lossnotebooks"] = new JsonObject { ["source_hash"] = hash };
                doc.Root["metadata"] = metadata;
                doc.Save(run.Output);
            }
            return new NotebookFinished(chapter.File, run);
        }, progress);
        var builds = chapters.Zip(finished, (chapter, f) => new ChapterBuild(chapter, f.Run, f.Cached)).ToArray();
        WriteAssets(outputFolder);
        for (var i = 0; i < builds.Length; i++)
        {
            var build = builds[i];
            if (build.Run.Output is null || !File.Exists(build.Run.Output)) continue;
            var page = PageRenderer.Render(NotebookDocument.Load(build.Run.Output).Root, build.Chapter,
                i > 0 ? builds[i - 1].Chapter : null, i + 1 < builds.Length ? builds[i + 1].Chapter : null);
            Write(Path.Combine(outputFolder, build.Chapter.Page), page);
        }
        var index = Path.Combine(outputFolder, "index.html");
        Write(index, Index(builds, course.Title));
        Write(Path.Combine(outputFolder, "report.html"), Report(builds));
        return new SiteBuildResult(index, builds);
    }

    static string? CachedHash(string executed)
    {
        if (!File.Exists(executed)) return null;
        try { return (string?)NotebookDocument.Load(executed).Root["metadata"]?["lossnotebooks"]?["source_hash"]; }
        catch (InvalidDataException) { return null; }
    }

    /// <summary>A hash of what notebooks depend on: course.json and the files of the folders it names.</summary>
    static string DependencyHash(CourseInfo course)
    {
        var text = new StringBuilder();
        var description = Path.Combine(course.Folder, CourseInfo.FileName);
        if (File.Exists(description)) text.Append(CourseInfo.FileName).Append(':').Append(ContentHash.Of(File.ReadAllBytes(description))).Append('\n');
        foreach (var folder in course.DependencyFolders.Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(folder, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules")) continue;
                text.Append(relative).Append(':').Append(ContentHash.Of(File.ReadAllBytes(file))).Append('\n');
            }
        return ContentHash.Of(text.ToString());
    }

    static void Write(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes the pages' assets (KaTeX, Prism, plotly.js, the style sheet) into <paramref name="outputFolder"/>/assets.</summary>
    internal static void WriteAssets(string outputFolder)
    {
        var assets = Directory.CreateDirectory(Path.Combine(outputFolder, "assets")).FullName;
        var source = Path.Combine(AppContext.BaseDirectory, "site-assets");
        if (!Directory.Exists(source)) throw new DirectoryNotFoundException($"site assets are missing from {source}: rebuild lossnb (npm ci runs in the build)");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(assets, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        var plotly = Path.Combine(assets, "plotly.min.js");
        if (!File.Exists(plotly))
        {
            var assembly = typeof(Plotly.NET.GenericChart).Assembly;
            var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".min.js", StringComparison.Ordinal) && n.Contains("plotly"));
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(plotly);
            stream.CopyTo(file);
        }
        File.WriteAllText(Path.Combine(assets, "site.css"), Css);
    }

    static string Index(IReadOnlyList<ChapterBuild> builds, string title)
    {
        var html = new StringBuilder(PageRenderer.Head(title));
        html.Append($"<main><h1>{WebUtility.HtmlEncode(title)}</h1><p>Executed notebooks of the course, readable offline. " +
                    "<a href=\"report.html\">Build report</a>.</p><ol class=\"toc\">");
        foreach (var b in builds)
            html.Append($"<li><a href=\"{WebUtility.HtmlEncode(b.Chapter.Page)}\">{WebUtility.HtmlEncode(b.Chapter.Title)}</a>{(b.Run.Succeeded ? "" : " <b class=\"failed\">(failed)</b>")}</li>");
        html.Append("</ol></main>").Append(PageRenderer.Foot);
        return html.ToString();
    }

    static string Report(IReadOnlyList<ChapterBuild> builds)
    {
        var html = new StringBuilder(PageRenderer.Head("Build report"));
        html.Append("<main><h1>Build report</h1><p><a href=\"index.html\">Contents</a></p><table class=\"report\"><tr><th>notebook</th><th>cells</th><th>time</th><th>status</th></tr>");
        foreach (var b in builds)
            html.Append($"<tr><td>{WebUtility.HtmlEncode(b.Chapter.File)}</td><td>{b.Run.Cells}</td><td>{(b.Cached ? "cached" : $"{b.Run.Duration.TotalSeconds:F1} s")}</td>" +
                        $"<td>{(b.Run.Succeeded ? "ok" : WebUtility.HtmlEncode(b.Run.Error))}</td></tr>");
        html.Append("</table></main>").Append(PageRenderer.Foot);
        return html.ToString();
    }

    const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
             max-width:960px;margin:0 auto;padding:1rem;line-height:1.5;color:#1f2328}
        pre{background:#f6f8fa;padding:.6rem;overflow:auto;border-radius:6px}
        section.code{margin:1rem 0}.prompt{color:#8c959f;font-family:monospace;font-size:12px}
        .output{margin:.3rem 0 .3rem 1rem}.output.error{background:#ffebe9}.output.stream.stderr{background:#fff8c5}
        nav.pager{display:flex;justify-content:space-between;border-bottom:1px solid #d0d7de;padding:.5rem 0;margin-bottom:1rem}
        details{background:#f6f8fa;padding:.5rem;border-radius:6px}table.report td,table.report th{border:1px solid #d0d7de;padding:.2rem .5rem}
        .failed{color:#cf222e}details.check{background:none;padding:0}details.check>summary{color:#57606a;font-size:.9em;cursor:pointer}
        """;
}
