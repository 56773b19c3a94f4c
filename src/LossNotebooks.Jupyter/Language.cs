namespace LossNotebooks.Jupyter;

/// <summary>What the kernel does with a cell of a language.</summary>
public enum LanguageKind
{
    /// <summary>Code an interpreter of the kernel runs (C#, F#).</summary>
    Code,
    /// <summary>Text the kernel shows as that display (HTML, JavaScript, Mermaid).</summary>
    Display,
    /// <summary>Prose (Markdown): a markdown cell of a notebook, skipped by script runs.</summary>
    Prose,
    /// <summary>Not a cell: a <c>.dib</c> file's metadata and value sections.</summary>
    Metadata,
    /// <summary>A language of Polyglot Notebooks this kernel does not run (PowerShell, SQL…): kept by conversions, refused clearly when run.</summary>
    Foreign,
}

/// <summary>
/// One language as every reader of cells knows it — the kernel (its <c>#!name</c> magic and kernel_info), the runner,
/// the normalizer, the converter, the site and <c>lossnb exec</c>. <see cref="Languages"/> holds the known ones.
/// </summary>
/// <param name="Name">The canonical name (<c>csharp</c>): Jupyter's language name and the <c>#!name</c> line.</param>
/// <param name="Kind">What the kernel does with its cells.</param>
/// <param name="Aliases">Other names a <c>#!</c> line or a cell's metadata may use (<c>c#</c>, <c>cs</c>).</param>
/// <param name="FileExtensions">Script files in the language, with the dot; the first is kernel_info's <c>file_extension</c>.</param>
/// <param name="MimeType">The source mime type (kernel_info's <c>mimetype</c>).</param>
/// <param name="PygmentsLexer">Pygments' lexer (kernel_info, nbconvert).</param>
/// <param name="CodeMirrorMode">CodeMirror's mode (kernel_info, Jupyter's editors).</param>
/// <param name="Highlighter">Prism's language name, for the site (<c>none</c> for plain text).</param>
/// <param name="DisplayName">The name shown to people (<c>C#</c>).</param>
public sealed record Language(string Name, LanguageKind Kind, IReadOnlyList<string> Aliases, IReadOnlyList<string> FileExtensions,
    string MimeType, string PygmentsLexer, string CodeMirrorMode, string Highlighter, string DisplayName)
{
    /// <summary>True when <paramref name="name"/> is the language's name or one of its aliases (any case).</summary>
    public bool IsNamed(string name) =>
        Name.Equals(name, StringComparison.OrdinalIgnoreCase) || Aliases.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every name that selects the language: the name first, then the aliases.</summary>
    public IEnumerable<string> Names => Aliases.Prepend(Name);
}
