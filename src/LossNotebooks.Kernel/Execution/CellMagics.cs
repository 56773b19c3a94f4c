using LossNotebooks.Kernel.Display;

namespace LossNotebooks.Kernel.Execution;

/// <summary>A cell after its Polyglot magic lines (<c>#!csharp</c>, <c>#!markdown</c>, <c>#!time</c>, …) were read.</summary>
/// <param name="Code">C# to run; magic lines are blanked so diagnostics keep the cell's own line numbers.</param>
/// <param name="Timed">True under <c>#!time</c>: report wall time.</param>
/// <param name="StaticDisplay">Content of a <c>#!markdown</c> or <c>#!html</c> cell, displayed instead of running code.</param>
/// <param name="UnsupportedMagic">A magic this kernel does not run (e.g. <c>#!fsharp</c>), reported as the cell's error.</param>
public sealed record PreparedCell(string Code, bool Timed, MimeBundle? StaticDisplay, string? UnsupportedMagic);

/// <summary>
/// Reads .NET Interactive's magic commands so old Polyglot notebooks keep running: <c>#!csharp</c> (and
/// <c>#!c#</c>) run as C#, <c>#!markdown</c> and <c>#!html</c> display their content, <c>#!time</c> reports wall
/// time; any other <c>#!</c> magic is a clear per-cell error.
/// </summary>
public static class CellMagics
{
    static readonly HashSet<string> CSharpNames = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#", "cs" };

    /// <summary>Reads the magic lines of a cell.</summary>
    public static PreparedCell Prepare(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var timed = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (!line.StartsWith("#!", StringComparison.Ordinal)) continue;
            var magic = line[2..].Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var rest = string.Join("\n", lines.Skip(i + 1));
            switch (magic.ToLowerInvariant())
            {
                case var name when CSharpNames.Contains(name):
                    lines[i] = "";
                    break;
                case "time":
                    timed = true;
                    lines[i] = "";
                    break;
                case "markdown" or "md":
                    return new PreparedCell("", timed, Notebook.Markdown(rest), null);
                case "html":
                    return new PreparedCell("", timed, Notebook.HTML(rest), null);
                default:
                    return new PreparedCell("", timed, null, "#!" + magic);
            }
        }
        return new PreparedCell(string.Join("\n", lines), timed, null, null);
    }
}
