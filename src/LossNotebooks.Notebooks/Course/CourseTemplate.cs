using System.Text.Json;
using System.Text.Json.Nodes;

namespace LossNotebooks.Notebooks.Course;

/// <summary>
/// A copy of the course outside the repository (<c>lossnb course new DIR</c>): the repository's notebooks and data
/// files as they are, and a course.json whose setup cells reference the published packages instead of the
/// repository's projects. Normalizing the notebooks with it changes their setup cells only.
/// </summary>
public static class CourseTemplate
{
    /// <summary>
    /// Creates the course in <paramref name="target"/> (which must not exist or be empty) from a carried copy of the
    /// repository's <c>notebooks/</c> and <c>data/</c> in <paramref name="source"/>; the setup cells pin
    /// <c>LossNotebooks.Formatting</c> at <paramref name="packageVersion"/> and the native packages
    /// <paramref name="natives"/> (ids and versions: the TorchSharp backend, DuckDB's bindings). Returns the notebooks written.
    /// </summary>
    public static IReadOnlyList<string> Create(string source, string target, string packageVersion, IReadOnlyList<(string Id, string Version)> natives)
    {
        target = Path.GetFullPath(target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new IOException($"{target} exists and is not empty: choose a new folder");
        if (!File.Exists(Path.Combine(source, "notebooks", CourseInfo.FileName)))
            throw new DirectoryNotFoundException($"the course is not carried beside lossnb ({Path.Combine(source, "notebooks", CourseInfo.FileName)} is missing)");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        var notebooks = Path.Combine(target, "notebooks");
        var courseFile = Path.Combine(notebooks, CourseInfo.FileName);
        File.WriteAllText(courseFile, Published(File.ReadAllText(courseFile), packageVersion, natives));
        var course = CourseInfo.Load(notebooks);
        var written = new List<string>();
        foreach (var path in Directory.GetFiles(notebooks, "*.ipynb").Order())
        {
            var notebook = NotebookDocument.Load(path);
            NotebookNormalizer.Normalize(notebook, course);
            notebook.Save(path);
            written.Add(path);
        }
        return written;
    }

    /// <summary>
    /// The repository's course.json made for the packages: every setup cell's <c>#r "project: …"</c> line becomes the
    /// package reference and the native packages' (an application's choice, which a library package leaves open), and
    /// the folders outside the course it depended on are dropped.
    /// </summary>
    public static string Published(string courseJson, string packageVersion, IReadOnlyList<(string Id, string Version)> natives)
    {
        var root = JsonNode.Parse(courseJson)!.AsObject();
        root.Remove("dependsOn");
        foreach (var cell in new[] { root["setupCell"] }.Concat((root["kernels"] as JsonArray ?? new JsonArray()).Select(k => k?["setupCell"])))
        {
            if (cell is not JsonArray lines) continue;
            var replaced = lines.Select(l => (string?)l ?? "").SelectMany(line => line.StartsWith("#r \"project:", StringComparison.Ordinal)
                ? natives.Select(n => $"#r \"nuget: {n.Id}, {n.Version}\"").Prepend($"#r \"nuget: LossNotebooks.Formatting, {packageVersion}\"").ToArray()
                : new[] { line }).ToList();
            lines.Clear();
            foreach (var line in replaced) lines.Add(line);
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
