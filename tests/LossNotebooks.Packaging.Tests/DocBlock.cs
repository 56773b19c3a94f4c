using System.Text.RegularExpressions;

namespace LossNotebooks.Packaging.Tests;

/// <summary>A fenced code block of README.md or docs/*.md, with where it is.</summary>
/// <param name="File">The Markdown file, relative to the repository.</param>
/// <param name="Line">The 1-based line of its opening fence.</param>
/// <param name="Language">The fence's language (<c>csharp</c>, <c>bash</c>…), empty when none.</param>
/// <param name="Text">The block's text.</param>
/// <param name="Fragment">True when the line before the fence is a <c>&lt;!-- fragment …--&gt;</c> comment: not run.</param>
public sealed partial record DocBlock(string File, int Line, string Language, string Text, bool Fragment)
{
    /// <summary>The blocks of README.md and docs/*.md.</summary>
    public static IReadOnlyList<DocBlock> All(string repository)
    {
        var files = Directory.GetFiles(Path.Combine(repository, "docs"), "*.md").Order().Prepend(Path.Combine(repository, "README.md"));
        var blocks = new List<DocBlock>();
        foreach (var file in files)
        {
            var lines = System.IO.File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var fence = Fence().Match(lines[i]);
                if (!fence.Success) continue;
                var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
                if (end < 0) throw new InvalidDataException($"{file}:{i + 1}: the code block never closes");
                var fragment = i > 0 && lines[i - 1].StartsWith("<!-- fragment", StringComparison.Ordinal);
                blocks.Add(new DocBlock(Path.GetRelativePath(repository, file), i + 1, fence.Groups[1].Value, string.Join("\n", lines[(i + 1)..end]), fragment));
                i = end;
            }
        }
        return blocks;
    }

    /// <summary>Where it is, for messages.</summary>
    public override string ToString() => $"{File}:{Line}";

    [GeneratedRegex(@"^```(\w*)\s*$")]
    private static partial Regex Fence();
}
