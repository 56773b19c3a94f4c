using System.Text.Json.Nodes;

namespace LossNotebooks.Jupyter.Tests;

/// <summary>What the kernel and the runner both read of a cell: magic lines, reference directives, languages, text.</summary>
public sealed class CellTextTests
{
    [Theory]
    [InlineData("#!fsharp", "fsharp", "")]
    [InlineData("  #!set --name x --value @csharp:y", "set", "--name x --value @csharp:y")]
    [InlineData("#!c#\r", "c#", "")]
    public void A_magic_line_gives_its_name_and_arguments(string line, string name, string arguments)
    {
        var magic = MagicLine.Parse(line, 3);
        Assert.NotNull(magic);
        Assert.Equal((name, arguments, 3), (magic.Name, magic.Arguments, magic.Line));
    }

    [Theory]
    [InlineData("#! fsharp")]
    [InlineData("#!")]
    [InlineData("// #!fsharp")]
    [InlineData("#r \"nuget: X\"")]
    public void Other_lines_are_not_magics(string line) => Assert.Null(MagicLine.Parse(line));

    [Fact]
    public void Directives_are_read_and_blanked_so_the_code_keeps_its_line_numbers()
    {
        var cell = string.Join("\n",
            "#r \"nuget: Plotly.NET, 5.1.0\"",
            "#:package Humanizer@2.14.1",
            "#r \"nuget:NetMQ\"",
            "#i \"nuget: https://example.org/v3/index.json\"",
            "#r \"project: ../src/LossNotebooks.Formatting\"",
            "#:project ../src/Other",
            "#r \"lib/My.dll\"",
            "var x = 1;");
        var read = Directives.Read(cell);
        Assert.Equal(new[] { new PackageRequest("Plotly.NET", "5.1.0"), new PackageRequest("Humanizer", "2.14.1"), new PackageRequest("NetMQ", null) }, read.Packages);
        Assert.Equal(new[] { "https://example.org/v3/index.json" }, read.Sources);
        Assert.Equal(new[] { "../src/LossNotebooks.Formatting", "../src/Other" }, read.Projects);
        Assert.Equal(new[] { "lib/My.dll" }, read.Assemblies);
        Assert.Equal(new string('\n', 7) + "var x = 1;", read.Code);
        Assert.False(Directives.Read("#load \"x.csx\"\nvar y = 2;").Any);
    }

    [Fact]
    public void A_cells_language_comes_from_polyglot_metadata_or_the_older_dotnet_interactive_field()
    {
        Assert.Equal("fsharp", PolyglotMetadata.CellLanguage(PolyglotMetadata.ForLanguage("fsharp")));
        Assert.Equal("csharp", PolyglotMetadata.CellLanguage(new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" } }));
        Assert.Null(PolyglotMetadata.CellLanguage(new JsonObject()));
        var notebook = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = new JsonObject { ["defaultKernelName"] = "fsharp" } } };
        Assert.Equal("fsharp", PolyglotMetadata.NotebookLanguage(notebook));
    }

    [Fact]
    public void Multiline_strings_join_lists_of_lines_and_take_strings_as_they_are()
    {
        Assert.Equal("a\nb", MultilineString.Join(new JsonArray("a\n", "b")));
        Assert.Equal("text", MultilineString.Join(JsonValue.Create("text")));
        Assert.Equal("", MultilineString.Join(null));
        Assert.Equal("", MultilineString.Join(JsonValue.Create(3)));
    }

    [Fact]
    public void A_dib_file_is_read_as_its_code_sections_with_their_first_lines()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("lossnb-dib-").FullName, "mixed.dib");
        File.WriteAllText(path, "#!meta\n{\"kernelInfo\":{}}\n\n#!markdown\n# Title\n\n#!csharp\nvar x = 1;\n\n#!fsharp\nlet y = 2\n\n#!mermaid\ngraph TD; A-->B\n");
        var cells = ScriptCells.Read(path);
        Assert.Equal(new[] { ("csharp", 8), ("fsharp", 11), ("mermaid", 14) }, cells.Select(c => (c.Language, c.Line)));
        Assert.Equal("var x = 1;\n", cells[0].Code);

        var text = Path.ChangeExtension(path, ".txt");
        File.WriteAllText(text, "var x = 1;");
        Assert.Contains("cannot run a '.txt' file", Assert.Throws<InvalidDataException>(() => ScriptCells.Read(text)).Message);
    }
}
