using System.Diagnostics;
using System.Reflection;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Packages;

/// <summary>
/// Turns a cell's directives into references: restores packages, builds projects, loads assemblies (with their
/// natives and NotebookExtension), and returns the assemblies later cells compile against.
/// </summary>
public sealed class ReferenceLoader(AssemblyRegistry registry, PackageRestorer restorer)
{
    /// <summary>
    /// Processes directives; <paramref name="say"/> receives short progress lines for the cell's output. The packages'
    /// .NET Interactive kernel extensions are loaded after <paramref name="referenced"/> has given the assemblies to
    /// the interpreters (an extension may submit code that uses them), with <paramref name="kernel"/>'s kernel object.
    /// </summary>
    public IReadOnlyList<Assembly> Load(CellDirectives directives, string baseDirectory, Action<string> say,
        Action<IReadOnlyList<Assembly>> referenced, Func<IExtensionKernel>? kernel)
    {
        var paths = new List<string>();
        var natives = new List<string>();
        var extensions = new List<string>();
        if (directives.Packages.Count > 0 || directives.Sources.Count > 0)
        {
            var watch = Stopwatch.StartNew();
            var assets = restorer.Restore(directives.Packages, directives.Sources);
            paths.AddRange(assets.Managed.Select(a => a.Path));
            natives.AddRange(assets.Native);
            extensions.AddRange(assets.KernelExtensions);
            var names = directives.Packages.Select(p => assets.Packages.TryGetValue(p.Name, out var v) ? $"{p.Name} {v}" : p.Name);
            say($"Restored {string.Join(", ", names)} ({watch.Elapsed.TotalSeconds:F1} s)");
        }
        foreach (var project in directives.Projects)
        {
            var watch = Stopwatch.StartNew();
            var built = ProjectBuilder.Build(project, baseDirectory);
            paths.Add(built.TargetPath);
            paths.AddRange(Directory.GetFiles(built.OutputDirectory, "*.dll").Where(p => p != built.TargetPath));
            paths.AddRange(built.Assets.Managed.Select(a => a.Path));
            natives.AddRange(built.Assets.Native);
            say(built.Built ? $"Built {Path.GetFileName(built.ProjectPath)} ({watch.Elapsed.TotalSeconds:F1} s)" : $"{Path.GetFileName(built.ProjectPath)} is up to date");
        }
        foreach (var assembly in directives.Assemblies)
        {
            var full = Path.GetFullPath(Path.Combine(baseDirectory, assembly));
            if (!File.Exists(full)) throw new FileNotFoundException($"#r \"{assembly}\": no file at {full}", full);
            paths.Add(full);
        }
        var added = registry.Add(paths, natives);
        referenced(added);
        foreach (var line in registry.LoadKernelExtensions(extensions, kernel)) say(line);
        return added;
    }
}
