using System.Text.Json;
using System.Text.Json.Nodes;

namespace LossNotebooks.Notebooks.Course;

/// <summary>A kernel a course's notebooks may use: its kernelspec, the language_info that goes with it, and its own setup cell.</summary>
/// <param name="Kernelspec">The notebook's <c>metadata.kernelspec</c> (name, display_name, language).</param>
/// <param name="LanguageInfo">The notebook's <c>metadata.language_info</c>.</param>
/// <param name="SetupCell">The setup cell of this kernel's notebooks (an F# notebook's differs from a C# one's), or null for the course's.</param>
public sealed record CourseKernel(JsonObject Kernelspec, JsonObject LanguageInfo, string? SetupCell = null)
{
    /// <summary>The kernelspec name.</summary>
    public string Name => (string?)Kernelspec["name"] ?? "";
    /// <summary>The kernel's language (the Polyglot kernel name of its cells).</summary>
    public string Language => (string?)Kernelspec["language"] ?? Name;
}

/// <summary>
/// A course's description of itself, read from <c>course.json</c> in its notebook folder: title, the folders its
/// notebooks depend on (a change there re-executes them), the kernels its notebooks use (the first is the default)
/// and the setup cell every notebook shares (the cell tagged <c>setup</c>; a kernel may give its own).
/// </summary>
/// <param name="Folder">The course's notebook folder.</param>
/// <param name="Title">The course's title (the site's index heading).</param>
/// <param name="DependsOn">Folders, relative to <paramref name="Folder"/>, whose files the notebooks depend on.</param>
/// <param name="Kernels">The kernels notebooks may declare; the first is the default.</param>
/// <param name="SetupCell">The source of the shared setup cell, or null when the course has none.</param>
public sealed record CourseInfo(string Folder, string Title, IReadOnlyList<string> DependsOn, IReadOnlyList<CourseKernel> Kernels, string? SetupCell)
{
    /// <summary>The file name a course folder describes itself in.</summary>
    public const string FileName = "course.json";

    /// <summary>The tag of the shared setup cell.</summary>
    public const string SetupTag = "setup";

    /// <summary>The default kernel.</summary>
    public CourseKernel DefaultKernel => Kernels[0];

    /// <summary>The setup cell of a notebook using <paramref name="kernel"/>: the kernel's own, else the course's.</summary>
    public string? SetupCellFor(CourseKernel? kernel) => kernel?.SetupCell ?? SetupCell;

    /// <summary>The folders the notebooks depend on, as full paths.</summary>
    public IEnumerable<string> DependencyFolders => DependsOn.Select(d => Path.GetFullPath(Path.Combine(Folder, d)));

    /// <summary>
    /// The course described in <paramref name="folder"/>/course.json, or a description with no kernels and no setup
    /// cell when there is none (any folder of notebooks is a course). Throws <see cref="InvalidDataException"/>
    /// naming the file and the field when the file is malformed.
    /// </summary>
    public static CourseInfo Load(string folder)
    {
        folder = Path.GetFullPath(folder);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return new CourseInfo(folder, Path.GetFileName(folder), Array.Empty<string>(), Array.Empty<CourseKernel>(), null);
        JsonObject root;
        try { root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e); }

        string Required(JsonNode? node, string field) => (string?)node ?? throw new InvalidDataException($"{path}: '{field}' is missing or not a string");
        var kernels = (root["kernels"] as JsonArray ?? throw new InvalidDataException($"{path}: 'kernels' is missing (a list of kernelspec + language_info)"))
            .Select((k, i) => new CourseKernel(
                k?["kernelspec"]?.DeepClone() as JsonObject ?? throw new InvalidDataException($"{path}: kernels[{i}].kernelspec is missing"),
                k!["language_info"]?.DeepClone() as JsonObject ?? throw new InvalidDataException($"{path}: kernels[{i}].language_info is missing"),
                Lines(k["setupCell"], $"kernels[{i}].setupCell")))
            .ToList();
        if (kernels.Count == 0) throw new InvalidDataException($"{path}: 'kernels' is empty");
        foreach (var (kernel, i) in kernels.Select((k, i) => (k, i)))
            Required(kernel.Kernelspec["name"], $"kernels[{i}].kernelspec.name");
        var dependsOn = (root["dependsOn"] as JsonArray ?? new JsonArray()).Select((d, i) => Required(d, $"dependsOn[{i}]")).ToList();
        return new CourseInfo(folder, Required(root["title"], "title"), dependsOn, kernels, Lines(root["setupCell"], "setupCell"));

        string? Lines(JsonNode? node, string field) => node switch
        {
            null => null,
            JsonArray lines => string.Join("\n", lines.Select((l, i) => Required(l, $"{field}[{i}]"))),
            var other => Required(other, field),
        };
    }
}
