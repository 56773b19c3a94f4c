using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Notebooks;

/// <summary>
/// An .ipynb notebook (nbformat 4) kept as JSON so fields this code does not know survive a round trip. Reads with
/// errors that name the file and the position; writes atomically (temporary file, then rename), so a crash never
/// leaves a half-written notebook.
/// </summary>
public sealed class NotebookDocument
{
    NotebookDocument(string path, JsonObject root) { Path = path; Root = root; }

    /// <summary>Where the notebook was read from.</summary>
    public string Path { get; }
    /// <summary>The whole notebook.</summary>
    public JsonObject Root { get; }
    /// <summary>The cells.</summary>
    public JsonArray Cells => Root["cells"] as JsonArray ?? throw new InvalidDataException($"{Path}: the notebook has no cells array");
    /// <summary>The kernelspec name in the metadata, or null.</summary>
    public string? KernelName => (string?)Root["metadata"]?["kernelspec"]?["name"];

    /// <summary>Reads a notebook; throws <see cref="InvalidDataException"/> naming the file, line and what is wrong.</summary>
    public static NotebookDocument Load(string path)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e); }
        if (node is not JsonObject root || root["cells"] is not JsonArray)
            throw new InvalidDataException($"{path}: not a notebook (expected a JSON object with a cells array)");
        if ((int?)root["nbformat"] is not 4) throw new InvalidDataException($"{path}: nbformat {(int?)root["nbformat"]} is not supported (expected 4)");
        return new NotebookDocument(path, root);
    }

    /// <summary>The source of a cell as one string (nbformat allows a string or a list of lines).</summary>
    public static string Source(JsonNode cell) => MultilineString.Join(cell["source"]);

    /// <summary>Writes the notebook to <paramref name="path"/> atomically, in Jupyter's own JSON layout (<see cref="JupyterJson"/>).</summary>
    public void Save(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temp = full + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JupyterJson.Format(Root), new UTF8Encoding(false));
        File.Move(temp, full, overwrite: true);
    }
}
