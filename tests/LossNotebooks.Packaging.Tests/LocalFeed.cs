using System.Diagnostics;

namespace LossNotebooks.Packaging.Tests;

/// <summary>
/// The kernel tool and the library packages packed once per test run into a temporary feed, at a version of their own
/// (so the NuGet cache never serves an earlier run's package under the same version).
/// </summary>
public sealed class LocalFeed : IDisposable
{
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    /// <summary>The repository's root folder.</summary>
    public string Repository { get; }

    /// <summary>The feed folder holding the .nupkg files.</summary>
    public string Folder { get; }

    /// <summary>The version every package was packed at.</summary>
    public string Version { get; }

    /// <summary>
    /// Packs the kernel tool, the loss library and its formatters from this configuration's build, and the lossnb tool
    /// (built here for linux-x64, the platform of its package).
    /// </summary>
    public LocalFeed()
    {
        Repository = TestRepository.Root();
        Folder = Directory.CreateTempSubdirectory("lossnb-feed-").FullName;
        Version = $"0.2.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}"; // this run's own version
        foreach (var project in new[] { "LossNotebooks.Losses", "LossNotebooks.Analysis", "LossNotebooks.Formatting", "LossNotebooks.Kernel.Tool" })
            Run.Dotnet(Repository, TimeSpan.FromMinutes(5), "pack", $"src/{project}", "-c", Configuration, "--no-build", "-o", Folder,
                $"-p:PackageVersion={Version}", "-nologo");
        Run.Dotnet(Repository, TimeSpan.FromMinutes(10), "pack", "src/LossNotebooks.Cli", "-c", Configuration, "-o", Folder,
            $"-p:PackageVersion={Version}", "-nologo");
    }

    /// <summary>Deletes the feed.</summary>
    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>Runs a process to completion, failing with its output when it fails or hangs.</summary>
public static class Run
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>.</summary>
    public static string Dotnet(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Program("dotnet", workingDirectory, timeout, null, arguments);

    /// <summary>Runs <paramref name="file"/>; returns its standard output.</summary>
    public static string Program(string file, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout}:\n{output.Result}\n{error.Result}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}
