namespace LossNotebooks.Jupyter;

/// <summary>
/// The languages cells are written in: those of this kernel, the displays it shows, and those of Polyglot Notebooks
/// it keeps but does not run. A kernel that adds a language registers its record here (process-wide, as a formatter
/// registry is), and every reader of cells then knows it.
/// </summary>
public static class Languages
{
    /// <summary>C#: script semantics, run by the kernel's C# interpreter.</summary>
    public static Language CSharp { get; } = new("csharp", LanguageKind.Code, new[] { "c#", "cs" }, new[] { ".cs", ".csx" },
        "text/x-csharp", "csharp", "csharp", "csharp", "C#");

    /// <summary>F#: F# Interactive, run by the kernel's F# interpreter.</summary>
    public static Language FSharp { get; } = new("fsharp", LanguageKind.Code, new[] { "f#", "fs" }, new[] { ".fsx" },
        "text/x-fsharp", "fsharp", "fsharp", "fsharp", "F#");

    /// <summary>Markdown: prose.</summary>
    public static Language Markdown { get; } = new("markdown", LanguageKind.Prose, new[] { "md" }, Array.Empty<string>(),
        "text/markdown", "markdown", "markdown", "markdown", "Markdown");

    /// <summary>HTML: shown as it is.</summary>
    public static Language Html { get; } = Display("html", "HTML", "text/html", "html", "htmlmixed", "html");

    /// <summary>JavaScript: run by front ends that run scripts.</summary>
    public static Language JavaScript { get; } = Display("javascript", "JavaScript", "text/javascript", "javascript", "javascript", "javascript", "js");

    /// <summary>Mermaid: a diagram drawn in the front end.</summary>
    public static Language Mermaid { get; } = Display("mermaid", "Mermaid", "text/x-mermaid", "text", "null", "none");

    static readonly object Gate = new();
    static List<Language> all = new()
    {
        CSharp, FSharp, Markdown,
        Html, JavaScript, Mermaid,
        Other("meta", LanguageKind.Metadata, "Metadata"),
        Other("value", LanguageKind.Metadata, "Value"),
        Other("pwsh", LanguageKind.Foreign, "PowerShell", "powershell"),
        Other("sql", LanguageKind.Foreign, "SQL"),
        Other("kql", LanguageKind.Foreign, "KQL"),
        Other("http", LanguageKind.Foreign, "HTTP"),
        Other("python", LanguageKind.Foreign, "Python"),
        Other("r", LanguageKind.Foreign, "R"),
    };

    static Language Display(string name, string displayName, string mime, string pygments, string codeMirror, string highlighter, params string[] aliases) =>
        new(name, LanguageKind.Display, aliases, Array.Empty<string>(), mime, pygments, codeMirror, highlighter, displayName);

    static Language Other(string name, LanguageKind kind, string displayName, params string[] aliases) =>
        new(name, kind, aliases, Array.Empty<string>(), "text/plain", "text", "null", "none", displayName);

    /// <summary>Every known language, built-in ones first.</summary>
    public static IReadOnlyList<Language> All => Volatile.Read(ref all);

    /// <summary>The language a name or alias selects (any case), or null.</summary>
    public static Language? Find(string? name) => name is null ? null : All.FirstOrDefault(l => l.IsNamed(name));

    /// <summary>The code language of a script file's extension (<c>.csx</c>, <c>.fsx</c>…), or null.</summary>
    public static Language? ForExtension(string extension) =>
        All.FirstOrDefault(l => l.Kind == LanguageKind.Code && l.FileExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase));

    /// <summary>The canonical name of a language name or alias; an unknown name, lower-cased.</summary>
    public static string Canonical(string name) => Find(name)?.Name ?? name.ToLowerInvariant();

    /// <summary>
    /// Adds a language (a kernel registers the languages of its interpreters). Registering the same record again does
    /// nothing; a different record that shares a name or an extension with a known one is an error naming both.
    /// </summary>
    public static void Register(Language language)
    {
        lock (Gate)
        {
            if (all.Contains(language)) return;
            foreach (var name in language.Names)
                if (Find(name) is { } known)
                    throw new ArgumentException($"the language '{language.Name}' uses the name '{name}' of the known language '{known.Name}'", nameof(language));
            foreach (var extension in language.FileExtensions)
                if (ForExtension(extension) is { } known)
                    throw new ArgumentException($"the language '{language.Name}' uses the file extension '{extension}' of '{known.Name}'", nameof(language));
            Volatile.Write(ref all, all.Append(language).ToList());
        }
    }
}
