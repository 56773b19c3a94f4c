using System.Text;
using System.Xml.Linq;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Packages;

/// <summary>The output of a built project and the runtime assets of its package dependencies.</summary>
/// <param name="ProjectPath">The project file.</param>
/// <param name="OutputDirectory">Its build output folder (the project's dll and its project references).</param>
/// <param name="TargetPath">Its dll.</param>
/// <param name="Assets">Runtime assets of its packages (class-library outputs carry no natives).</param>
/// <param name="Built">False when the inputs had not changed and the build was skipped.</param>
public sealed record BuiltProject(string ProjectPath, string OutputDirectory, string TargetPath, ResolvedAssets Assets, bool Built);

/// <summary>
/// <c>#r "project: …"</c>: builds a local project only when its inputs changed (a hash of its sources and those of
/// the projects it references, kept in its obj/ folder), under a lock so kernels building the same project wait
/// for each other instead of racing in obj/.
/// </summary>
public static class ProjectBuilder
{
    static readonly string[] InputExtensions = { ".cs", ".csproj", ".props", ".targets", ".json", ".resx" };

    /// <summary>Builds (if needed) the project at <paramref name="path"/> (a .csproj or its folder), relative to <paramref name="baseDirectory"/>.</summary>
    public static BuiltProject Build(string path, string baseDirectory)
    {
        var project = ResolveProjectFile(Path.GetFullPath(Path.Combine(baseDirectory, path)), path);
        var projectDir = Path.GetDirectoryName(project)!;
        var obj = Directory.CreateDirectory(Path.Combine(projectDir, "obj")).FullName;
        using var gate = AcquireLock(Path.Combine(obj, "lossnb-build.lock"));
        var hash = InputHash(project);
        var stampFile = Path.Combine(obj, "lossnb-build.stamp");
        var stamp = File.Exists(stampFile) ? File.ReadAllLines(stampFile) : Array.Empty<string>();
        var built = false;
        if (stamp.Length < 2 || stamp[0] != hash || !File.Exists(stamp[1]))
        {
            DotnetCli.Run(projectDir, $"building {Path.GetFileName(project)}", "build", project, "-nologo", "-v", "q");
            var output = DotnetCli.Run(projectDir, $"reading the output path of {Path.GetFileName(project)}", "msbuild", project,
                "-getProperty:TargetPath");
            var targetPath = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"building {project}: the SDK did not report the output path");
            File.WriteAllLines(stampFile, new[] { hash, targetPath });
            stamp = new[] { hash, targetPath };
            built = true;
        }
        var assets = ResolvedAssets.FromAssetsFile(Path.Combine(obj, "project.assets.json"));
        return new BuiltProject(project, Path.GetDirectoryName(stamp[1])!, stamp[1], assets, built);
    }

    static string ResolveProjectFile(string full, string asWritten)
    {
        if (File.Exists(full)) return full;
        if (Directory.Exists(full))
        {
            var projects = Directory.GetFiles(full, "*.csproj");
            if (projects.Length == 1) return projects[0];
            throw new FileNotFoundException($"#r \"project: {asWritten}\": {full} holds {projects.Length} .csproj files; name one");
        }
        throw new FileNotFoundException($"#r \"project: {asWritten}\": no project at {full}", full);
    }

    /// <summary>A hash of the project's inputs: its source files and those of every project it references, recursively.</summary>
    static string InputHash(string project)
    {
        var text = new StringBuilder();
        var seen = new HashSet<string>();
        var pending = new Stack<string>(new[] { project });
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current) || !File.Exists(current)) continue;
            var dir = Path.GetDirectoryName(current)!;
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                         .Where(f => InputExtensions.Contains(Path.GetExtension(f)) && !IsBuildOutput(dir, f)).Order())
            {
                var info = new FileInfo(file);
                text.Append(file).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
                if (reference.Attribute("Include")?.Value is { } include)
                    pending.Push(Path.GetFullPath(Path.Combine(dir, include.Replace('\\', Path.DirectorySeparatorChar))));
        }
        // Directory.Build.* and central package versions above the project change the build too.
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(project)!); dir is not null; dir = dir.Parent)
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json" })
                if (File.Exists(Path.Combine(dir.FullName, name)))
                    text.Append(name).Append('|').Append(File.GetLastWriteTimeUtc(Path.Combine(dir.FullName, name)).Ticks).Append('\n');
        return ContentHash.Of(text.ToString());
    }

    static bool IsBuildOutput(string projectDir, string file)
    {
        var relative = Path.GetRelativePath(projectDir, file);
        return relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(100); }
        }
    }
}
