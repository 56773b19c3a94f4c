using System.Diagnostics;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Notebooks;

/// <summary>Options of a run.</summary>
public sealed record RunOptions
{
    /// <summary>Per-cell timeout.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>Keep running after a failing cell.</summary>
    public bool AllowErrors { get; init; }
    /// <summary>The kernelspec used when a notebook names none.</summary>
    public string DefaultKernel { get; init; } = "csharp";
}

/// <summary>How one notebook's run ended.</summary>
/// <param name="Source">The notebook that was run.</param>
/// <param name="Output">Where the executed notebook was written (null when nothing was written).</param>
/// <param name="Cells">Code cells executed.</param>
/// <param name="Duration">Wall time, kernel start to shutdown.</param>
/// <param name="Error">The failure (notebook, cell, line, error), or null.</param>
public sealed record NotebookRunResult(string Source, string? Output, int Cells, TimeSpan Duration, string? Error)
{
    /// <summary>True when every cell ran without error.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>
/// Executes notebooks headless: each in its own kernel process started from the kernelspec its metadata names, in the
/// notebook's folder, exactly as a front end would. Outputs, execution counts and timing go into the executed copy.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Runs one notebook and writes the executed copy to <paramref name="outputPath"/> (atomically).</summary>
    public static NotebookRunResult Run(string path, string outputPath, RunOptions options)
    {
        var watch = Stopwatch.StartNew();
        NotebookDocument notebook;
        try { notebook = NotebookDocument.Load(path); }
        catch (Exception e) when (e is InvalidDataException or IOException) { return new NotebookRunResult(path, null, 0, watch.Elapsed, e.Message); }
        KernelSpec spec;
        try { spec = KernelSpec.Find(notebook.KernelName ?? options.DefaultKernel); }
        catch (InvalidOperationException e) { return new NotebookRunResult(path, null, 0, watch.Elapsed, $"{path}: {e.Message}"); }

        string? error = null;
        var executed = 0;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            using var kernel = KernelClient.Start(spec, folder, TimeSpan.FromSeconds(60));
            var index = 0;
            foreach (var cell in notebook.Cells.OfType<JsonObject>())
            {
                index++;
                if ((string?)cell["cell_type"] != "code") continue;
                var source = NotebookDocument.Source(cell);
                var started = DateTimeOffset.UtcNow;
                var result = kernel.Execute(source, options.CellTimeout, PolyglotMetadata.CellLanguage(cell["metadata"]));
                executed++;
                cell["outputs"] = OutputConverter.ToNbformat(result);
                cell["execution_count"] = (int?)result.Reply["execution_count"] is { } n ? n : null;
                var metadata = cell["metadata"] as JsonObject ?? new JsonObject();
                metadata["execution"] = new JsonObject
                {
                    ["iopub.status.busy"] = started.ToString("O"),
                    ["shell.execute_reply"] = DateTimeOffset.UtcNow.ToString("O"),
                };
                cell["metadata"] = metadata;
                if (result.TimedOut) { error = $"{path}: cell {index} timed out after {options.CellTimeout.TotalSeconds} s"; break; }
                if ((string?)result.Reply["status"] == "error" && !options.AllowErrors)
                {
                    error = $"{path}: cell {index} failed: {result.Reply["ename"]}: {FirstLine((string?)result.Reply["evalue"])}{Where(result.Reply)}";
                    break;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            error = $"{path}: {e.Message}";
        }
        notebook.Save(outputPath);
        return new NotebookRunResult(path, outputPath, executed, watch.Elapsed, error);
    }

    static string FirstLine(string? text) => (text ?? "").Split('\n')[0];

    /// <summary>The cell line of a runtime error (from its traceback), when there is one.</summary>
    static string Where(JsonObject reply)
    {
        var match = (reply["traceback"] as JsonArray)?.Select(t => System.Text.RegularExpressions.Regex.Match((string?)t ?? "", @"(cell\d+):line (\d+)"))
            .FirstOrDefault(m => m.Success);
        return match is null ? "" : $" (at {match.Value})";
    }
}
