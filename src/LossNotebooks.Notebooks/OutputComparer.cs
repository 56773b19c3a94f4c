using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Notebooks;

/// <summary>One difference between a notebook's fresh outputs and the reference ones.</summary>
/// <param name="Cell">The cell number (1-based, all cells counted).</param>
/// <param name="Expected">The reference text.</param>
/// <param name="Actual">The fresh text.</param>
public sealed record OutputDifference(int Cell, string Expected, string Actual);

/// <summary>
/// <c>lossnb check</c>'s comparison (nbval's job, for C#): the text of every code cell's outputs — streams, text/plain
/// of results and displays, errors — fresh against a reference notebook. Cells tagged <c>volatile</c> (or nbval's
/// <c>nbval-ignore-output</c>), or with metadata <c>lossnotebooks.volatile = true</c>, are skipped (timings, random
/// ids). The kernel's reference chatter (<c>Built X.csproj (2.1 s)</c>, <c>X.csproj is up to date</c>, <c>Restored P 1.0
/// (0.4 s)</c>) is left out: whether a project was already built says nothing about the notebook.
/// </summary>
public static partial class OutputComparer
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^(Built \S+ \([\d.]+ s\)|\S+ is up to date|Restored .+ \([\d.]+ s\))\n", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex ReferenceChatter();

    /// <summary>The differences between two executed notebooks with the same cells.</summary>
    public static IReadOnlyList<OutputDifference> Compare(NotebookDocument reference, NotebookDocument fresh)
    {
        var differences = new List<OutputDifference>();
        var expectedCells = reference.Cells.OfType<JsonObject>().ToList();
        var actualCells = fresh.Cells.OfType<JsonObject>().ToList();
        if (expectedCells.Count != actualCells.Count)
        {
            differences.Add(new OutputDifference(0, $"{expectedCells.Count} cells", $"{actualCells.Count} cells"));
            return differences;
        }
        for (var i = 0; i < expectedCells.Count; i++)
        {
            if ((string?)actualCells[i]["cell_type"] != "code" || IsVolatile(actualCells[i])) continue;
            var expected = Text(expectedCells[i]);
            var actual = Text(actualCells[i]);
            if (expected != actual) differences.Add(new OutputDifference(i + 1, expected, actual));
        }
        return differences;
    }

    /// <summary>True when a cell's outputs are allowed to change between runs.</summary>
    public static bool IsVolatile(JsonObject cell)
    {
        var tags = (cell["metadata"]?["tags"] as JsonArray)?.Select(t => (string?)t) ?? Enumerable.Empty<string?>();
        return tags.Any(t => t is "volatile" or "nbval-ignore-output") || (bool?)cell["metadata"]?["lossnotebooks"]?["volatile"] == true;
    }

    /// <summary>The comparable text of a cell's outputs.</summary>
    public static string Text(JsonObject cell) => string.Join("\n", (cell["outputs"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(o =>
        (string?)o["output_type"] switch
        {
            "stream" => $"[{o["name"]}] {ReferenceChatter().Replace(MultilineString.Join(o["text"]), "")}",
            "error" => $"[error] {o["ename"]}: {o["evalue"]}",
            _ => $"[{o["output_type"]}] {MultilineString.Join(o["data"]?["text/plain"])}",
        }));
}
