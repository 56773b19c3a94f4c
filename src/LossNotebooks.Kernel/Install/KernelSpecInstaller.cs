using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Install;

/// <summary>Where <c>lossnb install</c> writes the kernelspec.</summary>
public enum InstallScope
{
    /// <summary>The user's Jupyter data folder (default).</summary>
    User,
    /// <summary>The active Python environment's share/jupyter (sys.prefix).</summary>
    SysPrefix,
    /// <summary>An explicit prefix: PREFIX/share/jupyter.</summary>
    Prefix,
}

/// <summary>An installed kernelspec of this kernel.</summary>
/// <param name="Name">The kernelspec name (folder name).</param>
/// <param name="Directory">The kernelspec folder.</param>
/// <param name="KernelPath">The kernel host it starts.</param>
/// <param name="Language">The language of its cells without a <c>#!</c> line (<c>csharp</c> or <c>fsharp</c>).</param>
public sealed record InstalledKernel(string Name, string Directory, string KernelPath, string Language = "csharp");

/// <summary>
/// Installs the kernel host into a versioned per-user folder and writes kernelspecs that start it; lists and
/// removes them. The host's files are the closure listed in its <c>lossnb-kernel.deps.json</c>.
/// </summary>
public static partial class KernelSpecInstaller
{
    /// <summary>The default kernelspec name.</summary>
    public const string DefaultName = "csharp";
    /// <summary>The name old Polyglot notebooks ask for.</summary>
    public const string PolyglotName = ".net-csharp";
    /// <summary>The name old Polyglot F# notebooks ask for.</summary>
    public const string PolyglotFSharpName = ".net-fsharp";
    /// <summary>Shown in front ends' kernel pickers.</summary>
    public const string DisplayName = "C# (LossNotebooks)";
    /// <summary>The F# kernelspec's name in kernel pickers.</summary>
    public const string FSharpDisplayName = "F# (LossNotebooks)";
    const string HostName = "lossnb-kernel";

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex ValidName();

    /// <summary>The versioned folder the host is copied to.</summary>
    public static string HostDirectory() => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
        Environment.SpecialFolderOption.Create), "lossnotebooks", "kernel", Version);

    static string Version => ProductVersion.Current;

    /// <summary>The kernels folder for a scope.</summary>
    public static string KernelsDirectory(InstallScope scope, string? prefix) => scope switch
    {
        InstallScope.User => JupyterPaths.KernelsDirectory(JupyterPaths.UserDataDirectory()),
        InstallScope.SysPrefix => JupyterPaths.KernelsDirectory(Path.Combine(JupyterPaths.PythonSysPrefix(), "share", "jupyter")),
        _ => JupyterPaths.KernelsDirectory(Path.Combine(prefix ?? throw new ArgumentException("--prefix needs a folder"), "share", "jupyter")),
    };

    /// <summary>The F# kernelspec installed beside the C# one named <paramref name="name"/>: <c>fsharp</c> beside <c>csharp</c>, else <c>NAME-fsharp</c>.</summary>
    public static string FSharpName(string name) => name == DefaultName ? "fsharp" : name == PolyglotName ? PolyglotFSharpName : name + "-fsharp";

    /// <summary>
    /// Copies the host (from <paramref name="sourceDirectory"/>, default: beside this assembly) and writes a C# and an
    /// F# kernelspec (<paramref name="name"/> and <see cref="FSharpName"/>; with <paramref name="polyglotAlias"/> also
    /// <c>.net-csharp</c> and <c>.net-fsharp</c>), whose kernels start with <paramref name="environment"/> set. A
    /// kernelspec of another kernel in the way is an error naming it, and nothing is written, unless
    /// <paramref name="force"/>. Installed into the default host folder, host folders of other versions that no
    /// kernelspec starts any more are removed afterwards.
    /// </summary>
    public static IReadOnlyList<InstalledKernel> Install(InstallScope scope, string? prefix, string name, bool polyglotAlias,
        string? sourceDirectory = null, string? hostDirectory = null, IReadOnlyDictionary<string, string>? environment = null, bool force = false)
    {
        if (!ValidName().IsMatch(name)) throw new ArgumentException($"kernel name '{name}' may use only letters, digits, '.', '_' and '-'");
        var kernels = KernelsDirectory(scope, prefix);
        var specs = (polyglotAlias ? new[] { name, PolyglotName } : new[] { name })
            .SelectMany(n => new[] { (Name: n, Language: "csharp"), (Name: FSharpName(n), Language: "fsharp") }).ToList();
        if (!force)
            foreach (var spec in specs)
                if (Owner(Path.Combine(kernels, spec.Name)) is { } other)
                    throw new InvalidOperationException($"{Path.Combine(kernels, spec.Name)} is another kernel's kernelspec ({other}): " +
                                                        "left alone; pass --force to replace it, or --name to install under another name");
        var host = CopyHost(sourceDirectory ?? DefaultSource(), hostDirectory ?? HostDirectory());
        var installed = specs.Select(s => WriteSpec(Path.Combine(kernels, s.Name), s.Name, host, environment, s.Language)).ToList();
        if (hostDirectory is null) RemoveUnusedHosts(extraDataDirectory: Path.GetDirectoryName(kernels));
        return installed;
    }

    /// <summary>Who a kernelspec folder's kernel.json belongs to, when it exists and is not this kernel's; else null.</summary>
    static string? Owner(string specDirectory)
    {
        var file = Path.Combine(specDirectory, "kernel.json");
        if (!File.Exists(file)) return null;
        var text = File.ReadAllText(file);
        if (text.Contains(HostName, StringComparison.Ordinal)) return null;
        try
        {
            var spec = JsonNode.Parse(text);
            var argv = spec?["argv"]?.AsArray().Select(a => Path.GetFileName((string?)a ?? "")).Take(2) ?? Array.Empty<string>();
            return $"'{(string?)spec?["display_name"] ?? "unnamed"}', starting {string.Join(" ", argv)}";
        }
        catch (JsonException) { return "a kernel.json that is not valid JSON"; }
    }

    /// <summary>
    /// Removes the host folders of other versions under the per-user install folder that no kernelspec in Jupyter's
    /// folders (and <paramref name="extraDataDirectory"/>) starts; the folders removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveUnusedHosts(string? extraDataDirectory = null) =>
        RemoveUnusedHosts(HostDirectory(), List(extraDataDirectory));

    /// <summary>Removes the folders beside <paramref name="current"/> that none of <paramref name="kernels"/> starts.</summary>
    internal static IReadOnlyList<string> RemoveUnusedHosts(string current, IEnumerable<InstalledKernel> kernels)
    {
        var versions = Path.GetDirectoryName(current)!;
        var used = kernels.Select(k => Path.GetDirectoryName(Path.GetFullPath(k.KernelPath))).ToHashSet();
        var removed = new List<string>();
        foreach (var folder in Directory.GetDirectories(versions).Where(f => f != current && !used.Contains(f)))
        {
            try { Directory.Delete(folder, recursive: true); removed.Add(folder); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // in use or not ours to delete: kept
        }
        return removed;
    }

    /// <summary>
    /// Where the host to install is: the ReadyToRun publish in <c>kernel-host/</c> beside lossnb when the build made
    /// one, else the host built beside this assembly.
    /// </summary>
    public static string DefaultSource()
    {
        var beside = Path.GetDirectoryName(typeof(KernelSpecInstaller).Assembly.Location)!;
        var published = Path.Combine(beside, "kernel-host");
        return File.Exists(Path.Combine(published, HostName + ".deps.json")) ? published : beside;
    }

    /// <summary>Copies the host's files into <paramref name="target"/>; returns the host's path there.</summary>
    public static string CopyHost(string source, string target)
    {
        var depsFile = Path.Combine(source, HostName + ".deps.json");
        if (!File.Exists(depsFile)) throw new FileNotFoundException($"the kernel host is not built beside lossnb: {depsFile} is missing", depsFile);
        var files = new HashSet<string> { HostName + ".dll", HostName + ".deps.json", HostName + ".runtimeconfig.json", HostName + ".pdb" };
        using (var deps = JsonDocument.Parse(File.ReadAllText(depsFile)))
        {
            foreach (var target_ in deps.RootElement.GetProperty("targets").EnumerateObject())
                foreach (var library in target_.Value.EnumerateObject())
                {
                    if (library.Value.TryGetProperty("runtime", out var runtime))
                        foreach (var asset in runtime.EnumerateObject()) files.Add(Path.GetFileName(asset.Name));
                    if (library.Value.TryGetProperty("resources", out var resources))
                        foreach (var asset in resources.EnumerateObject())
                            if (asset.Value.TryGetProperty("locale", out var locale))
                                files.Add(Path.Combine(locale.GetString()!, Path.GetFileName(asset.Name)));
                }
        }
        // F# support: the interpreter and its compiler, loaded from fsharp/ on the first F# cell.
        var fsharp = Path.Combine(source, "fsharp");
        if (Directory.Exists(fsharp)) files.UnionWith(Directory.GetFiles(fsharp).Select(f => Path.Combine("fsharp", Path.GetFileName(f))));
        Directory.CreateDirectory(target);
        foreach (var file in files)
        {
            var from = Path.Combine(source, file);
            if (!File.Exists(from)) continue;
            var to = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            ReplaceFile(from, to);
        }
        return Path.Combine(target, HostName + ".dll");
    }

    /// <summary>
    /// Copies <paramref name="from"/> to a temporary file beside <paramref name="to"/> and renames it into place: a
    /// kernel still running from the old copy keeps its (memory-mapped) file, where copying over it would change the
    /// bytes under the running process and crash it.
    /// </summary>
    static void ReplaceFile(string from, string to)
    {
        var temporary = $"{to}.{Environment.ProcessId}.tmp";
        File.Copy(from, temporary, overwrite: true);
        File.Move(temporary, to, overwrite: true);
    }

    /// <summary>
    /// Writes kernel.json (and the logo) for a host into a kernelspec folder; <paramref name="environment"/> becomes
    /// its <c>env</c>, the variables the kernel process starts with (e.g. the loss library's process settings);
    /// <paramref name="language"/> (<c>csharp</c> or <c>fsharp</c>) is the language of cells without a <c>#!</c> line.
    /// </summary>
    public static InstalledKernel WriteSpec(string specDirectory, string name, string hostDll, IReadOnlyDictionary<string, string>? environment = null,
        string language = "csharp")
    {
        Directory.CreateDirectory(specDirectory);
        var fsharp = language == "fsharp";
        var argv = new JsonArray(Packages.DotnetCli.DotnetPath(), hostDll, "{connection_file}");
        if (fsharp) { argv.Add("--default-kernel"); argv.Add("fsharp"); }
        var spec = new JsonObject
        {
            ["argv"] = argv,
            ["display_name"] = fsharp ? FSharpDisplayName : DisplayName,
            ["language"] = language,
            ["interrupt_mode"] = "message",
            ["env"] = new JsonObject((environment ?? new Dictionary<string, string>()).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
            ["metadata"] = new JsonObject { ["debugger"] = true, ["lossnotebooks"] = Version },
        };
        var json = Path.Combine(specDirectory, $"kernel.json.{Environment.ProcessId}.tmp");
        File.WriteAllText(json, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(json, Path.Combine(specDirectory, "kernel.json"), overwrite: true); // a front end never reads half a file
        foreach (var (resource, file) in new[] { ("svg", "logo-svg.svg"), ("32.png", "logo-32x32.png"), ("64.png", "logo-64x64.png") })
        {
            using var logo = typeof(KernelSpecInstaller).Assembly.GetManifestResourceStream($"logo.{language}{(resource == "svg" ? ".svg" : "-" + resource)}")
                ?? throw new InvalidOperationException($"the {language} logo ({resource}) is not embedded in this build");
            using var target = File.Create(Path.Combine(specDirectory, file));
            logo.CopyTo(target);
        }
        return new InstalledKernel(name, specDirectory, hostDll, language);
    }

    /// <summary>Kernelspecs of this kernel in every folder Jupyter searches.</summary>
    public static IReadOnlyList<InstalledKernel> List(string? extraDataDirectory = null)
    {
        var found = new List<InstalledKernel>();
        var dirs = JupyterPaths.DataDirectories().Prepend(extraDataDirectory).OfType<string>().Distinct();
        foreach (var kernels in dirs.Select(JupyterPaths.KernelsDirectory).Where(Directory.Exists))
            foreach (var dir in Directory.GetDirectories(kernels))
            {
                var file = Path.Combine(dir, "kernel.json");
                if (!File.Exists(file)) continue;
                try
                {
                    var spec = JsonNode.Parse(File.ReadAllText(file));
                    var argv = spec?["argv"]?.AsArray().Select(a => (string?)a).ToList() ?? new();
                    var host = argv.FirstOrDefault(a => a?.Contains(HostName, StringComparison.Ordinal) == true);
                    if (host is not null) found.Add(new InstalledKernel(Path.GetFileName(dir), dir, host, (string?)spec?["language"] ?? "csharp"));
                }
                catch (JsonException) { }
            }
        return found;
    }

    /// <summary>
    /// Removes the named kernelspec of this kernel and its F# partner (<see cref="FSharpName"/>) from the scope's
    /// folder; the names removed (none when there was neither).
    /// </summary>
    public static IReadOnlyList<string> Uninstall(InstallScope scope, string? prefix, string name) =>
        new[] { name, FSharpName(name) }.Distinct().Where(n => UninstallOne(scope, prefix, n)).ToList();

    static bool UninstallOne(InstallScope scope, string? prefix, string name)
    {
        var dir = Path.Combine(KernelsDirectory(scope, prefix), name);
        var file = Path.Combine(dir, "kernel.json");
        if (!File.Exists(file)) return false;
        if (!File.ReadAllText(file).Contains(HostName, StringComparison.Ordinal))
            throw new InvalidOperationException($"{dir} is not a LossNotebooks kernelspec: left alone");
        Directory.Delete(dir, recursive: true);
        return true;
    }
}
