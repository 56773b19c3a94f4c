using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// Where the translation's own lines belong in the user's cells, for stack frames. The translated cell carries
/// <c>#line</c> directives for the user's text, but a statement may start in the translation's glue (a top-level
/// variable is assigned as <c>x = </c> followed by the user's initializer), and the runtime then names the glue's line
/// in <c>CellN.g.cs</c>; such a line belongs to the user's text that follows it.
/// </summary>
public sealed partial class GeneratedLineMap
{
    readonly Dictionary<string, (string File, int Line)?[]> byFile = new(StringComparer.Ordinal);

    /// <summary>Records the lines of a compiled translation (its file name is the one stack frames show).</summary>
    public void Add(SyntaxTree generated)
    {
        var lines = generated.GetText().Lines;
        var map = new (string, int)?[lines.Count + 1];
        (string, int)? next = null;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            var mapped = generated.GetMappedLineSpan(lines[i].Span);
            if (mapped.HasMappedPath) next = (string.Intern(mapped.Path), mapped.StartLinePosition.Line + 1);
            map[i + 1] = next;
        }
        byFile[generated.FilePath] = map;
    }

    /// <summary>The user's cell file and line of a line of a compiled translation (<c>Cell3.g.cs</c>, 12), or null.</summary>
    public (string File, int Line)? UserLine(string file, int line) =>
        byFile.TryGetValue(file, out var map) && line > 0 && line < map.Length ? map[line] : null;

    /// <summary>
    /// The user's cell file, 1-based line and column of a token of a translation (through the <c>#line</c> directive
    /// it stands under: the map diagnostics are placed by), or null for the translation's own text and loaded files.
    /// </summary>
    public static (string File, int Line, int Column)? UserPosition(SyntaxToken token)
    {
        var mapped = token.GetLocation().GetMappedLineSpan();
        return mapped.HasMappedPath && Abstractions.CellPositions.CellNumber(mapped.Path) is not null
            ? (mapped.Path, mapped.StartLinePosition.Line + 1, mapped.StartLinePosition.Character + 1)
            : null;
    }

    /// <summary>A stack frame with a translation's line replaced by the user's cell and line, where known.</summary>
    public string Rewrite(string frame) => Frame().Replace(frame, match =>
        byFile.TryGetValue(match.Groups["file"].Value, out var map) && int.TryParse(match.Groups["line"].Value, out var line)
        && line < map.Length && map[line] is { } user
            ? $" in {user.File}:line {user.Line}"
            : match.Value);

    [GeneratedRegex(@" in \S*?(?<file>Cell\d+\.g\.cs):line (?<line>\d+)")]
    private static partial Regex Frame();
}
