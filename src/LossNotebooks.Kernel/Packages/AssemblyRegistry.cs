using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using LossNotebooks.Build;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Packages;

/// <summary>
/// The assemblies and native libraries that cells referenced: loads them at once, resolves their dependencies,
/// points their P/Invokes at one folder of natives (with the GLIBCXX weakening applied to the kernel's own copies where
/// the host needs it), refuses a second version of a loaded assembly (a newer patch of one the host carries is served by
/// the host's copy), and calls <c>NotebookExtension.Load()</c> and .NET Interactive kernel extensions.
/// </summary>
public sealed class AssemblyRegistry
{
    readonly Dictionary<string, (Version Version, string Path)> byName = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, Assembly> servedByHost = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, string> nativeByFileName = new(StringComparer.Ordinal);
    readonly HashSet<string> extensionsLoaded = new(StringComparer.OrdinalIgnoreCase);
    readonly string nativeCache;
    readonly Action<string> report;
    readonly IReadOnlyList<string> hostFolders;

    /// <summary>Creates the registry; <paramref name="report"/> receives one line per notable action (shown in the cell).</summary>
    /// <param name="report">Receives one line per notable action.</param>
    /// <param name="nativeCache">Where natives are copied (default: the kernel cache).</param>
    /// <param name="hostFolders">
    /// Folders whose assemblies the host loads on demand (the F# interpreter's, with FSharp.Core): a package's copy of
    /// one of them is served by the host's, as for the framework's.
    /// </param>
    public AssemblyRegistry(Action<string> report, string? nativeCache = null, IReadOnlyList<string>? hostFolders = null)
    {
        this.report = report;
        this.hostFolders = hostFolders ?? Array.Empty<string>();
        this.nativeCache = nativeCache ?? Path.Combine(KernelCache.Root, "natives");
        AssemblyLoadContext.Default.Resolving += (_, name) =>
            name.Name is null ? null
            : byName.TryGetValue(name.Name, out var known) ? AssemblyLoadContext.Default.LoadFromAssemblyPath(known.Path)
            : servedByHost.GetValueOrDefault(name.Name);
        // Raised when normal probing finds no native library, for P/Invokes and NativeLibrary.Load(name, assembly)
        // alike (TorchSharp loads its natives the second way, which a DllImportResolver would not see).
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) => ResolveNative(name, assembly);
    }

    /// <summary>
    /// Registers managed assemblies (checking versions against those already loaded), loads them, gathers natives,
    /// and calls NotebookExtension.Load() in them. Returns the assemblies cells compile against: the newly loaded ones,
    /// and the host's own copies of those the kernel already carries.
    /// </summary>
    public IReadOnlyList<Assembly> Add(IEnumerable<string> assemblyPaths, IEnumerable<string> nativePaths)
    {
        var added = new List<string>();
        var fromHost = new List<Assembly>();
        foreach (var (name, path) in Unified(assemblyPaths.Distinct()))
        {
            var version = name.Version ?? new Version(0, 0);
            if (byName.TryGetValue(name.Name!, out var known))
            {
                if (known.Version != version) throw SecondVersion(name.Name!, version, path, known.Version, known.Path);
                continue;
            }
            var (hostVersion, hostPath) = HostAssembly(name.Name!);
            if (hostVersion is not null)
            {
                // The framework or the kernel itself already has it: fine when at least as new (cells compile against
                // the host's copy, which is the one they will run with).
                if (hostVersion >= version)
                {
                    fromHost.Add(Assembly.Load(new AssemblyName(name.Name!)));
                    continue;
                }
                // An older patch of the same major.minor (packages restored on another day may bring a newer patch of
                // a library the kernel carries): the host's copy serves, since the loader cannot hold both; references
                // to the newer version bind to it through the Resolving event.
                if (hostVersion.Major == version.Major && hostVersion.Minor == version.Minor)
                {
                    var host = Assembly.Load(new AssemblyName(name.Name!));
                    servedByHost[name.Name!] = host;
                    fromHost.Add(host);
                    report($"{name.Name} {version} was asked for; the kernel's {hostVersion} serves it (same major.minor, an older patch).");
                    continue;
                }
                throw SecondVersion(name.Name!, version, path, hostVersion, hostPath!);
            }
            byName[name.Name!] = (version, path);
            added.Add(path);
        }
        AddNatives(nativePaths);
        var assemblies = added.Select(AssemblyLoadContext.Default.LoadFromAssemblyPath).ToList();
        foreach (var assembly in assemblies) CallNotebookExtension(assembly);
        return assemblies.Concat(fromHost.Where(a => !a.GetName().Name!.StartsWith("System.", StringComparison.Ordinal))).Distinct().ToList();
    }

    /// <summary>
    /// The assemblies of one cell's references with one version per name, the highest, as NuGet unifies a project's
    /// dependencies: a package built against an older version runs with the newer (Microsoft.Data.Analysis with
    /// Apache.Arrow 14 beside DuckDB.NET with Apache.Arrow 23, both referenced in one cell).
    /// </summary>
    IEnumerable<(AssemblyName Name, string Path)> Unified(IEnumerable<string> paths)
    {
        var named = new List<(AssemblyName Name, string Path)>();
        foreach (var path in paths)
        {
            try { named.Add((AssemblyName.GetAssemblyName(path), path)); }
            catch (BadImageFormatException) { } // a reference-only or native file
        }
        foreach (var group in named.GroupBy(n => n.Name.Name!))
        {
            var newest = group.MaxBy(n => n.Name.Version ?? new Version(0, 0));
            var older = group.Select(n => n.Name.Version).Where(v => v != newest.Name.Version).Distinct().ToList();
            if (older.Count > 0) report($"{group.Key} {newest.Name.Version} serves the references to {string.Join(", ", older)} too.");
            yield return newest;
        }
    }

    static InvalidOperationException SecondVersion(string name, Version asked, string askedPath, Version loaded, string loadedPath)
        => new($"{name} {asked} ({askedPath}) was asked for, but {name} {loaded} ({loadedPath}) is already loaded in this kernel; " +
               "reference both in one cell (the newer then serves both) or restart the kernel to change versions");

    /// <summary>The version of an assembly the process already has (loaded, in a host folder, or in the framework's trusted list).</summary>
    (Version? Version, string? Path) HostAssembly(string name)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => !a.IsDynamic && a.GetName().Name == name);
        if (loaded is not null) return (loaded.GetName().Version, loaded.Location);
        var inHostFolder = hostFolders.Select(f => Path.Combine(f, name + ".dll")).FirstOrDefault(File.Exists);
        if (inHostFolder is not null) return (AssemblyName.GetAssemblyName(inHostFolder).Version, inHostFolder);
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), name, StringComparison.OrdinalIgnoreCase));
        return trusted is null ? (null, null) : (AssemblyName.GetAssemblyName(trusted).Version, trusted);
    }

    void AddNatives(IEnumerable<string> nativePaths)
    {
        var natives = nativePaths.Where(File.Exists).ToList();
        if (natives.Count == 0) return;
        var folder = Path.Combine(nativeCache, ContentHash.Of(string.Join("\n", natives.Order())));
        Directory.CreateDirectory(folder);
        var weaken = OperatingSystem.IsLinux() && GlibcxxWeakener.HostLacksVersion();
        foreach (var source in natives)
        {
            var target = Path.Combine(folder, Path.GetFileName(source));
            if (!File.Exists(target) || new FileInfo(target).Length != new FileInfo(source).Length)
            {
                File.Copy(source, target, overwrite: true);
                if (weaken) WeakenMarkerRequirement(target);
            }
            nativeByFileName[Path.GetFileName(target)] = target;
        }
        Preload(natives.Select(n => nativeByFileName[Path.GetFileName(n)]));
    }

    /// <summary>
    /// A native library that asks for <see cref="GlibcxxWeakener.RequiredVersion"/> — a version marker no symbol of it
    /// binds to (TorchSharp's libLibTorchSharp.so is one) — on a host whose libstdc++ lacks it: the requirement of
    /// the kernel's copy is made weak, so the loader accepts it. Decided by what the library asks for, whatever its
    /// name; done once, when the copy is made.
    /// </summary>
    void WeakenMarkerRequirement(string library)
    {
        try
        {
            if (GlibcxxWeakener.WeakenRequirement(library))
                report($"Weakened the {GlibcxxWeakener.RequiredVersion} requirement of the kernel's copy of {Path.GetFileName(library)} (host libstdc++ is older).");
        }
        catch (InvalidDataException) { } // not a 64-bit ELF shared object: nothing to weaken
    }

    /// <summary>
    /// Loads the package natives by full path, dependencies first (retrying until nothing more loads), so a library
    /// of the same name elsewhere on the system (e.g. Debian's libtorch_cpu.so of python3-torch) can never be picked
    /// by name first. Test and Python-binding libraries are left alone.
    /// </summary>
    void Preload(IEnumerable<string> paths)
    {
        var pending = paths.Where(p => !Path.GetFileName(p).Contains("test", StringComparison.Ordinal)
                                       && !Path.GetFileName(p).Contains("python", StringComparison.Ordinal)).ToList();
        bool progress;
        do
        {
            progress = false;
            foreach (var path in pending.ToList())
                if (NativeLibrary.TryLoad(path, out _)) { pending.Remove(path); progress = true; }
        } while (progress && pending.Count > 0);
        foreach (var path in pending) report($"could not preload {path}");
    }

    IntPtr ResolveNative(string libraryName, Assembly assembly)
    {
        foreach (var candidate in new[] { libraryName, $"lib{libraryName}.so", $"{libraryName}.so", $"lib{libraryName}.dylib", $"{libraryName}.dll" })
            if (nativeByFileName.TryGetValue(candidate, out var path))
            {
                try { return NativeLibrary.Load(path); }
                catch (DllNotFoundException e) { report($"could not load {path} for {libraryName} (asked by {assembly.GetName().Name}): {e.Message}"); }
            }
        return IntPtr.Zero;
    }

    /// <summary>
    /// Loads .NET Interactive kernel extensions (a package's <c>interactive-extensions/dotnet/*.dll</c>): every public
    /// class implementing <c>Microsoft.DotNet.Interactive.IKernelExtension</c> is created and its <c>OnLoadAsync</c>
    /// awaited with <paramref name="kernel"/>'s kernel object (a .NET Interactive <c>CompositeKernel</c> whose language
    /// kernels are this kernel's interpreters; null where a test gives none). An extension that fails does not fail the
    /// cell: its package stays referenced and the failure is one line on stderr naming the extension and what threw.
    /// Afterwards the <c>NotebookExtension</c>s loaded so far run again, so this kernel's own libraries (written to render
    /// offline) keep their formatters for the types both format, whichever was referenced first.
    /// </summary>
    /// <returns>A line per extension loaded or skipped, for the cell's output.</returns>
    public IReadOnlyList<string> LoadKernelExtensions(IEnumerable<string> extensionPaths, Func<IExtensionKernel>? kernel = null)
    {
        var lines = new List<string>();
        var loadedAny = false;
        foreach (var path in extensionPaths.Distinct())
        {
            if (!extensionsLoaded.Add(path)) continue;
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
            Type[] types;
            try { types = assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToArray(); }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or ReflectionTypeLoadException or TypeLoadException)
            {
                lines.Add($"Skipped the .NET Interactive kernel extension in {Path.GetFileName(path)}: it needs an assembly none of the " +
                          $"referenced packages brings ({FirstLine(e.Message)})");
                continue;
            }
            foreach (var type in types.Where(t => t.GetInterfaces().Any(IsKernelExtensionContract)))
            {
                if (LoadKernelExtension(type, path, kernel?.Invoke()) is { } failure)
                {
                    Console.Error.WriteLine(failure);
                    continue;
                }
                lines.Add($"Loaded .NET Interactive kernel extension {type.FullName}");
                loadedAny = true;
            }
        }
        if (loadedAny)
            foreach (var load in notebookExtensionLoads) load.Invoke(null, null);
        return lines;
    }

    static bool IsKernelExtensionContract(Type contract) => contract.FullName == "Microsoft.DotNet.Interactive.IKernelExtension";

    /// <summary>Creates an extension and awaits its <c>OnLoadAsync</c>; the failure as one line, or null.</summary>
    string? LoadKernelExtension(Type type, string path, IExtensionKernel? kernel)
    {
        var onLoad = type.GetInterfaceMap(type.GetInterfaces().First(IsKernelExtensionContract)).TargetMethods
            .Single(m => m.Name.EndsWith("OnLoadAsync", StringComparison.Ordinal));
        try
        {
            var extension = Activator.CreateInstance(type)!;
            if (kernel is null) ((Task?)onLoad.Invoke(extension, new object?[] { null }))?.GetAwaiter().GetResult();
            else kernel.Load(extension, onLoad);
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } cause } ? cause : e;
            var where = inner.TargetSite is { } site ? $" in {site.DeclaringType?.FullName}.{site.Name}" : "";
            return $"the .NET Interactive kernel extension {type.FullName} ({Path.GetFileName(path)}) failed to load{where}: " +
                   $"{inner.GetType().Name}: {FirstLine(inner.Message)}; its package stays referenced";
        }
        report($"Loaded .NET Interactive kernel extension {type.FullName} from {Path.GetFileName(path)}");
        return null;
    }

    static string FirstLine(string text) => text.Split('\n')[0].Trim();

    readonly List<MethodInfo> notebookExtensionLoads = new(); // run again after a .NET Interactive extension loads

    void CallNotebookExtension(Assembly assembly)
    {
        if (!extensionsLoaded.Add(assembly.Location)) return;
        Type[] types;
        try { types = assembly.GetExportedTypes(); }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException) { return; }
        foreach (var type in types.Where(t => t.Name == "NotebookExtension" && t.IsAbstract && t.IsSealed))
        {
            var load = type.GetMethod("Load", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes);
            if (load is null) continue;
            load.Invoke(null, null);
            notebookExtensionLoads.Add(load);
            report($"Loaded {type.FullName} from {Path.GetFileName(assembly.Location)}");
        }
    }
}
