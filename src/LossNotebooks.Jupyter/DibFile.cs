namespace LossNotebooks.Jupyter;

/// <summary>One section of a <c>.dib</c> file: the text after a <c>#!language</c> line, up to the next one.</summary>
/// <param name="Language">The language the section's line names.</param>
/// <param name="Text">The section's text (its separator line excluded).</param>
/// <param name="Line">The 1-based line of the file where the text starts.</param>
public sealed record DibSection(Language Language, string Text, int Line);

/// <summary>
/// Reads Polyglot Notebooks' script format, <c>.dib</c>: sections started by a line that holds only <c>#!</c> and a
/// known language's name (<c>#!csharp</c>, <c>#!markdown</c>, <c>#!meta</c>…), at the start of the line. Any other
/// <c>#!</c> line (<c>#!time</c>, <c>#!set --name x</c>) belongs to its section's text. Text before the first section is
/// not a cell.
/// </summary>
public static class DibFile
{
    /// <summary>The file's sections in order, empty ones included.</summary>
    public static IReadOnlyList<DibSection> Read(string text)
    {
        var sections = new List<DibSection>();
        Language? language = null;
        var start = 1;
        var body = new List<string>();
        void Close()
        {
            if (language is not null) sections.Add(new DibSection(language, string.Join("\n", body), start));
            body.Clear();
        }
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (SectionLanguage(lines[i]) is { } next)
            {
                Close();
                language = next;
                start = i + 2;
                continue;
            }
            body.Add(lines[i]);
        }
        Close();
        return sections;
    }

    /// <summary>The language a separator line names, or null when the line is not a separator.</summary>
    static Language? SectionLanguage(string line) =>
        line.StartsWith("#!", StringComparison.Ordinal) && MagicLine.Parse(line) is { Arguments.Length: 0 } magic ? Languages.Find(magic.Name) : null;
}
