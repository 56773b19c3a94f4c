using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.FSharp.Tests;

/// <summary>One F# session for the F# interpreter's tests (starting F# Interactive takes seconds).</summary>
public sealed class FSharpSession
{
    int cell;

    /// <summary>The interpreter, in this process (the kernel loads the same class from fsharp/ beside the host).</summary>
    public IInterpreter FSharp { get; } = new FSharpInterpreter();

    /// <summary>Runs a cell and returns its outcome.</summary>
    public CellOutcome Execute(string code) => FSharp.Execute(code, Interlocked.Increment(ref cell), new CollectingSink());

    /// <summary>Runs a cell that must succeed and returns its value.</summary>
    public object? Run(string code)
    {
        var outcome = Execute(code);
        Assert.True(outcome.Error is null, outcome.Error?.Value);
        return outcome.Value;
    }

    sealed class CollectingSink : IOutputSink
    {
        public void Stream(string name, string text) { }
        public void Display(MimeBundle bundle, string? displayId, bool update) { }
        public void ClearOutput(bool wait) { }
        public void Page(MimeBundle bundle) { }
        public string ReadInput(string prompt, bool password) => "";
    }
}

/// <summary>The F# interpreter behind the server's interface: values, errors, variables, values set from outside, language services.</summary>
public sealed class FSharpInterpreterTests(FSharpSession session) : IClassFixture<FSharpSession>
{
    [Fact]
    public void A_cell_ending_in_an_expression_shows_its_value_and_a_binding_shows_nothing()
    {
        var binding = session.Execute("let threeSquared = 3 * 3");
        Assert.Null(binding.Error);
        Assert.False(binding.HasValue);
        Assert.Equal(90, session.Run("threeSquared * 10"));
        Assert.False(session.Execute("printfn \"%d\" threeSquared").HasValue); // unit shows nothing
        Assert.Equal(new[] { 2, 4 }, ((IEnumerable<int>)session.Run("[ 1; 2 ] |> List.map (fun v -> v * 2)")!).ToArray());
    }

    [Fact]
    public void FSharp_collections_show_as_FSharp_prints_them()
    {
        Assert.Equal("[1; 2; 3]", Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(session.Run("[ 1; 2; 3 ]"), "text/plain"));
        Assert.Equal("Some 4", Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(session.Run("Some 4"), "text/plain"));
    }

    [Fact]
    public void A_type_error_names_the_cell_line_and_column()
    {
        var outcome = session.Execute("let fine = 1\nlet wrong : int = \"text\"");
        Assert.Equal("CompilationError", outcome.Error?.Name);
        Assert.Matches(@"^cell\d+\(2,19\): error FS0001: ", outcome.Error!.Value);
    }

    [Fact]
    public void A_runtime_exception_names_its_type_message_and_the_cell_line()
    {
        var outcome = session.Execute("let explode () = failwith \"deep trouble\"\n\nexplode () |> ignore");
        Assert.Equal("Exception", outcome.Error?.Name);
        Assert.Equal("deep trouble", outcome.Error!.Value);
        Assert.Contains(outcome.Error.Traceback, line => System.Text.RegularExpressions.Regex.IsMatch(line, @" in cell\d+:line 3$"));
        Assert.DoesNotContain(outcome.Error.Traceback, line => line.Contains("FSharp.Compiler.", StringComparison.Ordinal));
        Assert.Equal(1, session.Run("1")); // and the session goes on
    }

    [Fact]
    public void A_blocked_cell_is_interrupted_and_the_session_goes_on()
    {
        CellOutcome? outcome = null;
        var cell = new Thread(() => outcome = session.Execute("let slept = 1\nSystem.Threading.Thread.Sleep 60000"));
        cell.Start();
        Thread.Sleep(1500);
        session.FSharp.Interrupt();
        cell.Interrupt(); // what the server does to a cell still running 100 ms after the request
        Assert.True(cell.Join(TimeSpan.FromSeconds(20)), "the cell did not stop");
        session.FSharp.ClearInterrupt();
        Assert.Equal("KeyboardInterrupt", outcome?.Error?.Name);
        Assert.Equal(2, session.Run("1 + 1"));
    }

    [Theory]
    [InlineData("failwith \"plain failure\"", "plain failure")]
    [InlineData("raise (System.InvalidOperationException \"raised\")", "raised")]
    public void A_cell_ending_in_a_generic_expression_runs_and_raises_as_a_script_would(string code, string message)
    {
        var outcome = session.Execute(code);
        Assert.Equal(message, outcome.Error?.Value);
        Assert.NotEqual("CompilationError", outcome.Error?.Name);
    }

    [Fact]
    public void Variables_lists_bound_values_with_their_types_and_TryGetValue_reads_one()
    {
        session.Run("let answerFs = 6 * 7\nlet wordsFs = [ \"a\"; \"b\" ]");
        var variables = session.FSharp.Variables().ToDictionary(v => v.Name);
        Assert.Equal(typeof(int), variables["answerFs"].Type);
        Assert.Equal(42, variables["answerFs"].Value);
        Assert.Equal("FSharpList`1", variables["wordsFs"].Type.Name);
        Assert.DoesNotContain("it", variables.Keys);
        Assert.True(session.FSharp.TryGetValue("answerFs", out var value));
        Assert.Equal(42, value);
        Assert.False(session.FSharp.TryGetValue("noSuchValue", out _));
    }

    [Fact]
    public void SetValue_binds_the_same_object_with_its_own_type()
    {
        var shared = new List<double> { 1.5, 2.5 };
        session.FSharp.SetValue("samplesFs", shared, typeof(List<double>));
        Assert.Equal(4.0, session.Run("samplesFs |> Seq.sum"));
        session.Run("samplesFs.Add 1.0");
        Assert.Equal(3, shared.Count); // the same object, not a copy
        Assert.Equal(typeof(List<double>), session.FSharp.Variables().Single(v => v.Name == "samplesFs").Type);
    }

    [Fact]
    public void SetValue_of_a_type_F_sharp_cannot_name_binds_it_as_obj()
    {
        var hidden = new HiddenShape();
        session.FSharp.SetValue("hiddenFs", hidden, typeof(HiddenShape));
        Assert.Equal(typeof(object), session.FSharp.Variables().Single(v => v.Name == "hiddenFs").Type);
        Assert.Same(hidden, session.Run("hiddenFs"));
        Assert.Throws<ArgumentException>(() => session.FSharp.SetValue("not a name", 1, typeof(int)));
    }

    sealed class HiddenShape; // not public: no cell can name it

    [Fact]
    public async Task Completion_lists_the_members_after_a_dot_and_replaces_the_last_segment()
    {
        const string code = "List.ma";
        var completions = await session.FSharp.CompleteAsync(code, code.Length);
        Assert.Contains(completions.Matches, m => m.Text == "map");
        Assert.Equal(5, completions.CursorStart);
        Assert.Equal(code.Length, completions.CursorEnd);
    }

    [Fact]
    public async Task Inspect_shows_the_signature_of_the_name_at_the_cursor()
    {
        var tip = await session.FSharp.InspectAsync("List.map", 6);
        Assert.NotNull(tip);
        Assert.Contains("map", tip);
        Assert.Contains("list", tip);
    }

    [Theory]
    [InlineData("let x = 1", "complete")]
    [InlineData("let f x =", "incomplete")]
    [InlineData("let x = (1 +", "incomplete")]
    [InlineData("type R = {", "incomplete")]
    [InlineData("let f () =\n    let y = 2", "incomplete")]
    [InlineData("let x = )", "invalid")]
    [InlineData("let x = 1 1)", "invalid")]
    public void IsComplete_tells_a_finished_cell_from_one_that_stops_midway(string code, string expected) =>
        Assert.Equal(expected, session.FSharp.IsComplete(code));
}

/// <summary>What .NET Interactive's F# cells had without an open: its namespaces and its Html module.</summary>
public sealed class FSharpCompatibilityTests(FSharpSession session) : IClassFixture<FSharpSession>
{
    [Fact]
    public void Framework_names_need_no_open()
    {
        Assert.Equal(Math.PI, session.Run("Math.PI"));
        Assert.Equal(true, session.Run("DateTime.Now.Year >= 2026"));
        Assert.Equal(true, session.Run("let (writer: TextWriter) = Console.Out\nlet (act: Action) = Action(fun () -> ())\nnot (isNull writer)"));
        Assert.Equal("x^2", session.Run("(MathString \"x^2\").ToString()"));
        Assert.Equal("ab", session.Run("StringBuilder().Append(\"a\").Append(\"b\").ToString()"));
        Assert.Equal(6, session.Run("[| 1; 2; 3 |].Sum()"));
    }

    /// <summary>The module's functions as docs/kernel.md lists them: a list and its test cannot drift apart.</summary>
    static IReadOnlyList<string> Documented(string bullet)
    {
        var text = File.ReadAllText(Path.Combine(TestRepository.Root(), "docs", "kernel.md"));
        var start = text.IndexOf($"- {bullet}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/kernel.md has no '- {bullet}' list");
        var end = text.IndexOf("\n-", start + 1, StringComparison.Ordinal) is var next and > 0 ? next : text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Matches(text[start..end], "`(_?[a-zA-Z0-9]+)`").Select(m => m.Groups[1].Value).ToList();
    }

    string Html(string expression)
    {
        var value = session.Run($"open Html\n{expression}");
        Assert.IsAssignableFrom<Microsoft.AspNetCore.Html.IHtmlContent>(value);
        return Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(value, "text/html");
    }

    [Fact]
    public void Every_documented_element_renders_as_its_tag_with_attributes_and_encoded_text()
    {
        var tags = Documented("elements").Where(t => t != "custom").ToList();
        Assert.Equal(73, tags.Count);
        foreach (var tag in tags)
            Assert.Equal($"<{tag} id=\"x\">a &amp; b</{tag}>", Html($"{tag} [_id \"x\"] [str \"a & b\"]"));
        Assert.Equal("<my-tag><b>raw</b>1.5</my-tag>", Html("custom \"my-tag\" [] [rawText \"<b>raw</b>\"; embedNoContext 1.5]"));
        Assert.Equal("<p>&lt;i&gt;</p>", Html("p [] [encodedText \"<i>\"]"));
        Assert.Equal("<table><tr><th>loss</th><td>0.5</td></tr></table>", Html("table [] [tr [] [th [] [str \"loss\"]; td [] [str \"0.5\"]]]"));
    }

    [Fact]
    public void Every_documented_attribute_helper_renders_its_attribute()
    {
        var attributes = Documented("attributes");
        Assert.True(attributes.Count >= 140, $"{attributes.Count} attributes listed");
        foreach (var attribute in attributes.Where(a => a is not ("_style" or "_custom")))
        {
            var html = Html($"div [ (match box {attribute} with\n" +
                            $"       | :? (string -> Html.HtmlAttribute) as f -> f \"v\"\n" +
                            $"       | :? (bool -> Html.HtmlAttribute) as f -> f true\n" +
                            $"       | :? (float -> Html.HtmlAttribute) as f -> f 2.0\n" +
                            $"       | _ -> failwith \"{attribute}: unexpected type\") ] []");
            Assert.Matches("^<div [A-Za-z]+=\"(v|True|true|2)\"></div>$", html);
        }
        Assert.Equal("<div style=\"color: red; margin: 0;\"></div>", Html("div [_style [\"color: red;\"; \"margin: 0;\"]] []"));
        Assert.Equal("<div data-x=\"7\"></div>", Html("div [_custom (\"data-x\", box 7)] []"));
    }
}
