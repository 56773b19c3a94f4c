using System.Security;
using System.Text;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Packages;

/// <summary>
/// Restores the session's NuGet packages through the .NET SDK (so NuGet.config, offline caches and private feeds
/// work): a small project holding every package asked for so far, restored in a cache folder named by its content,
/// so a repeated request costs nothing.
/// </summary>
public sealed class PackageRestorer
{
    readonly Dictionary<string, PackageRequest> packages = new(StringComparer.OrdinalIgnoreCase);
    readonly List<string> sources = new();
    readonly string cacheRoot;
    readonly string workingDirectory;

    /// <summary>Creates a restorer caching under <paramref name="cacheRoot"/> (default: the user's cache folder).</summary>
    public PackageRestorer(string? cacheRoot = null, string? workingDirectory = null)
    {
        this.cacheRoot = cacheRoot ?? Path.Combine(KernelCache.Root, "restore");
        this.workingDirectory = workingDirectory ?? Directory.GetCurrentDirectory();
    }

    /// <summary>
    /// Adds packages and sources and restores them with every earlier one; returns all their assets. A restore that
    /// fails leaves nothing behind: neither its packages and sources (a later <c>#r</c> is not held back by them) nor a
    /// cached result (the same <c>#r</c>, after the configuration is fixed, restores again).
    /// </summary>
    public ResolvedAssets Restore(IEnumerable<PackageRequest> added, IEnumerable<string> addedSources)
    {
        var earlierPackages = new Dictionary<string, PackageRequest>(packages, StringComparer.OrdinalIgnoreCase);
        var earlierSources = sources.ToList();
        foreach (var source in addedSources)
            if (!sources.Contains(source)) sources.Add(Directory.Exists(Path.Combine(workingDirectory, source)) ? Path.GetFullPath(Path.Combine(workingDirectory, source)) : source);
        foreach (var package in added)
        {
            if (packages.TryGetValue(package.Name, out var earlier) && earlier.Version != package.Version && earlier.Version is not null && package.Version is not null)
                throw new InvalidOperationException($"package {package.Name} {package.Version} was asked for, but {package.Name} {earlier.Version} " +
                                                    "is already loaded in this kernel; restart the kernel to change versions");
            packages[package.Name] = package;
        }
        var project = ProjectText();
        var folder = Path.Combine(cacheRoot, ContentHash.Of(project + string.Join(";", sources)));
        var assets = Path.Combine(folder, "obj", "project.assets.json");
        var restored = Path.Combine(folder, "restored");
        if (!File.Exists(restored))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "packages.csproj"), project);
            try
            {
                DotnetCli.Run(folder, $"restoring {string.Join(", ", packages.Values.Select(p => p.Version is null ? p.Name : $"{p.Name} {p.Version}"))}",
                    "restore", "packages.csproj", "-nologo");
            }
            catch
            {
                packages.Clear();
                foreach (var (name, request) in earlierPackages) packages[name] = request;
                sources.Clear();
                sources.AddRange(earlierSources);
                Directory.Delete(folder, recursive: true);
                throw;
            }
            File.WriteAllText(restored, "");
        }
        return ResolvedAssets.FromAssetsFile(assets);
    }

    string ProjectText()
    {
        var text = new StringBuilder();
        text.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        text.AppendLine("  <PropertyGroup>");
        text.AppendLine($"    <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>");
        text.AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
        text.AppendLine("    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps><ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>");
        text.AppendLine("    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>");
        text.AppendLine("    <NoWarn>NU1603;NU1701</NoWarn>");
        // NuGet reads its configuration as `dotnet restore` in the notebook's folder would: NuGet.config files from
        // that folder up to the root, then the user's and the machine's (credentials included).
        text.AppendLine($"    <RestoreRootConfigDirectory>{SecurityElement.Escape(workingDirectory)}</RestoreRootConfigDirectory>");
        if (sources.Count > 0) text.AppendLine($"    <RestoreAdditionalProjectSources>{SecurityElement.Escape(string.Join(";", sources))}</RestoreAdditionalProjectSources>");
        text.AppendLine("  </PropertyGroup>");
        text.AppendLine("  <ItemGroup>");
        foreach (var p in packages.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
            text.AppendLine($"    <PackageReference Include=\"{SecurityElement.Escape(p.Name)}\" Version=\"{SecurityElement.Escape(p.Version ?? "*")}\" />");
        text.AppendLine("  </ItemGroup>");
        text.AppendLine("</Project>");
        return text.ToString();
    }
}
