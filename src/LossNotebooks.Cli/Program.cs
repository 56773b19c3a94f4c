using System.CommandLine;
using LossNotebooks.Cli.Commands;

namespace LossNotebooks.Cli;

/// <summary>The <c>lossnb</c> entry point: a thin layer of commands over the libraries.</summary>
public static class Program
{
    /// <summary>Parses the command line and runs the chosen command.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("lossnb: learn, teach and explore deep-learning loss functions in C#.")
        {
            LossesCommand.Create(),
            InstallCommand.CreateInstall(),
            InstallCommand.CreateUninstall(),
            RunCommand.Create(),
            ExecCommand.Create(),
            SiteCommand.Create(),
            CheckCommand.Create(),
            NormalizeCommand.Create(),
            ConvertCommand.Create(),
            CompareCommand.Create(),
            CourseCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
