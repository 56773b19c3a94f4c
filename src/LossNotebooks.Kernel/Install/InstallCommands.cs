using System.CommandLine;

namespace LossNotebooks.Kernel.Install;

/// <summary>
/// The <c>install</c> and <c>uninstall</c> commands, shared by the kernel's own tool (<c>lossnb-kernel install</c>,
/// after <c>dotnet tool install</c>) and by <c>lossnb install</c>, which passes the loss library's environment.
/// </summary>
public static class InstallCommands
{
    static readonly Option<bool> User = new("--user") { Description = "Install for this user (default)" };
    static readonly Option<bool> SysPrefix = new("--sys-prefix") { Description = "Install into the active Python environment (sys.prefix)" };
    static readonly Option<string?> Prefix = new("--prefix") { Description = "Install into PREFIX/share/jupyter/kernels" };
    static readonly Option<string> Name = new("--name") { Description = "Kernelspec name", DefaultValueFactory = _ => KernelSpecInstaller.DefaultName };

    /// <summary>
    /// Builds <c>install</c>: copies the host into a versioned per-user folder and writes the C# and F# kernelspecs,
    /// whose kernels start with <paramref name="environment"/> and the <c>--env NAME=VALUE</c> options set.
    /// </summary>
    /// <param name="tool">The program's name, for messages (<c>lossnb</c> or <c>lossnb-kernel</c>).</param>
    /// <param name="environment">Variables every kernel of these kernelspecs starts with.</param>
    public static Command CreateInstall(string tool, IReadOnlyDictionary<string, string>? environment = null)
    {
        var polyglot = new Option<bool>("--polyglot-alias") { Description = "Also register as .net-csharp and .net-fsharp so Polyglot notebooks open unchanged" };
        var list = new Option<bool>("--list") { Description = "List installed LossNotebooks kernelspecs" };
        var force = new Option<bool>("--force") { Description = "Replace a kernelspec of the same name that another kernel installed" };
        var env = new Option<string[]>("--env") { Description = "NAME=VALUE set in the kernel's environment (repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("install", "Install the C# and F# kernelspecs for Jupyter (VS Code, JupyterLab, Notebook, nbconvert): NAME and its F# partner (fsharp, or NAME-fsharp)")
            { User, SysPrefix, Prefix, Name, polyglot, list, env, force };
        command.SetAction(parse =>
        {
            if (parse.GetValue(list)) return ListKernels(tool);
            var (scope, prefix) = Scope(parse);
            try
            {
                var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
                foreach (var pair in parse.GetValue(env) ?? Array.Empty<string>())
                {
                    var equals = pair.IndexOf('=');
                    if (equals <= 0) throw new ArgumentException($"--env expects NAME=VALUE, got '{pair}'");
                    variables[pair[..equals]] = pair[(equals + 1)..];
                }
                foreach (var kernel in KernelSpecInstaller.Install(scope, prefix, parse.GetValue(Name)!, parse.GetValue(polyglot), environment: variables,
                             force: parse.GetValue(force)))
                    Console.WriteLine($"Installed kernelspec '{kernel.Name}' in {kernel.Directory} (host {kernel.KernelPath})");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"{tool} install: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Builds <c>uninstall</c>: removes a kernelspec this kernel installed, with its F# partner.</summary>
    /// <param name="tool">The program's name, for messages.</param>
    public static Command CreateUninstall(string tool)
    {
        var command = new Command("uninstall", "Remove a kernelspec installed by install, with its F# partner") { User, SysPrefix, Prefix, Name };
        command.SetAction(parse =>
        {
            var (scope, prefix) = Scope(parse);
            var name = parse.GetValue(Name)!;
            try
            {
                var removed = KernelSpecInstaller.Uninstall(scope, prefix, name);
                foreach (var gone in removed) Console.WriteLine($"Removed kernelspec '{gone}'");
                if (removed.Count > 0) return 0;
                Console.Error.WriteLine($"{tool} uninstall: no kernelspec '{name}' in {KernelSpecInstaller.KernelsDirectory(scope, prefix)}");
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Console.Error.WriteLine($"{tool} uninstall: {e.Message}");
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

    static int ListKernels(string tool)
    {
        var kernels = KernelSpecInstaller.List();
        if (kernels.Count == 0) Console.WriteLine($"No LossNotebooks kernelspec installed. Run: {tool} install");
        foreach (var k in kernels) Console.WriteLine($"{k.Name,-16} {k.Language,-7} {k.Directory}  ->  {k.KernelPath}");
        return 0;
    }
}
