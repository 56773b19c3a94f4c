using System.Diagnostics;
using LossNotebooks.Kernel.Install;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// The kernel installed the way users install it (lossnb install's code, --prefix into a temporary folder), and
/// a way to run Debian's Python clients against it. Shared by every test of the collection.
/// </summary>
public sealed class KernelInstallation : IDisposable
{
    /// <summary>Debian's interpreter: the only one that sees python3-jupyter-client and friends.</summary>
    public const string DebianPython = "/usr/bin/python3";

    public string Root { get; } = Directory.CreateTempSubdirectory("lossnb-kernel-tests-").FullName;
    public string JupyterPath => Path.Combine(Root, "share", "jupyter");
    public string WorkingDirectory { get; }
    public string LogFile => Path.Combine(Root, "kernel.log");
    public IReadOnlyList<InstalledKernel> Kernels { get; }

    /// <summary>
    /// The kernelspec environment, as <c>lossnb install</c> passes it (the loss library's process settings; a CLI test
    /// checks that it does): the kernel_environment scenario checks that the kernel process starts with it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KernelspecEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_MaxVectorTBitWidth"] = "512",
        ["GOMP_SPINCOUNT"] = "10000",
    };

    public KernelInstallation()
    {
        Kernels = KernelSpecInstaller.Install(InstallScope.Prefix, Root, KernelSpecInstaller.DefaultName, polyglotAlias: true,
            sourceDirectory: AppContext.BaseDirectory, hostDirectory: Path.Combine(Root, "host"), environment: KernelspecEnvironment);
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
    }

    /// <summary>Runs a Python script of <c>clients/</c> (or a module with -m) with our kernelspec visible.</summary>
    public (int Exit, string Output) RunPython(IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        Assert.True(File.Exists(DebianPython), $"{DebianPython} is missing: run ./test.sh, which installs the Debian packages");
        var start = new ProcessStartInfo(DebianPython)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? WorkingDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        ConfigureEnvironment(start);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout.TotalSeconds} s\n{stdout.Result}\n{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Makes our kernelspec (and only the test's Jupyter folders) visible to a Jupyter process.</summary>
    public void ConfigureEnvironment(ProcessStartInfo start)
    {
        start.Environment["JUPYTER_PATH"] = JupyterPath;
        start.Environment["JUPYTER_DATA_DIR"] = Path.Combine(Root, "data");
        start.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(Root, "runtime");
        start.Environment["JUPYTER_PLATFORM_DIRS"] = "1";
        start.Environment["IPYTHONDIR"] = Path.Combine(Root, "ipython");
        start.Environment["LOSSNB_KERNEL_LOG"] = LogFile;
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["LOSSNB_REPO"] = TestRepository.Root();
    }


    public static string Client(string file) => Path.Combine(AppContext.BaseDirectory, "clients", file);

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(nameof(KernelCollection))]
public sealed class KernelCollection : ICollectionFixture<KernelInstallation>;
