using System.IO.Compression;

namespace LossNotebooks.Analysis.Data;

/// <summary>Reading a data file's bytes as DuckDB does: decompressed when its name ends in <c>.gz</c>.</summary>
static class DataFile
{
    /// <summary>The file's content, decompressed when gzip; disposing it closes the file.</summary>
    public static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }
}
