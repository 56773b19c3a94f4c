using System.Diagnostics;
using System.Globalization;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Abstractions;

/// <summary>
/// Positions in cells, read from what the compilers and the runtime know of them: the interpreters name a cell's
/// source file <c>cellN</c> (C#'s <c>#line</c>, F#'s <c>cellN.fsx</c>), N the cell's execution count.
/// </summary>
public static class CellPositions
{
    /// <summary>The execution count a cell's source file name carries (<c>cell3</c>, <c>/dir/cell3.fsx</c>), or null.</summary>
    public static int? CellNumber(string? file)
    {
        var name = Path.GetFileNameWithoutExtension(file ?? "");
        return name.StartsWith("cell", StringComparison.Ordinal)
               && int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    /// <summary>A position from a compiler's diagnostic: its file, 1-based line and column; null when the file is not a cell.</summary>
    public static CellPosition? Of(string? file, int line, int column) =>
        CellNumber(file) is { } cell ? new CellPosition(cell, line, column) : null;

    /// <summary>
    /// The innermost frame of <paramref name="exception"/>'s stack that is in a cell's code, or null. A frame in
    /// generated code is first mapped to the cell's line by <paramref name="map"/> (file name, line → cell file, line).
    /// </summary>
    public static CellPosition? Innermost(Exception exception, Func<string, int, (string File, int Line)?>? map = null)
    {
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: true).GetFrames())
        {
            var file = frame.GetFileName();
            var line = frame.GetFileLineNumber();
            if (file is null || line <= 0) continue;
            if (Of(file, line, Math.Max(frame.GetFileColumnNumber(), 1)) is { } position) return position;
            if (map?.Invoke(Path.GetFileName(file), line) is { } mapped && Of(mapped.File, mapped.Line, 1) is { } glue) return glue;
        }
        return null;
    }
}
