using System.Text.RegularExpressions;

namespace LossNotebooks.Jupyter;

/// <summary>A NuGet package asked for by a cell; a null version means the newest stable.</summary>
/// <param name="Name">Package id.</param>
/// <param name="Version">Version (or range), or null.</param>
public sealed record PackageRequest(string Name, string? Version);

/// <summary>The package and project directives of one cell, and the cell's code with those lines blanked.</summary>
/// <param name="Code">The code to compile: directive lines replaced by empty lines, so line numbers stay.</param>
/// <param name="Packages"><c>#r "nuget: Name, Version"</c> and <c>#:package Name@Version</c>.</param>
/// <param name="Sources"><c>#i "nuget: source"</c>.</param>
/// <param name="Projects"><c>#r "project: path"</c> and <c>#:project path</c>, as written.</param>
/// <param name="Assemblies"><c>#r "path/to.dll"</c>, as written.</param>
public sealed record CellDirectives(string Code, IReadOnlyList<PackageRequest> Packages, IReadOnlyList<string> Sources,
    IReadOnlyList<string> Projects, IReadOnlyList<string> Assemblies)
{
    /// <summary>True when the cell asks for packages, projects or assemblies.</summary>
    public bool Any => Packages.Count > 0 || Sources.Count > 0 || Projects.Count > 0 || Assemblies.Count > 0;
}

/// <summary>
/// Reads the directives Roslyn scripting does not know: <c>#r "nuget:…"</c>, <c>#i "nuget:…"</c>,
/// <c>#r "project:…"</c> and the SDK's file-based-app forms <c>#:package</c> and <c>#:project</c>.
/// <c>#r "path.dll"</c> is read too, so its NotebookExtension runs; <c>#load</c> is left to Roslyn.
/// </summary>
public static partial class Directives
{
    [GeneratedRegex(@"^\s*#r\s+""\s*nuget\s*:\s*(?<name>[^,""\s]+)\s*(,\s*(?<version>[^""]*?))?\s*""\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NuGetReference();

    [GeneratedRegex(@"^\s*#i\s+""\s*nuget\s*:\s*(?<source>[^""]+?)\s*""\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex NuGetSource();

    [GeneratedRegex(@"^\s*#r\s+""\s*project\s*:\s*(?<path>[^""]+?)\s*""\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectReference();

    [GeneratedRegex(@"^\s*#r\s+""(?<path>[^"":]+\.dll)""\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AssemblyReference();

    [GeneratedRegex(@"^\s*#:package\s+(?<name>[^@\s]+)(@(?<version>\S+))?\s*$")]
    private static partial Regex FileBasedPackage();

    [GeneratedRegex(@"^\s*#:project\s+(?<path>.+?)\s*$")]
    private static partial Regex FileBasedProject();

    /// <summary>Reads a cell's directives.</summary>
    public static CellDirectives Read(string code)
    {
        var lines = code.Split('\n');
        var packages = new List<PackageRequest>();
        var sources = new List<string>();
        var projects = new List<string>();
        var assemblies = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            Match m;
            if ((m = NuGetReference().Match(line)).Success || (m = FileBasedPackage().Match(line)).Success)
            {
                var version = m.Groups["version"].Value.Trim();
                packages.Add(new PackageRequest(m.Groups["name"].Value, version.Length == 0 || version == "*" ? null : version));
            }
            else if ((m = NuGetSource().Match(line)).Success) sources.Add(m.Groups["source"].Value);
            else if ((m = ProjectReference().Match(line)).Success || (m = FileBasedProject().Match(line)).Success)
                projects.Add(m.Groups["path"].Value.Trim('"'));
            else if ((m = AssemblyReference().Match(line)).Success) assemblies.Add(m.Groups["path"].Value);
            else continue;
            lines[i] = "";
        }
        return new CellDirectives(string.Join("\n", lines), packages, sources, projects, assemblies);
    }
}
