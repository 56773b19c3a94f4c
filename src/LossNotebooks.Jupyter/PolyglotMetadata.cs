using System.Text.Json.Nodes;

namespace LossNotebooks.Jupyter;

/// <summary>
/// A cell's language as Polyglot Notebooks saved it in the cell's metadata (<c>polyglot_notebook.kernelName</c>, or
/// the older <c>dotnet_interactive.language</c>), and the same shape in an execute_request's metadata, through which
/// <c>lossnb run</c> tells the kernel a cell's language without adding a line to the cell.
/// </summary>
public static class PolyglotMetadata
{
    /// <summary>The language a cell's (or a request's) metadata names, or null.</summary>
    public static string? CellLanguage(JsonNode? metadata) =>
        (string?)metadata?["polyglot_notebook"]?["kernelName"] ?? (string?)metadata?["dotnet_interactive"]?["language"];

    /// <summary>The default language a notebook's metadata names (<c>polyglot_notebook.kernelInfo.defaultKernelName</c>), or null.</summary>
    public static string? NotebookLanguage(JsonNode? notebookMetadata) =>
        (string?)notebookMetadata?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"];

    /// <summary>Request metadata that names a cell's language.</summary>
    public static JsonObject ForLanguage(string language) => new() { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = language } };
}
