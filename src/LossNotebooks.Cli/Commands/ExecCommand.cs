using System.CommandLine;
using LossNotebooks.Jupyter;
using LossNotebooks.Notebooks;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb exec</c>: runs a script or notebook in the terminal through the installed kernel.</summary>
public static class ExecCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = $"A {string.Join(", ", ScriptCells.Extensions)} file" };
        var kernel = new Option<string?>("--kernel") { Description = "Kernelspec to run it with (default: the notebook's; fsharp for .fsx; else csharp)" };
        var html = new Option<string?>("--html") { Description = "Also write every output, rich ones included, as an HTML page" };
        var timeout = new Option<int>("--timeout") { Description = "Per-cell timeout in seconds", DefaultValueFactory = _ => 600 };
        var command = new Command("exec", "Run a script or notebook top to bottom in the terminal, through the installed kernel (a notebook's semantics)")
            { file, kernel, html, timeout };
        command.SetAction(parse => ScriptExecutor.Run(parse.GetValue(file)!, new ExecOptions
        {
            Kernel = parse.GetValue(kernel),
            Html = parse.GetValue(html),
            CellTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
        }, Console.Out, Console.Error));
        return command;
    }
}
