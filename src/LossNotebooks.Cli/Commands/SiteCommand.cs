using System.CommandLine;
using LossNotebooks.Notebooks;
using LossNotebooks.Notebooks.Site;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb site</c>: executes the notebooks and publishes a static offline HTML site.</summary>
public static class SiteCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Notebooks or a folder (default: notebooks/)", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string>("--out") { Description = "Site folder", DefaultValueFactory = _ => Path.Combine("artifacts", "site") };
        var timeout = new Option<int>("--timeout") { Description = "Per-cell timeout in seconds", DefaultValueFactory = _ => 120 };
        var force = new Option<bool>("--force") { Description = "Execute every notebook, even unchanged ones" };
        var parallel = new Option<int>("--parallel") { Description = "Kernels to run at once", DefaultValueFactory = _ => 1 };
        var command = new Command("site", "Execute the notebooks and build the static course site") { paths, output, timeout, force, parallel };
        command.SetAction(parse =>
        {
            var notebooks = RunCommand.Expand(parse.GetValue(paths) ?? Array.Empty<string>());
            if (notebooks.Count == 0) { Console.Error.WriteLine("lossnb site: no notebooks found"); return 2; }
            var options = new RunOptions { CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) };
            var result = ConsoleProgress.Run($"Building the course site ({notebooks.Count} notebooks)", (Action<NotebookFinished> report) =>
                SiteBuilder.Build(notebooks, parse.GetValue(output)!, options, parse.GetValue(force), report, parse.GetValue(parallel)), ConsoleProgress.Describe);
            Console.WriteLine($"site: {Path.GetFullPath(result.Index)} ({result.Chapters.Count(c => c.Run.Succeeded)} of {result.Chapters.Count} chapters ok)");
            return result.Succeeded ? 0 : 1;
        });
        return command;
    }
}
