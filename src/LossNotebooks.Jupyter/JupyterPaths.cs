using System.Diagnostics;

namespace LossNotebooks.Jupyter;

/// <summary>Where Jupyter looks for kernelspecs, as jupyter_core defines it for Linux, macOS and Windows.</summary>
public static class JupyterPaths
{
    /// <summary>The user's Jupyter data folder: JUPYTER_DATA_DIR, else the platform's per-user location.</summary>
    public static string UserDataDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        if (!string.IsNullOrEmpty(overridden)) return overridden;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
    }

    /// <summary>System-wide Jupyter data folders.</summary>
    public static IEnumerable<string> SystemDataDirectories() => OperatingSystem.IsWindows()
        ? new[] { Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "jupyter") }
        : new[] { "/usr/local/share/jupyter", "/usr/share/jupyter" };

    /// <summary>
    /// Every data folder in Jupyter's search order: JUPYTER_PATH entries, the user folder, the Python environment's
    /// (<paramref name="sysPrefix"/>/share/jupyter, when known), then the system folders.
    /// </summary>
    public static IEnumerable<string> DataDirectories(string? sysPrefix = null)
    {
        var jupyterPath = Environment.GetEnvironmentVariable("JUPYTER_PATH");
        if (!string.IsNullOrEmpty(jupyterPath))
            foreach (var dir in jupyterPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)) yield return dir;
        yield return UserDataDirectory();
        if (sysPrefix is not null) yield return Path.Combine(sysPrefix, "share", "jupyter");
        foreach (var dir in SystemDataDirectories()) yield return dir;
    }

    /// <summary>The kernels folder of a data folder.</summary>
    public static string KernelsDirectory(string dataDirectory) => Path.Combine(dataDirectory, "kernels");

    /// <summary>Finds a kernelspec folder by name in Jupyter's search order, or null.</summary>
    public static string? FindKernelSpec(string name) => DataDirectories()
        .Select(d => Path.Combine(KernelsDirectory(d), name))
        .FirstOrDefault(d => File.Exists(Path.Combine(d, "kernel.json")));

    /// <summary>The prefix (sys.prefix) of the first python3 on PATH, for <c>--sys-prefix</c>.</summary>
    public static string PythonSysPrefix()
    {
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "python" : "python3", "-c \"import sys; print(sys.prefix)\"")
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3 to find sys.prefix");
        var prefix = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0 || prefix.Length == 0) throw new InvalidOperationException("python3 did not print sys.prefix: is Python on PATH?");
        return prefix;
    }
}
