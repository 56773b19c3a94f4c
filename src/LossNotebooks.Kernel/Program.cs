using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Cells;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Interpreters;
using LossNotebooks.Kernel.Packages;
using LossNotebooks.Kernel.Server;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Kernel;

/// <summary>
/// The kernel host: <c>lossnb-kernel CONNECTION_FILE [--default-kernel csharp|fsharp] [--log FILE]</c>, as a
/// kernelspec's argv starts it; <c>lossnb-kernel install|uninstall …</c> writes or removes its kernelspecs (what a
/// user runs after <c>dotnet tool install</c>).
/// </summary>
public static class Program
{
    /// <summary>Starts the kernel for a connection file and serves until shutdown, or runs install/uninstall.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "install" or "uninstall")
            return new System.CommandLine.RootCommand("lossnb-kernel: a C# and F# Jupyter kernel")
                { Install.InstallCommands.CreateInstall("lossnb-kernel"), Install.InstallCommands.CreateUninstall("lossnb-kernel") }
                .Parse(args).Invoke();
        var connectionFile = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--log" or "--default-kernel"))).FirstOrDefault();
        var logIndex = Array.IndexOf(args, "--log");
        var logPath = logIndex >= 0 && logIndex + 1 < args.Length ? args[logIndex + 1] : Environment.GetEnvironmentVariable("LOSSNB_KERNEL_LOG");
        if (args.Contains("--version")) { Console.WriteLine(typeof(Program).Assembly.GetName().Version); return 0; }
        if (connectionFile is null || args.Contains("--help"))
        {
            Console.Error.WriteLine("usage: lossnb-kernel CONNECTION_FILE [--default-kernel csharp|fsharp] [--log FILE]   (started by Jupyter through the kernelspec)");
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
        var pipeline = CellPipeline.Standard(Interpreters(DefaultKernel(args)), references);
        using (var server = new KernelServer(connection, log, pipeline))
        using (SigintInterrupts.Register(server.Interrupt))
            server.Run();
        NetMQ.NetMQConfig.Cleanup(block: false);
        return 0;
    }

    /// <summary>The language of cells without a <c>#!</c> line: <c>--default-kernel csharp|fsharp</c> (the fsharp kernelspec passes it).</summary>
    static string DefaultKernel(string[] args)
    {
        var index = Array.IndexOf(args, "--default-kernel");
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : "csharp";
    }

    /// <summary>The kernel's interpreters, the default language first; F# loads on its first cell.</summary>
    static IInterpreter[] Interpreters(string defaultKernel)
    {
        IInterpreter csharp = new CSharpInterpreter(), fsharp = FSharpLanguage.Lazy();
        return defaultKernel.Equals("fsharp", StringComparison.OrdinalIgnoreCase) ? new[] { fsharp, csharp } : new[] { csharp, fsharp };
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
