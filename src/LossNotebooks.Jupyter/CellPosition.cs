using System.Text.Json.Nodes;

namespace LossNotebooks.Jupyter;

/// <summary>
/// A place in a cell: where an error is. This kernel adds it to the content of its <c>error</c> messages and error replies
/// (an extra key, <c>lossnotebooks: {cell, line, column}</c>, which other clients ignore), so runners such as
/// <c>lossnb exec</c> point at the file's line without reading the message.
/// </summary>
/// <param name="Cell">The execution count of the cell the error is in (an earlier cell's, when its code threw).</param>
/// <param name="Line">The 1-based line in that cell.</param>
/// <param name="Column">The 1-based column.</param>
public sealed record CellPosition(int Cell, int Line, int Column)
{
    /// <summary>The key of the position in the error content.</summary>
    public const string Key = "lossnotebooks";

    /// <summary>The position as the error content carries it.</summary>
    public JsonObject ToJson() => new() { ["cell"] = Cell, ["line"] = Line, ["column"] = Column };

    /// <summary>The position an error content carries, or null.</summary>
    public static CellPosition? From(JsonNode? errorContent) =>
        errorContent?[Key] is JsonObject p && (int?)p["cell"] is { } cell && (int?)p["line"] is { } line
            ? new CellPosition(cell, line, (int?)p["column"] ?? 1)
            : null;
}
