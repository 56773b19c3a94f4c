using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LossNotebooks.Jupyter;
using LossNotebooks.Notebooks.Site;

namespace LossNotebooks.Notebooks;

/// <summary>How <c>lossnb exec</c> runs a file.</summary>
public sealed record ExecOptions
{
    /// <summary>The kernelspec to start (default: a notebook's own; else the one named after the file's language).</summary>
    public string? Kernel { get; init; }
    /// <summary>Also write the outputs, rich ones included, as an HTML page here (its assets beside it).</summary>
    public string? Html { get; init; }
    /// <summary>How long one cell may run.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(600);
}

/// <summary>
/// <c>lossnb exec FILE</c>: runs a script or notebook (<c>.csx</c>, <c>.cs</c>, <c>.fsx</c>, <c>.dib</c>, <c>.ipynb</c>) top
/// to bottom in the terminal through the installed kernelspec, as <c>lossnb run</c> drives it — so the kernel, its
/// environment and its semantics are a notebook's. Text outputs are printed, rich ones summarised by type; the first
/// error stops it with the file and line.
/// </summary>
public static partial class ScriptExecutor
{
    /// <summary>Runs <paramref name="path"/>; returns the exit code (0 ok, 1 a cell failed, 2 the file or kernel could not be used).</summary>
    public static int Run(string path, ExecOptions options, TextWriter output, TextWriter errors)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) { errors.WriteLine($"lossnb exec: no file {path}"); return 2; }
        IReadOnlyList<ScriptCell> cells;
        string kernelName;
        try
        {
            cells = ScriptCells.Read(path);
            kernelName = options.Kernel ?? NotebookKernel(path) ?? ScriptCells.DefaultLanguage(path); // kernelspecs are named after their language
        }
        catch (InvalidDataException e) { errors.WriteLine($"lossnb exec: {e.Message}"); return 2; }

        var executed = new JsonArray();
        var byCount = new Dictionary<int, ScriptCell>(); // the file's cells by the execution count the kernel gave them
        var exit = 0;
        try
        {
            using var kernel = KernelClient.Start(KernelSpec.Find(kernelName), Path.GetDirectoryName(path)!, TimeSpan.FromSeconds(60));
            foreach (var cell in cells)
            {
                var result = kernel.Execute(cell.Code, options.CellTimeout, cell.Language);
                var outputs = OutputConverter.ToNbformat(result);
                if ((int?)result.Reply["execution_count"] is { } count) byCount[count] = cell;
                executed.Add(new JsonObject
                {
                    ["cell_type"] = "code",
                    ["source"] = cell.Code,
                    ["execution_count"] = (int?)result.Reply["execution_count"],
                    ["metadata"] = PolyglotMetadata.ForLanguage(cell.Language),
                    ["outputs"] = outputs,
                });
                foreach (var item in outputs.OfType<JsonObject>()) Print(item, output, errors);
                if (result.TimedOut) { errors.WriteLine($"{path}:{cell.Line}: cell {cell.Number} timed out after {options.CellTimeout.TotalSeconds} s"); exit = 1; break; }
                if ((string?)result.Reply["status"] == "error")
                {
                    errors.WriteLine($"{Where(path, cell, result.Reply, byCount)}: cell {cell.Number} failed: {result.Reply["ename"]}: {FirstLine((string?)result.Reply["evalue"])}");
                    exit = 1;
                    break;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            errors.WriteLine($"lossnb exec: {e.Message}");
            return 2;
        }
        if (options.Html is not null) WriteHtml(path, options.Html, executed, kernelName);
        return exit;
    }

    static string? NotebookKernel(string path) =>
        Path.GetExtension(path).Equals(".ipynb", StringComparison.OrdinalIgnoreCase) ? NotebookDocument.Load(path).KernelName : null;

    /// <summary>Stream text as it is; a value or display as its text/plain, with the other representations named by type and size.</summary>
    static void Print(JsonObject item, TextWriter output, TextWriter errors)
    {
        switch ((string?)item["output_type"])
        {
            case "stream":
                ((string?)item["name"] == "stderr" ? errors : output).Write(MultilineString.Join(item["text"]));
                break;
            case "execute_result" or "display_data":
                var data = item["data"] as JsonObject ?? new JsonObject();
                var plain = data.ContainsKey("text/plain") ? MultilineString.Join(data["text/plain"]) : null;
                var rich = data.Where(p => p.Key != "text/plain").Select(p => $"{p.Key}, {Size(p.Value)}").ToList();
                if (plain is not null) output.WriteLine(plain);
                if (rich.Count > 0) output.WriteLine($"[display: {string.Join("; ", rich)}]");
                break;
            case "error":
                foreach (var line in item["traceback"] as JsonArray ?? new JsonArray()) errors.WriteLine(AnsiEscape().Replace((string?)line ?? "", ""));
                break;
        }
    }


    static string Size(JsonNode? node)
    {
        var bytes = Encoding.UTF8.GetByteCount(node is JsonValue ? MultilineString.Join(node) : node?.ToJsonString() ?? "");
        return bytes < 1024 ? $"{bytes} B" : $"{bytes / 1024.0:F1} KB";
    }

    /// <summary>
    /// FILE:LINE of a failure: the position the kernel gives (the cell, maybe an earlier one whose code threw, and its
    /// line) on the file's lines; the failing cell's first line when there is none.
    /// </summary>
    static string Where(string path, ScriptCell failed, JsonObject reply, IReadOnlyDictionary<int, ScriptCell> byCount) =>
        CellPosition.From(reply) is { } position && byCount.TryGetValue(position.Cell, out var cell)
            ? $"{path}:{cell.Line + position.Line - 1}:{position.Column}"
            : $"{path}:{failed.Line}";

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiEscape();

    static string FirstLine(string? text) => (text ?? "").Split('\n')[0];

    /// <summary>The executed cells as one page (the course site's renderer), with its assets beside it.</summary>
    static void WriteHtml(string source, string htmlPath, JsonArray cells, string kernelName)
    {
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = kernelName, ["language"] = kernelName == "fsharp" ? "fsharp" : "csharp" } },
        };
        htmlPath = Path.GetFullPath(htmlPath);
        var folder = Directory.CreateDirectory(Path.GetDirectoryName(htmlPath)!).FullName;
        SiteBuilder.WriteAssets(folder);
        File.WriteAllText(htmlPath, PageRenderer.Render(notebook, new Chapter(Path.GetFileName(source), Path.GetFileName(source)), null, null));
    }
}
