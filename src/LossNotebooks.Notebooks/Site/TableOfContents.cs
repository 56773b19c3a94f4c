using System.Text.RegularExpressions;

namespace LossNotebooks.Notebooks.Site;

/// <summary>One chapter of the course: its notebook file and its title.</summary>
/// <param name="File">The notebook's file name in the notebooks folder.</param>
/// <param name="Title">The title shown in the index and navigation.</param>
public sealed record Chapter(string File, string Title)
{
    /// <summary>The page of the chapter in the site.</summary>
    public string Page => System.IO.Path.ChangeExtension(File, ".html");
}

/// <summary>The chapter list, read from <c>notebooks/TOC.md</c> (a Markdown list of links to the notebooks).</summary>
public static partial class TableOfContents
{
    [GeneratedRegex(@"^\s*[-*]\s*\[(?<title>[^\]]+)\]\((?<file>[^)]+\.ipynb)\)", RegexOptions.Multiline)]
    private static partial Regex Entry();

    /// <summary>Reads the TOC; notebooks missing from it come last, by name; entries without a notebook are an error.</summary>
    public static IReadOnlyList<Chapter> Read(string notebooksFolder, IEnumerable<string> notebooks)
    {
        var files = notebooks.Select(Path.GetFileName).OfType<string>().ToList();
        var toc = Path.Combine(notebooksFolder, "TOC.md");
        var chapters = new List<Chapter>();
        if (File.Exists(toc))
            foreach (Match m in Entry().Matches(File.ReadAllText(toc)))
            {
                var file = m.Groups["file"].Value;
                if (!File.Exists(Path.Combine(notebooksFolder, file)))
                    throw new FileNotFoundException($"{toc}: the entry '{m.Groups["title"].Value}' links to {file}, which does not exist");
                if (files.Contains(file)) chapters.Add(new Chapter(file, m.Groups["title"].Value));
            }
        chapters.AddRange(files.Where(f => chapters.All(c => c.File != f)).Order().Select(f => new Chapter(f, Path.GetFileNameWithoutExtension(f))));
        return chapters;
    }
}
