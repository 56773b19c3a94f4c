namespace LossNotebooks.Jupyter.Tests;

/// <summary>A language is one record every reader of cells uses; .dib files have one reader.</summary>
public class LanguageTests
{
    [Fact]
    public void Names_aliases_and_extensions_find_the_record_in_any_case()
    {
        Assert.Same(Languages.CSharp, Languages.Find("C#"));
        Assert.Same(Languages.FSharp, Languages.Find("fs"));
        Assert.Same(Languages.JavaScript, Languages.Find("js"));
        Assert.Same(Languages.FSharp, Languages.ForExtension(".FSX"));
        Assert.Null(Languages.ForExtension(".md")); // markdown is prose, not a script
        Assert.Equal("csharp", Languages.Canonical("cs"));
        Assert.Equal("cobol", Languages.Canonical("COBOL")); // unknown: kept, lower-cased
    }

    [Fact]
    public void A_registered_language_is_known_and_one_that_takes_a_known_name_or_extension_is_refused()
    {
        var lisp = new Language("lisp-test", LanguageKind.Code, new[] { "lsp-test" }, new[] { ".lisptest" }, "text/x-lisp", "lisp", "commonlisp", "lisp", "Lisp");
        Languages.Register(lisp);
        Languages.Register(lisp); // again: nothing happens
        Assert.Same(lisp, Languages.Find("LSP-TEST"));
        Assert.Same(lisp, Languages.ForExtension(".lisptest"));
        var name = Assert.Throws<ArgumentException>(() => Languages.Register(lisp with { Name = "other-test", Aliases = new[] { "c#" } }));
        Assert.Contains("'c#' of the known language 'csharp'", name.Message);
        var extension = Assert.Throws<ArgumentException>(() => Languages.Register(lisp with { Name = "third-test", Aliases = Array.Empty<string>() }));
        Assert.Contains("'.lisptest' of 'lisp-test'", extension.Message);
    }

    [Fact]
    public void A_dib_section_starts_only_at_a_bare_language_line_at_the_start_of_a_line()
    {
        var sections = DibFile.Read("ignored\n#!meta\n{}\n#!c#\nvar x = 1;\n#!time\n  #!fsharp\n#!unknown\n#!fsharp --flag\n#!md\n# Title\n#!F#\nlet y = 2\n");
        Assert.Equal(new[] { "meta", "csharp", "markdown", "fsharp" }, sections.Select(s => s.Language.Name));
        Assert.Equal("var x = 1;\n#!time\n  #!fsharp\n#!unknown\n#!fsharp --flag", sections[1].Text); // magics and indented lines stay
        Assert.Equal(5, sections[1].Line);
        Assert.Equal(13, sections[3].Line);
    }

    [Fact]
    public void Script_cells_skip_prose_and_metadata_and_keep_displays_and_foreign_languages()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("lossnb-dib-").FullName, "mixed.dib");
        File.WriteAllText(path, "#!meta\n{}\n#!markdown\n# prose\n#!mermaid\ngraph LR\n#!pwsh\nGet-Date\n#!fs\nlet z = 3\n");
        var cells = ScriptCells.Read(path);
        Assert.Equal(new[] { "mermaid", "pwsh", "fsharp" }, cells.Select(c => c.Language));
        Assert.Equal(new[] { 1, 2, 3 }, cells.Select(c => c.Number));
        Assert.Equal(10, cells[2].Line);
    }
}
