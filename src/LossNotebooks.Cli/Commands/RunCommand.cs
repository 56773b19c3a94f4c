using System.CommandLine;
using LossNotebooks.Notebooks;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb run</c>: executes notebooks headless through their kernels and writes the executed copies.</summary>
public static class RunCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Notebooks or folders (default: notebooks/)", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--out") { Description = "Folder for executed notebooks", DefaultValueFactory = _ => Path.Combine("artifacts", "executed") };
        var inPlace = new Option<bool>("--in-place") { Description = "Overwrite the source notebooks with their outputs" };
        var timeout = new Option<int>("--timeout") { Description = "Per-cell timeout in seconds", DefaultValueFactory = _ => 120 };
        var allowErrors = new Option<bool>("--allow-errors") { Description = "Keep running after a failing cell" };
        var parallel = new Option<int>("--parallel") { Description = "Kernels to run at once", DefaultValueFactory = _ => 1 };
        var command = new Command("run", "Execute notebooks headless through their kernels") { paths, output, inPlace, timeout, allowErrors, parallel };
        command.SetAction(parse =>
        {
            var notebooks = Expand(parse.GetValue(paths) ?? Array.Empty<string>());
            if (notebooks.Count == 0) { Console.Error.WriteLine("lossnb run: no notebooks found"); return 2; }
            var options = new RunOptions { CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)), AllowErrors = parse.GetValue(allowErrors) };
            Func<string, string> target = parse.GetValue(inPlace) ? n => n : n => Path.Combine(parse.GetValue(output)!, Path.GetFileName(n));
            var results = ConsoleProgress.Run($"Running {notebooks.Count} notebooks", (Action<NotebookFinished> report) =>
                NotebookBatch.Run(notebooks, target, options, parse.GetValue(parallel), report), ConsoleProgress.Describe);
            var failed = results.Count(r => !r.Succeeded);
            Console.WriteLine($"{notebooks.Count - failed} of {notebooks.Count} notebooks ran without error");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>Notebooks named, or found in the folders named (default: notebooks/), in name order.</summary>
    internal static List<string> Expand(string[] paths)
    {
        if (paths.Length == 0) paths = new[] { "notebooks" };
        return paths.SelectMany<string, string>(p => Directory.Exists(p)
                ? Directory.GetFiles(p, "*.ipynb").Where(f => !f.Contains(".ipynb_checkpoints")).Order(StringComparer.Ordinal)
                : File.Exists(p) ? new[] { p } : throw new FileNotFoundException($"lossnb run: no notebook or folder at {p}", p))
            .ToList();
    }
}
