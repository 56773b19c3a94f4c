using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Cells;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Interpreters;
using LossNotebooks.Kernel.Packages;
using LossNotebooks.Kernel.Server;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Kernel;

/// <summary>The kernel host: <c>lossnb-kernel CONNECTION_FILE [--log FILE]</c>, as a kernelspec's argv starts it.</summary>
public static class Program
{
    /// <summary>Starts the kernel for a connection file and serves until shutdown.</summary>
    public static int Main(string[] args)
    {
        var connectionFile = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var logIndex = Array.IndexOf(args, "--log");
        var logPath = logIndex >= 0 && logIndex + 1 < args.Length ? args[logIndex + 1] : Environment.GetEnvironmentVariable("LOSSNB_KERNEL_LOG");
        if (args.Contains("--version")) { Console.WriteLine(typeof(Program).Assembly.GetName().Version); return 0; }
        if (connectionFile is null || args.Contains("--help"))
        {
            Console.Error.WriteLine("usage: lossnb-kernel CONNECTION_FILE [--log FILE]   (started by Jupyter through the kernelspec)");
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
        var references = new ReferenceLoader(new AssemblyRegistry(line => log.Info(line)), new PackageRestorer());
        var pipeline = CellPipeline.Standard(new IInterpreter[] { new CSharpInterpreter() }, references);
        using (var server = new KernelServer(connection, log, pipeline))
        using (SigintInterrupts.Register(server.Interrupt))
            server.Run();
        NetMQ.NetMQConfig.Cleanup(block: false);
        return 0;
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
