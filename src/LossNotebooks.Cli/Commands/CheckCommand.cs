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
            var scratch = Directory.CreateTempSubdirectory("lossnb-check-").FullName;
            var failures = 0;
            try
            {
                foreach (var notebook in notebooks)
                {
                    var reference = Path.Combine(parse.GetValue(against)!, Path.GetFileName(notebook));
                    if (!File.Exists(reference)) { Console.Error.WriteLine($"FAILED {notebook}: no reference notebook at {reference}"); failures++; continue; }
                    var run = NotebookRunner.Run(notebook, Path.Combine(scratch, Path.GetFileName(notebook)), new RunOptions { CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) });
                    if (!run.Succeeded) { Console.Error.WriteLine($"FAILED {run.Error}"); failures++; continue; }
                    var differences = OutputComparer.Compare(NotebookDocument.Load(reference), NotebookDocument.Load(run.Output!));
                    if (differences.Count == 0) { Console.WriteLine($"same   {notebook}"); continue; }
                    failures++;
                    foreach (var d in differences)
                        Console.Error.WriteLine($"DIFFERS {notebook}: cell {d.Cell}\n  expected: {Shorten(d.Expected)}\n  actual:   {Shorten(d.Actual)}");
                }
            }
            finally { Directory.Delete(scratch, recursive: true); }
            Console.WriteLine($"{notebooks.Count - failures} of {notebooks.Count} notebooks reproduce their outputs");
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text.Replace("\n", "\n            ");
}
