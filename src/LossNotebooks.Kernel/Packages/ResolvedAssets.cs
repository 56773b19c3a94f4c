using System.Runtime.InteropServices;
using System.Text.Json;

namespace LossNotebooks.Kernel.Packages;

/// <summary>A managed assembly a package or project brings, with its assembly version where known.</summary>
/// <param name="Path">Full path of the dll.</param>
/// <param name="Package">The package (or project) it comes from.</param>
public sealed record ManagedAsset(string Path, string Package);

/// <summary>Runtime assets of restored packages: managed assemblies to reference, native libraries to load.</summary>
/// <param name="Managed">Managed assemblies.</param>
/// <param name="Native">Native libraries for this platform.</param>
/// <param name="Packages">Package id → resolved version.</param>
public sealed record ResolvedAssets(IReadOnlyList<ManagedAsset> Managed, IReadOnlyList<string> Native, IReadOnlyDictionary<string, string> Packages)
{
    /// <summary>
    /// .NET Interactive kernel extensions the packages ship (<c>interactive-extensions/dotnet/*.dll</c>), loaded when
    /// the package is referenced, as Polyglot Notebooks did.
    /// </summary>
    public IReadOnlyList<string> KernelExtensions { get; init; } = Array.Empty<string>();

    /// <summary>
    /// Reads the runtime assets of an <c>obj/project.assets.json</c> for the first target framework: <c>runtime</c>
    /// assemblies, and <c>native</c> files of <c>runtimeTargets</c> for this platform's RIDs.
    /// </summary>
    public static ResolvedAssets FromAssetsFile(string assetsFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(assetsFile));
        var root = doc.RootElement;
        var packageFolder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
        var libraries = root.GetProperty("libraries");
        var target = root.GetProperty("targets").EnumerateObject().First().Value;
        var rids = CompatibleRids();
        var managed = new List<ManagedAsset>();
        var native = new List<string>();
        var packages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var extensions = new List<string>();
        foreach (var library in target.EnumerateObject())
        {
            if (library.Value.TryGetProperty("type", out var type) && type.GetString() != "package") continue;
            var parts = library.Name.Split('/');
            packages[parts[0]] = parts[1];
            var folder = Path.Combine(packageFolder, libraries.GetProperty(library.Name).GetProperty("path").GetString()!);
            var extensionFolder = Path.Combine(folder, "interactive-extensions", "dotnet");
            if (Directory.Exists(extensionFolder)) extensions.AddRange(Directory.GetFiles(extensionFolder, "*.dll").Order(StringComparer.Ordinal));
            if (library.Value.TryGetProperty("runtime", out var runtime))
                foreach (var asset in runtime.EnumerateObject().Where(a => a.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                    managed.Add(new ManagedAsset(Path.Combine(folder, asset.Name), parts[0]));
            if (library.Value.TryGetProperty("native", out var nativeAssets))
                foreach (var asset in nativeAssets.EnumerateObject().Where(a => !a.Name.EndsWith("_._")))
                    native.Add(Path.Combine(folder, asset.Name));
            if (library.Value.TryGetProperty("runtimeTargets", out var runtimeTargets))
                foreach (var asset in runtimeTargets.EnumerateObject())
                    if (asset.Value.GetProperty("assetType").GetString() == "native" && rids.Contains(asset.Value.GetProperty("rid").GetString()!))
                        native.Add(Path.Combine(folder, asset.Name));
        }
        return new ResolvedAssets(managed, native, packages) { KernelExtensions = extensions };
    }

    /// <summary>This process's RID and its portable fallbacks (linux-x64, linux, unix, any).</summary>
    public static HashSet<string> CompatibleRids()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return new HashSet<string> { RuntimeInformation.RuntimeIdentifier, $"{os}-{arch}", os, OperatingSystem.IsWindows() ? "win" : "unix", "any" };
    }
}
