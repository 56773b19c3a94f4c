using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Cells;

namespace LossNotebooks.Kernel.Tests;

/// <summary>The cell pipeline: registered magics, the plan they build, and the list of what is supported.</summary>
public sealed class CellPipelineTests
{
    readonly FakeInterpreter main = new("fake");
    readonly FakeInterpreter other = new("other", "other", "o#");

    CellPipeline Pipeline() => CellPipeline.Standard(new[] { main, other }, references: null);

    sealed class ShoutMagic : IMagicHandler
    {
        public IReadOnlyList<string> Names { get; } = new[] { "shout" };
        public string Summary => "display the cell in capitals";
        public void Apply(MagicLine line, CellPlan plan) => plan.Display = MimeBundle.Of(("text/plain", plan.After(line.Line).ToUpperInvariant()));
    }

    [Fact]
    public void Without_a_magic_a_cell_runs_in_the_default_interpreter_unchanged()
    {
        var plan = Pipeline().Prepare("value 1\r\nvalue 2");
        Assert.Same(main, plan.Interpreter);
        Assert.Equal("value 1\r\nvalue 2", plan.Code);
        Assert.False(plan.Timed);
    }

    [Fact]
    public void Magics_apply_in_order_and_keep_lines_and_offsets()
    {
        var plan = Pipeline().Prepare("#!time\r\n#!o#\nvalue 1");
        Assert.True(plan.Timed);
        Assert.Same(other, plan.Interpreter);
        Assert.Equal("      \r\n    \nvalue 1", plan.Code);
    }

    [Fact]
    public void A_registered_magic_is_run_and_listed()
    {
        var pipeline = Pipeline();
        pipeline.Register(new ShoutMagic());
        var plan = pipeline.Prepare("#!shout\nhello");
        Assert.Equal("HELLO", plan.Display!.Data["text/plain"]?.ToString());
        Assert.EndsWith("#!shout", pipeline.SupportedMagics);
        Assert.Contains(pipeline.Handlers, h => h is ShoutMagic);
    }

    [Fact]
    public void A_mermaid_cell_is_drawn_by_the_embedded_library_sent_once_per_session()
    {
        var session = Pipeline();
        var first = session.Prepare("#!mermaid\ngraph LR\n  Prediction --> Loss").Display!;
        var second = session.Prepare("#!mermaid\ngraph LR\n  Loss --> Gradient").Display!;
        Assert.Equal("graph LR\n  Prediction --> Loss", first.Data["text/plain"]?.ToString());
        var html = (first.Data["text/html"]?.ToString() ?? "") + (second.Data["text/html"]?.ToString() ?? "");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "globalThis\\[\"mermaid\"\\]")); // the bundle, once
        Assert.Contains("m.render(", second.Data["text/html"]?.ToString());
        Assert.Contains("Loss --\\u003E Gradient", second.Data["text/html"]?.ToString()); // the source as a JSON string, HTML-safe
        var otherSession = Pipeline().Prepare("#!mermaid\ngraph LR\n  A --> B").Display!; // another front-end page
        Assert.Contains("globalThis[\"mermaid\"]", otherSession.Data["text/html"]?.ToString());
    }

    [Fact]
    public void A_name_cannot_be_registered_twice()
    {
        var pipeline = Pipeline();
        var error = Assert.Throws<ArgumentException>(() => pipeline.Register(new LanguageMagic(new FakeInterpreter("again", "other"))));
        Assert.Contains("#!other", error.Message);
    }

    [Fact]
    public void The_unsupported_magic_error_comes_from_the_registry()
    {
        var plan = Pipeline().Prepare("#!pwsh\nGet-Item");
        Assert.Equal("UnsupportedMagic", plan.Error!.Name);
        Assert.Equal("#!pwsh is not supported by this kernel (supported magics: #!fake, #!other, #!o#, #!markdown, #!md, #!html, #!javascript, #!js, " +
                     "#!mermaid, #!time, #!share, #!set, #!value, #!who, #!whos, #!import, #!lsmagic, #!about)", plan.Error.Value);
    }

    [Fact]
    public void Every_interpreter_of_the_pipeline_is_known_to_it()
    {
        Assert.Equal(new[] { main, other }, Pipeline().Interpreters);
    }

    [Theory]
    [InlineData("#!csharp", "csharp", "")]
    [InlineData("  #!set --name x --value @csharp:y", "set", "--name x --value @csharp:y")]
    [InlineData("#!c#\r", "c#", "")]
    public void Magic_lines_parse_into_name_and_arguments(string line, string name, string arguments)
    {
        var magic = MagicLine.Parse(line, 3)!;
        Assert.Equal((name, arguments, 3), (magic.Name, magic.Arguments, magic.Line));
    }

    [Theory]
    [InlineData("#r \"nuget: X\"")]
    [InlineData("#!")]
    [InlineData("#! csharp")]
    [InlineData("var x = 1; // #!csharp")]
    public void Other_lines_are_not_magics(string line) => Assert.Null(MagicLine.Parse(line));
}
