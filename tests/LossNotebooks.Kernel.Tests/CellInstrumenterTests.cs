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
        var engine = Attached();
        try
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
        }
        finally { engine.Detach(); }
    }
}

[CollectionDefinition(nameof(DebuggerCollection), DisableParallelization = true)]
public sealed class DebuggerCollection;
