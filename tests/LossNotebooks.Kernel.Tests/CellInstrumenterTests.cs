using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LossNotebooks.Kernel.Debugging;
using LossNotebooks.Kernel.Execution;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// The debugger in process: cells compiled while attached stop at breakpoints with their locals. The engine is
/// process-wide (cells call a static probe), so these tests use cell numbers no other test uses and run alone.
/// </summary>
[Collection(nameof(DebuggerCollection))]
public sealed class CellInstrumenterTests
{
    readonly CSharpSession session = new();
    readonly BlockingCollection<(string Name, JsonObject Body)> events = new();
    static int cell = 70_000;

    DebugEngine Attached()
    {
        var engine = new DebugEngine((name, body) => events.Add((name, body)));
        engine.Attach();
        return engine;
    }

    /// <summary>Runs <paramref name="body"/> with an attached engine, detached afterwards whatever happens.</summary>
    async Task<T> WhileAttached<T>(Func<DebugEngine, Task<T>> body)
    {
        var engine = Attached();
        try { return await body(engine); }
        finally { engine.Detach(); }
    }

    Task WhileAttached(Func<DebugEngine, Task> body) => WhileAttached(async engine =>
    {
        await body(engine);
        return true;
    });

    (string Name, JsonObject Body) Next(string name)
    {
        while (events.TryTake(out var e, TimeSpan.FromSeconds(30)))
            if (e.Name == name) return e;
        throw new TimeoutException($"no {name} event");
    }

    Task<LossNotebooks.Kernel.Abstractions.CellOutcome> Start(DebugEngine engine, string code, out string path)
    {
        var number = Interlocked.Increment(ref cell);
        path = $"/tmp/test-cell-{number}.cs";
        engine.RegisterCell($"cell{number}", path);
        return Task.Run(() => session.RunAsync(code, number));
    }

    [Fact]
    public async Task A_breakpoint_in_a_method_stops_with_its_locals_and_continue_finishes_the_cell()
    {
        await WhileAttached(async engine =>
        {
            var code = "int Twice(int x)\n{\n    var y = x * 2;\n    return y;\n}\nTwice(21)";
            var number = cell + 1;
            engine.SetBreakpoints($"/tmp/test-cell-{number}.cs", new[] { new Breakpoint(4, null, null) });
            var run = Start(engine, code, out _);
            var stop = Next("stopped");
            Assert.Equal("breakpoint", (string?)stop.Body["reason"]);
            var frame = engine.Stopped!.Frames[0];
            Assert.Equal("Twice", frame.Function);
            Assert.Equal(4, Probe.SiteOf(frame.Site).Line);
            Assert.Equal(new object?[] { 21, 42 }, frame.Values);
            Assert.True(engine.Resume(Resumption.Continue));
            var outcome = await run;
            Assert.Null(outcome.Error);
            Assert.Equal(42, outcome.Value);
        });
    }

    /// <summary>Runs a cell that must stop once at <paramref name="line"/>; returns the stop's frames and the cell's outcome after continue.</summary>
    async Task<(IReadOnlyList<DebugFrame> Frames, LossNotebooks.Kernel.Abstractions.CellOutcome Outcome)> StopOnce(string code, int line, string? breakpointPath = null)
    {
        return await WhileAttached(async engine =>
        {
            var number = cell + 1;
            engine.SetBreakpoints(breakpointPath ?? $"/tmp/test-cell-{number}.cs", new[] { new Breakpoint(line, null, null) });
            var run = Start(engine, code, out _);
            Next("stopped");
            var frames = engine.Stopped!.Frames;
            Assert.Equal(line, Probe.SiteOf(frames[0].Site).Line);
            Assert.True(engine.Resume(Resumption.Continue));
            return (frames, await run);
        });
    }

    static object? Local(DebugFrame frame, string name)
    {
        var site = Probe.SiteOf(frame.ValuesSite);
        var index = site.Locals.Select(l => l.Name).ToList().IndexOf(name);
        Assert.True(index >= 0, $"{name} is not among {string.Join(", ", site.Locals.Select(l => l.Name))}");
        return frame.Values![index];
    }

    [Fact]
    public async Task A_caller_that_calls_cell_code_shows_its_locals_as_of_the_call()
    {
        var code = "int Inner(int v)\n{\n    return v + 1;\n}\nint Outer(int start)\n{\n    var local = start * 10;\n    return Inner(local);\n}\nOuter(4)";
        var (frames, outcome) = await StopOnce(code, 3);
        Assert.Equal(new[] { "Inner", "Outer" }, frames.Take(2).Select(f => f.Function));
        Assert.Equal(40, Local(frames[1], "local"));
        Assert.Equal(8, Probe.SiteOf(frames[1].Site).Line);
        Assert.Equal(41, outcome.Value);
    }

    [Fact]
    public async Task Expression_bodied_members_lambdas_and_local_functions_stop_on_their_lines()
    {
        var (frames, outcome) = await StopOnce("double Half(double v) =>\n    v / 2;\nHalf(9)", 2);
        Assert.Equal(("Half", 9.0), (frames[0].Function, Local(frames[0], "v")));
        Assert.Equal(4.5, outcome.Value);

        (frames, outcome) = await StopOnce("var squares = new[] { 3 }.Select(x =>\n{\n    var sq = x * x;\n    return sq;\n}).ToList();\nsquares.Sum()", 4);
        Assert.EndsWith("<lambda>", frames[0].Function);
        Assert.Equal(9, Local(frames[0], "sq"));
        Assert.Equal(9, outcome.Value);

        (frames, outcome) = await StopOnce("int Total()\n{\n    int Add(int a, int b)\n    {\n        return a + b;\n    }\n    return Add(2, 3);\n}\nTotal()", 5);
        Assert.Equal(new[] { "Add", "Total" }, frames.Take(2).Select(f => f.Function));
        Assert.Equal(5, outcome.Value);
    }

    [Fact]
    public async Task A_method_of_a_type_declared_in_an_earlier_cell_stops()
    {
        var engine = Attached();
        var declaring = cell + 1;
        Assert.Null((await Start(engine, "class Counter\n{\n    public int Add(int a)\n    {\n        var r = a + 1;\n        return r;\n    }\n}", out _)).Error);
        engine.Detach();
        var (frames, outcome) = await StopOnce("new Counter().Add(6)", 6, $"/tmp/test-cell-{declaring}.cs");
        Assert.Equal(7, Local(frames[0], "r"));
        Assert.Equal(7, outcome.Value);
    }

    [Fact]
    public async Task Iterators_async_methods_and_ref_structs_are_debuggable_and_what_cannot_be_captured_is_named()
    {
        var (frames, outcome) = await StopOnce("IEnumerable<int> Numbers()\n{\n    yield return 1;\n    var z = 2;\n    yield return z;\n}\nNumbers().Sum()", 5);
        Assert.Equal(("Numbers", 2), (frames[0].Function, Local(frames[0], "z")));
        Assert.Equal(3, outcome.Value);

        (frames, outcome) = await StopOnce("async Task<int> Later()\n{\n    await Task.Delay(1);\n    var w = 5;\n    return w;\n}\nawait Later()", 5);
        Assert.Equal(("Later", 5), (frames[0].Function, Local(frames[0], "w")));
        Assert.Equal(5, outcome.Value);

        (frames, outcome) = await StopOnce("int Stack()\n{\n    Span<int> span = stackalloc int[2];\n    var k = span.Length;\n    return k;\n}\nStack()", 5);
        var site = Probe.SiteOf(frames[0].ValuesSite);
        Assert.Contains(site.Unavailable, u => u.Name == "span" && u.Reason.Contains("ref struct"));
        Assert.Equal(2, Local(frames[0], "k"));
        Assert.Equal(2, outcome.Value);
    }

    [Fact]
    public async Task Stepping_out_stops_back_on_the_callers_line_with_what_the_call_assigned()
    {
        await WhileAttached(async engine =>
        {
            var code = "int Inner(int v)\n{\n    return v + 1;\n}\nint Outer(int start)\n{\n    var got = Inner(start);\n    return got * 2;\n}\nOuter(4)";
            engine.SetBreakpoints($"/tmp/test-cell-{cell + 1}.cs", new[] { new Breakpoint(3, null, null) });
            var run = Start(engine, code, out _);
            Next("stopped");
            engine.Resume(Resumption.StepOut);
            Assert.Equal("step", (string?)Next("stopped").Body["reason"]);
            var top = engine.Stopped!.Frames[0];
            Assert.Equal(("Outer", 7, 5), (top.Function, Probe.SiteOf(top.Site).Line, Local(top, "got")));
            engine.Resume(Resumption.Next);
            Next("stopped");
            Assert.Equal(8, Probe.SiteOf(engine.Stopped!.Frames[0].Site).Line);
            engine.Resume(Resumption.Continue);
            Assert.Equal(10, (await run).Value);
        });
    }

    [Fact]
    public async Task Uncaught_stops_only_for_an_exception_that_leaves_the_cell_where_it_was_thrown()
    {
        await WhileAttached(async engine =>
        {
            engine.SetExceptionFilters(new[] { "uncaught" });
            var code = "int Parse(string s)\n{\n    return int.Parse(s);\n}\nvar caught = 0;\ntry { Parse(\"x\"); } catch (FormatException) { caught++; }\nParse(\"y\");";
            var run = Start(engine, code, out _);
            var stop = Next("stopped");
            Assert.Equal("exception", (string?)stop.Body["reason"]);
            var frames = engine.Stopped!.Frames;
            Assert.Equal(("Parse", 3), (frames[0].Function, Probe.SiteOf(frames[0].Site).Line));
            Assert.Equal(7, Probe.SiteOf(frames[1].Site).Line);
            Assert.Equal("y", Local(frames[0], "s"));
            engine.Resume(Resumption.Continue);
            Assert.Equal("FormatException", (await run).Error!.Name);
        });
    }

    [Fact]
    public async Task Throw_expression_bodies_and_discard_parameters_compile_instrumented()
    {
        var (frames, outcome) = await StopOnce("Func<int, int, int> first = (a, _) =>\n    a;\nint Never(int v) => throw new InvalidOperationException(\"never\");\nfirst(5, 6)", 2);
        Assert.Equal(5, Local(frames[0], "a"));
        Assert.Equal(5, outcome.Value);
    }

    [Fact]
    public async Task An_instrumented_cell_keeps_its_line_numbers_in_errors()
    {
        await WhileAttached(async engine =>
        {
            var outcome = await Start(engine, "var a = 1;\n\nvoid Fail()\n{\n    throw new InvalidOperationException(\"line five\");\n}\nFail();", out _);
            Assert.Equal(5, outcome.Error!.Position!.Line);
            Assert.Contains(outcome.Error.Traceback, t => t.Contains(":line 5", StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("", 1, true)]
    [InlineData("3", 2, false)]
    [InlineData("3", 3, true)]
    [InlineData("==3", 3, true)]
    [InlineData(">2", 3, true)]
    [InlineData(">=4", 3, false)]
    [InlineData("%2", 4, true)]
    [InlineData("%2", 5, false)]
    public void Hit_conditions_count_as_debuggers_do(string condition, int hits, bool stops) =>
        Assert.Equal(stops, DebugEngine.HitConditionHolds(condition, hits));

    [Theory]
    [InlineData("1 + 1")]
    [InlineData("var größe = \"Größe\"; // ünïcödé ✓\n")]
    [InlineData("")]
    public void Cell_paths_are_murmur2_of_the_utf8_text(string code)
    {
        var files = new CellFiles(".cs");
        var path = files.PathOf(code);
        Assert.StartsWith(files.Prefix, path);
        Assert.Equal(path, files.PathOf(code));
        Assert.NotEqual(path, files.PathOf(code + " "));
    }
}

/// <summary>What the variables panel shows of values: text, types, children, pages, and getters that throw.</summary>
public sealed class VariableTableTests
{
    readonly VariableTable table = new();

    sealed class Sample
    {
        public int Count = 3;
        public string Name => "sample";
        public double Broken => throw new InvalidOperationException("no value");
    }

    [Fact]
    public void Lists_page_their_items_and_objects_list_members_with_what_their_getters_threw()
    {
        var list = table.Describe("xs", new List<int> { 10, 20, 30, 40 }, evaluateName: "xs");
        Assert.Equal("List<int> (Count = 4)", (string?)list["value"]);
        Assert.Equal(4, (int?)list["indexedVariables"]);
        var page = table.Children((int)list["variablesReference"]!, 1, 2);
        Assert.Equal(new[] { ("[1]", "20", "xs[1]"), ("[2]", "30", "xs[2]") },
            page.Select(v => ((string)v["name"]!, (string)v["value"]!, (string)v["evaluateName"]!)));

        var sample = table.Describe("s", new Sample());
        var members = table.Children((int)sample["variablesReference"]!, 0, 0).ToDictionary(v => (string)v["name"]!, v => (string)v["value"]!);
        Assert.Equal("3", members["Count"]);
        Assert.Equal("\"sample\"", members["Name"]);
        Assert.Equal("<threw InvalidOperationException: no value>", members["Broken"]);

        Assert.Equal(0, (int?)table.Describe("n", 2.5)["variablesReference"]);
        Assert.Equal("2.5", (string?)table.Describe("n", 2.5)["value"]);
        table.Clear();
        Assert.Empty(table.Children((int)list["variablesReference"]!, 0, 0));
    }
}

[CollectionDefinition(nameof(DebuggerCollection), DisableParallelization = true)]
public sealed class DebuggerCollection;
