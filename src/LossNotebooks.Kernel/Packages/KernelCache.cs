namespace LossNotebooks.Kernel.Packages;

/// <summary>The kernel's cache folder: LOSSNB_KERNEL_CACHE, else the user's cache (XDG) folder.</summary>
public static class KernelCache
{
    /// <summary>The root folder.</summary>
    public static string Root
    {
        get
        {
            var overridden = Environment.GetEnvironmentVariable("LOSSNB_KERNEL_CACHE");
            if (!string.IsNullOrEmpty(overridden)) return overridden;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var baseDir = !string.IsNullOrEmpty(xdg) ? xdg
                : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "lossnotebooks");
        }
    }
}
