using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Notebooks.Course;

/// <summary>
/// <c>lossnb normalize</c>: brings a course notebook to the form the course keeps in version control — the course's
/// kernelspec and language_info, per-cell Polyglot metadata that agrees with the cell's own first <c>#!lang</c> line,
/// no outputs or execution counts, stable cell ids (existing ids kept; new or duplicate ones get <c>NN-</c> and 8
/// random hex digits), the shared setup cell of <c>course.json</c>, authors' tags untouched, Jupyter's JSON layout.
/// </summary>
public static class NotebookNormalizer
{
    /// <summary>The language a <c>#!</c> line or Polyglot metadata names, when the kernel runs or shows its cells.</summary>
    static string? CellLanguage(string? name) =>
        Languages.Find(name) is { Kind: LanguageKind.Code or LanguageKind.Display } language ? language.Name : null;

    /// <summary>
    /// Normalizes <paramref name="notebook"/> in memory and says what changed, one line per change naming the cell
    /// (empty when the notebook was already normal). Nothing is written: call <see cref="NotebookDocument.Save"/>.
    /// </summary>
    public static IReadOnlyList<string> Normalize(NotebookDocument notebook, CourseInfo course)
    {
        var changes = new List<string>();
        var before = File.Exists(notebook.Path) ? File.ReadAllText(notebook.Path) : "";
        var root = notebook.Root;
        if ((int?)root["nbformat_minor"] is not >= 5) { root["nbformat_minor"] = 5; changes.Add("nbformat_minor set to 5 (cell ids need 4.5)"); }
        var metadata = root["metadata"] as JsonObject ?? (JsonObject)(root["metadata"] = new JsonObject());
        var kernel = NormalizeKernel(metadata, course, changes);
        var language = kernel?.Language ?? (string?)metadata["kernelspec"]?["language"] ?? "csharp";

        if (course.SetupCellFor(kernel) is { } setup) NormalizeSetupCell(notebook, setup, changes);
        var prefix = IdPrefix(notebook.Path);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var languages = new List<string> { language };
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            if (notebook.Cells[i] is not JsonObject cell) continue;
            var name = $"cell {i + 1}";
            var id = (string?)cell["id"];
            if (string.IsNullOrEmpty(id) || !seen.Add(id))
            {
                var fresh = NewId(prefix, seen);
                changes.Add($"{name}: id {(string.IsNullOrEmpty(id) ? "missing" : $"'{id}' repeats an earlier cell's")}, now '{fresh}'");
                cell["id"] = id = fresh;
            }
            name = $"cell {i + 1} ({id})";
            if (cell["source"] is JsonValue) { cell["source"] = Lines(NotebookDocument.Source(cell)); }
            if ((string?)cell["cell_type"] == "code")
            {
                if (cell["outputs"] is not JsonArray { Count: 0 }) { changes.Add($"{name}: outputs removed"); cell["outputs"] = new JsonArray(); }
                if (cell["execution_count"] is not null || !cell.ContainsKey("execution_count")) { changes.Add($"{name}: execution count removed"); cell["execution_count"] = null; }
                var cellMetadata = cell["metadata"] as JsonObject ?? (JsonObject)(cell["metadata"] = new JsonObject());
                if (cellMetadata.Remove("execution")) changes.Add($"{name}: execution timestamps removed");
                var cellLanguage = NormalizeCellLanguage(cell, cellMetadata, language, name, changes);
                if (!languages.Contains(cellLanguage)) languages.Add(cellLanguage);
            }
            else
            {
                if (cell.Remove("outputs") | cell.Remove("execution_count")) changes.Add($"{name}: a {(string?)cell["cell_type"]} cell holds no outputs");
                if (cell["metadata"] is null) cell["metadata"] = new JsonObject();
            }
        }

        var kernelInfo = new JsonObject
        {
            ["defaultKernelName"] = language,
            ["items"] = new JsonArray(languages.Select(l => (JsonNode)new JsonObject { ["aliases"] = new JsonArray(), ["name"] = l }).ToArray()),
        };
        if (!JsonNode.DeepEquals(metadata["polyglot_notebook"]?["kernelInfo"], kernelInfo))
        {
            changes.Add($"metadata: polyglot_notebook.kernelInfo set to default '{language}' with {string.Join(", ", languages)}");
            var polyglot = metadata["polyglot_notebook"] as JsonObject ?? (JsonObject)(metadata["polyglot_notebook"] = new JsonObject());
            polyglot["kernelInfo"] = kernelInfo;
        }
        if (changes.Count == 0 && before != JupyterJson.Format(root)) changes.Add("JSON layout differs from Jupyter's (sorted keys, one-space indent, sources as lists of lines)");
        return changes;
    }

    static CourseKernel? NormalizeKernel(JsonObject metadata, CourseInfo course, List<string> changes)
    {
        if (course.Kernels.Count == 0) return null;
        var declared = (string?)metadata["kernelspec"]?["name"];
        var kernel = course.Kernels.FirstOrDefault(k => k.Name == declared) ?? course.DefaultKernel;
        if (!JsonNode.DeepEquals(metadata["kernelspec"], kernel.Kernelspec))
        {
            changes.Add($"metadata: kernelspec {(declared is null ? "missing" : $"'{declared}'")} set to the course's '{kernel.Name}'");
            metadata["kernelspec"] = kernel.Kernelspec.DeepClone();
        }
        if (!JsonNode.DeepEquals(metadata["language_info"], kernel.LanguageInfo))
        {
            changes.Add($"metadata: language_info set to the course's for '{kernel.Name}'");
            metadata["language_info"] = kernel.LanguageInfo.DeepClone();
        }
        return kernel;
    }

    /// <summary>
    /// The cell's language: its first <c>#!lang</c> line if it has one; else a language its Polyglot metadata names
    /// (the line is then added, so the kernel runs the cell in it); else the notebook's. Both metadata keys follow.
    /// </summary>
    static string NormalizeCellLanguage(JsonObject cell, JsonObject metadata, string notebookLanguage, string name, List<string> changes)
    {
        var source = NotebookDocument.Source(cell);
        var firstLine = source.Split('\n', 2)[0].Trim();
        var magic = MagicLine.Parse(firstLine)?.Name;
        string language;
        if (CellLanguage(magic) is { } fromMagic) language = fromMagic;
        else
        {
            var stated = (string?)metadata["polyglot_notebook"]?["kernelName"] ?? (string?)metadata["dotnet_interactive"]?["language"];
            language = CellLanguage(stated) ?? notebookLanguage;
            if (language != notebookLanguage)
            {
                cell["source"] = Lines($"#!{language}\n{source}");
                changes.Add($"{name}: '#!{language}' line added (its metadata says {language})");
            }
        }
        var expectedDotnet = new JsonObject { ["language"] = language };
        var expectedPolyglot = new JsonObject { ["kernelName"] = language };
        if (!JsonNode.DeepEquals(metadata["dotnet_interactive"], expectedDotnet) || !JsonNode.DeepEquals(metadata["polyglot_notebook"], expectedPolyglot))
        {
            changes.Add($"{name}: Polyglot cell metadata set to '{language}'");
            metadata["dotnet_interactive"] = expectedDotnet;
            metadata["polyglot_notebook"] = expectedPolyglot;
        }
        return language;
    }

    static void NormalizeSetupCell(NotebookDocument notebook, string setup, List<string> changes)
    {
        var tagged = notebook.Cells.OfType<JsonObject>().Where(c => Tags(c).Contains(CourseInfo.SetupTag)).ToList();
        if (tagged.Count == 0)
        {
            var at = notebook.Cells.Select((c, i) => (c, i)).FirstOrDefault(p => (string?)p.c?["cell_type"] == "code", (null, notebook.Cells.Count)).Item2;
            notebook.Cells.Insert(at, new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject { ["tags"] = new JsonArray(CourseInfo.SetupTag) },
                ["outputs"] = new JsonArray(),
                ["source"] = Lines(setup),
            });
            changes.Add($"cell {at + 1}: the course's setup cell inserted (no cell is tagged '{CourseInfo.SetupTag}')");
            return;
        }
        foreach (var cell in tagged.Where(c => NotebookDocument.Source(c) != setup))
        {
            changes.Add($"cell {notebook.Cells.IndexOf(cell) + 1} ({(string?)cell["id"]}): setup cell differs from course.json's, replaced");
            cell["source"] = Lines(setup);
        }
    }

    /// <summary>The cell's tags (metadata.tags).</summary>
    public static IReadOnlyList<string> Tags(JsonNode cell) =>
        (cell["metadata"]?["tags"] as JsonArray)?.Select(t => (string?)t ?? "").ToList() ?? (IReadOnlyList<string>)Array.Empty<string>();

    /// <summary>A source as nbformat stores it: a list of lines, each but the last ending with a newline.</summary>
    static JsonArray Lines(string source)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < source.Length; i++)
            if (source[i] == '\n') { lines.Add(source[start..(i + 1)]); start = i + 1; }
        if (start < source.Length) lines.Add(source[start..]);
        return lines;
    }

    static string IdPrefix(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var dash = name.IndexOf('-');
        return dash > 0 ? name[..dash] : name;
    }

    static string NewId(string prefix, HashSet<string> taken)
    {
        string id;
        do id = $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        while (!taken.Add(id));
        return id;
    }
}
