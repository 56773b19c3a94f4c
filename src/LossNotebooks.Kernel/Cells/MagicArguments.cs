using System.CommandLine;
using System.CommandLine.Parsing;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Cells;

/// <summary>
/// Reads a magic line's arguments with System.CommandLine (as .NET Interactive did): options, quoting, and errors
/// that name what was wrong and show the magic's usage.
/// </summary>
public static class MagicArguments
{
    /// <summary>No response files: <c>@csharp:x</c> is a value, not a file of arguments.</summary>
    static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    /// <summary>Parses <paramref name="line"/>'s arguments against <paramref name="command"/>; throws a <see cref="MagicException"/> naming the errors.</summary>
    public static ParseResult Parse(Command command, MagicLine line)
    {
        var result = command.Parse(CommandLineParser.SplitCommandLine(line.Arguments).ToList(), Configuration);
        if (result.Errors.Count == 0) return result;
        throw new MagicException($"#!{line.Name}: {string.Join("; ", result.Errors.Select(e => e.Message))} (usage: {Usage(command)})");
    }

    /// <summary>The magic's usage line: <c>#!share --from &lt;from&gt; [--as &lt;as&gt;] &lt;name&gt;</c>.</summary>
    public static string Usage(Command command)
    {
        var options = command.Options.Where(o => o.Name is not ("--help" or "-h" or "-?")).Select(o =>
        {
            var text = o.ValueType == typeof(bool) ? o.Name : $"{o.Name} <{o.Name.TrimStart('-')}>";
            return o.Required ? text : $"[{text}]";
        });
        var arguments = command.Arguments.Select(a => $"<{a.Name}>");
        return string.Join(" ", options.Concat(arguments).Prepend("#!" + command.Name));
    }
}
