namespace LossNotebooks.Jupyter;

/// <summary>
/// One Polyglot magic line of a cell, <c>#!name arguments</c> (<c>#!csharp</c>, <c>#!fsharp</c>, <c>#!markdown</c>,
/// <c>#!time</c>, <c>#!set --name x …</c>), as the kernel and the notebook tools both read it.
/// </summary>
/// <param name="Name">The magic's name as written, without <c>#!</c> (e.g. <c>csharp</c>, <c>c#</c>, <c>time</c>).</param>
/// <param name="Arguments">The rest of the line, trimmed.</param>
/// <param name="Line">The line's index in the cell (0-based).</param>
public sealed record MagicLine(string Name, string Arguments, int Line)
{
    /// <summary>Reads a line as a magic; null when it is not one (a magic starts with <c>#!</c> and a name).</summary>
    public static MagicLine? Parse(string line, int index = 0)
    {
        var text = line.TrimEnd('\r').TrimStart();
        if (!text.StartsWith("#!", StringComparison.Ordinal) || text.Length == 2 || char.IsWhiteSpace(text[2])) return null;
        var parts = text[2..].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        return new MagicLine(parts[0], parts.Length > 1 ? parts[1].Trim() : "", index);
    }

    /// <summary>The magic lines of a cell, in order, with their line indexes.</summary>
    public static IEnumerable<MagicLine> All(string cell)
    {
        var lines = cell.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
            if (Parse(lines[i], i) is { } magic) yield return magic;
    }
}
