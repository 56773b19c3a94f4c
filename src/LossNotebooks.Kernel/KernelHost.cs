using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Cells;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Interpreters;
using LossNotebooks.Kernel.Packages;
using LossNotebooks.Kernel.Server;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Kernel;

/// <summary>
/// The kernel host's command line: <c>lossnb-kernel CONNECTION_FILE [--default-kernel csharp|fsharp] [--log FILE]</c>,
/// as a kernelspec's argv starts it; <c>lossnb-kernel install|uninstall …</c> writes or removes its kernelspecs (what a
/// user runs after <c>dotnet tool install</c>). The <c>lossnb-kernel</c> executable only calls <see cref="Run"/>. More
/// languages come from an executable that passes their interpreters, or from <c>--interpreter TYPE,ASSEMBLY_PATH</c>
/// (repeatable) in a kernelspec's argv: a public <see cref="IInterpreter"/> class with a parameterless constructor.
/// </summary>
public static class KernelHost
{
    /// <summary>Starts the kernel for a connection file and serves until shutdown, or runs install/uninstall.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="moreLanguages">Interpreters of languages beyond C# and F#, created when the kernel starts.</param>
    public static int Run(string[] args, IReadOnlyList<Func<IInterpreter>>? moreLanguages = null)
    {
        if (args.Length > 0 && args[0] is "install" or "uninstall")
            return new System.CommandLine.RootCommand("lossnb-kernel: a C# and F# Jupyter kernel")
                { Install.InstallCommands.CreateInstall("lossnb-kernel"), Install.InstallCommands.CreateUninstall("lossnb-kernel") }
                .Parse(args).Invoke();
        var connectionFile = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !ValueOptions.Contains(args[i - 1]))).FirstOrDefault();
        var logIndex = Array.IndexOf(args, "--log");
        var logPath = logIndex >= 0 && logIndex + 1 < args.Length ? args[logIndex + 1] : Environment.GetEnvironmentVariable("LOSSNB_KERNEL_LOG");
        if (args.Contains("--version")) { Console.WriteLine(ProductVersion.Current); return 0; }
        if (connectionFile is null || args.Contains("--help"))
        {
            Console.Error.WriteLine("usage: lossnb-kernel CONNECTION_FILE [--default-kernel LANGUAGE] [--log FILE] [--interpreter TYPE,ASSEMBLY_PATH]…");
            Console.Error.WriteLine("       (started by Jupyter through the kernelspec)");
            Console.Error.WriteLine("       lossnb-kernel install [--user | --sys-prefix | --prefix P] [--name N] [--polyglot-alias] [--env NAME=VALUE]…");
            Console.Error.WriteLine("       lossnb-kernel uninstall [--name N]");
            return connectionFile is null ? 2 : 0;
        }

        using var log = new KernelLog(logPath);
        ConnectionInfo connection;
        try { connection = ConnectionInfo.Load(connectionFile); }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            log.Error(e.Message);
            return 2;
        }
        KernelConsole.Install();
        DisplayedValues.Route();
        RegisterCompatibilityFormatters();
        FSharpLanguage.RegisterResolver();
        var references = new ReferenceLoader(new AssemblyRegistry(line => log.Info(line), hostFolders: new[] { FSharpLanguage.Directory }), new PackageRestorer());
        IInterpreter[] interpreters;
        try { interpreters = Interpreters(DefaultKernel(args), (moreLanguages ?? Array.Empty<Func<IInterpreter>>()).Concat(InterpreterPlugins.FromArguments(args)).ToList()); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException or BadImageFormatException)
        {
            log.Error(e.Message);
            return 2;
        }
        var pipeline = CellPipeline.Standard(interpreters, references);
        using (var server = new KernelServer(connection, log, pipeline))
        using (SigintInterrupts.Register(server.Interrupt))
            server.Run();
        NetMQ.NetMQConfig.Cleanup(block: false);
        return 0;
    }

    static readonly string[] ValueOptions = { "--log", "--default-kernel", InterpreterPlugins.Option };

    /// <summary>The language of cells without a <c>#!</c> line: <c>--default-kernel csharp|fsharp|…</c> (the fsharp kernelspec passes it).</summary>
    static string DefaultKernel(string[] args)
    {
        var index = Array.IndexOf(args, "--default-kernel");
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : "csharp";
    }

    /// <summary>
    /// The kernel's interpreters, the default language first (C# when <paramref name="defaultKernel"/> names none of
    /// them); F# loads on its first cell. Their languages join <see cref="Languages"/>, so <c>#!import</c> reads their files.
    /// </summary>
    static IInterpreter[] Interpreters(string defaultKernel, IReadOnlyList<Func<IInterpreter>> moreLanguages)
    {
        var all = new[] { new CSharpInterpreter(), FSharpLanguage.Lazy() }.Concat(moreLanguages.Select(create => create())).ToList();
        foreach (var interpreter in all) Languages.Register(interpreter.Language.Language);
        var first = all.FirstOrDefault(i => i.Language.Language.IsNamed(defaultKernel)) ?? all[0];
        return all.Where(i => i != first).Prepend(first).ToArray();
    }

    static void RegisterCompatibilityFormatters()
    {
        Formatter.Register<LaTeXString>(l => l.ToString(), "text/latex");
        Formatter.Register<MathString>(m => $"$${m.Latex}$$", "text/latex");
        Formatter.SetPreferredMimeTypesFor(typeof(LaTeXString), "text/latex");
        Formatter.SetPreferredMimeTypesFor(typeof(MathString), "text/latex");
        Formatter.Register<Execution.IAnonymousValue>(v => v.ToString()!, "text/plain");
    }
}
