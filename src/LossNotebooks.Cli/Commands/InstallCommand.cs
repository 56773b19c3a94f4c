using System.CommandLine;
using LossNotebooks.Kernel.Install;
using LossNotebooks.Losses.Fused;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb install</c> and <c>lossnb uninstall</c>: the C# kernel for Jupyter front ends.</summary>
public static class InstallCommand
{
    static readonly Option<bool> User = new("--user") { Description = "Install for this user (default)" };
    static readonly Option<bool> SysPrefix = new("--sys-prefix") { Description = "Install into the active Python environment (sys.prefix)" };
    static readonly Option<string?> Prefix = new("--prefix") { Description = "Install into PREFIX/share/jupyter/kernels" };
    static readonly Option<string> Name = new("--name") { Description = "Kernelspec name", DefaultValueFactory = _ => KernelSpecInstaller.DefaultName };

    /// <summary>
    /// Builds <c>install</c>. The kernelspecs start the kernel with the loss library's <see cref="ProcessSettings"/>:
    /// the kernel host knows nothing of losses, so its installer is told them here.
    /// </summary>
    public static Command CreateInstall()
    {
        var polyglot = new Option<bool>("--polyglot-alias") { Description = "Also register as .net-csharp and .net-fsharp so Polyglot notebooks open unchanged" };
        var list = new Option<bool>("--list") { Description = "List installed LossNotebooks kernelspecs" };
        var command = new Command("install", "Install the C# and F# kernelspecs for Jupyter (VS Code, JupyterLab, Notebook, nbconvert): NAME and its F# partner (fsharp, or NAME-fsharp)")
            { User, SysPrefix, Prefix, Name, polyglot, list };
        command.SetAction(parse =>
        {
            if (parse.GetValue(list)) return ListKernels();
            var (scope, prefix) = Scope(parse);
            try
            {
                foreach (var kernel in KernelSpecInstaller.Install(scope, prefix, parse.GetValue(Name)!, parse.GetValue(polyglot),
                             environment: ProcessSettings.Environment))
                    Console.WriteLine($"Installed kernelspec '{kernel.Name}' in {kernel.Directory} (host {kernel.KernelPath})");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"lossnb install: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Builds <c>uninstall</c>.</summary>
    public static Command CreateUninstall()
    {
        var command = new Command("uninstall", "Remove a kernelspec installed by lossnb install, with its F# partner") { User, SysPrefix, Prefix, Name };
        command.SetAction(parse =>
        {
            var (scope, prefix) = Scope(parse);
            var name = parse.GetValue(Name)!;
            try
            {
                var removed = KernelSpecInstaller.Uninstall(scope, prefix, name);
                foreach (var gone in removed) Console.WriteLine($"Removed kernelspec '{gone}'");
                if (removed.Count > 0) return 0;
                Console.Error.WriteLine($"lossnb uninstall: no kernelspec '{name}' in {KernelSpecInstaller.KernelsDirectory(scope, prefix)}");
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Console.Error.WriteLine($"lossnb uninstall: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    static (InstallScope, string?) Scope(ParseResult parse)
    {
        var prefix = parse.GetValue(Prefix);
        if (prefix is not null) return (InstallScope.Prefix, Path.GetFullPath(prefix));
        return parse.GetValue(SysPrefix) ? (InstallScope.SysPrefix, null) : (InstallScope.User, null);
    }

    static int ListKernels()
    {
        var kernels = KernelSpecInstaller.List();
        if (kernels.Count == 0) Console.WriteLine("No LossNotebooks kernelspec installed. Run: lossnb install");
        foreach (var k in kernels) Console.WriteLine($"{k.Name,-16} {k.Language,-7} {k.Directory}  ->  {k.KernelPath}");
        return 0;
    }
}
