using System.Text.Json.Nodes;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Execution;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// The conformance cases of <c>conformance/script-semantics.json</c> on the C# session in process (fast, for
/// development); <c>clients/script_conformance.py</c> runs the same cases through the installed kernelspec.
/// </summary>
public sealed class ScriptSemanticsTests
{
    static readonly JsonArray Cases = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "conformance", "script-semantics.json")))!["cases"]!;

    public static TheoryData<string> Names => new(Cases.Select(c => (string)c!["name"]!));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Case(string name)
    {
        var @case = Cases.Single(c => (string?)c!["name"] == name)!;
        var cells = @case["cells"]!.AsArray().Select(c => (string)c!).ToList();
        var session = new CSharpSession();
        CellOutcome outcome = CellOutcome.Nothing;
        for (var i = 0; i < cells.Count; i++)
        {
            outcome = await session.RunAsync(cells[i], i + 1);
            if (i < cells.Count - 1) Assert.True(outcome.Error is null, $"cell {i + 1} failed: {outcome.Error?.Value}");
        }
        if (@case["error"] is { } error)
        {
            Assert.True(outcome.Error is not null, "the last cell should fail");
            Assert.Contains((string)error!, outcome.Error!.Name + ": " + outcome.Error.Value);
        }
        else
        {
            Assert.True(outcome.Error is null, $"last cell failed: {outcome.Error?.Value}");
            if (@case["value"] is { } value)
            {
                Assert.True(outcome.HasValue, "the last cell showed no value");
                Assert.Equal((string)value!, Formatted.Bundle(outcome.Value).Data["text/plain"]?.ToString());
            }
        }
    }
}
