using System.CommandLine;
using LossNotebooks.Notebooks;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb check NOTEBOOKS --against DIR</c>: re-executes notebooks and compares their text outputs with executed ones.</summary>
public static class CheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Notebooks or folders (default: notebooks/)", Arity = ArgumentArity.ZeroOrMore };
        var against = new Option<string>("--against") { Description = "Folder of executed notebooks to compare with (e.g. artifacts/site/notebooks)", Required = true };
        var timeout = new Option<int>("--timeout") { Description = "Per-cell timeout in seconds", DefaultValueFactory = _ => 120 };
        var command = new Command("check", "Re-execute notebooks and compare their text outputs with a previous build (cells tagged volatile are skipped)")
            { paths, against, timeout };
        command.SetAction(parse =>
        {
            var notebooks = RunCommand.Expand(parse.GetValue(paths) ?? Array.Empty<string>());
            var options = new RunOptions { CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) };
            var results = OutputCheck.Run(notebooks, parse.GetValue(against)!, options, Print);
            Console.WriteLine($"{results.Count(r => r.Reproduced)} of {notebooks.Count} notebooks reproduce their outputs");
            return results.All(r => r.Reproduced) ? 0 : 1;
        });
        return command;
    }

    static void Print(OutputCheckResult result)
    {
        if (result.Error is not null) Console.Error.WriteLine($"FAILED {result.Error}");
        else if (result.Differences.Count == 0) Console.WriteLine($"same   {result.Notebook}");
        foreach (var d in result.Differences)
            Console.Error.WriteLine($"DIFFERS {result.Notebook}: cell {d.Cell}\n  expected: {Shorten(d.Expected)}\n  actual:   {Shorten(d.Actual)}");
    }

    static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text.Replace("\n", "\n            ");
}
