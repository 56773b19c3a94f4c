using System.Diagnostics;
using System.Text;

namespace LossNotebooks.Kernel.Packages;

/// <summary>Runs the .NET SDK (<c>dotnet restore</c>, <c>dotnet build</c>) and reports its errors readably.</summary>
public static class DotnetCli
{
    /// <summary>Runs dotnet with arguments in a folder; throws an <see cref="InvalidOperationException"/> with the SDK's errors on failure.</summary>
    public static string Run(string workingDirectory, string what, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{what}: could not start dotnet");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        var text = output.ToString();
        if (process.ExitCode == 0) return text;
        var errors = text.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct().ToList();
        throw new InvalidOperationException($"{what} failed:\n" + (errors.Count > 0 ? string.Join("\n", errors) : text.Trim()));
    }

    /// <summary>The dotnet host running this process (or DOTNET_HOST_PATH), else <c>dotnet</c> from PATH (its full path when found).</summary>
    public static string DotnetPath()
    {
        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost)) return fromHost;
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")).FirstOrDefault(File.Exists);
        return onPath ?? "dotnet";
    }
}
