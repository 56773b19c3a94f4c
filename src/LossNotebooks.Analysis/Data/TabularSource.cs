namespace LossNotebooks.Analysis.Data;

/// <summary>What a column holds, as the comparison reads it.</summary>
public enum ColumnKind
{
    /// <summary>Numbers (integers or reals): predictions, scores, numeric labels.</summary>
    Number,
    /// <summary>Text or booleans: class names as labels.</summary>
    Text,
}

/// <summary>A column of a source: its name and kind.</summary>
/// <param name="Name">The header or property name.</param>
/// <param name="Kind">Number or text.</param>
/// <param name="Type">The type as the source names it (<c>DOUBLE</c>, <c>VARCHAR</c>, <c>Single</c>…), for messages.</param>
public sealed record SourceColumn(string Name, ColumnKind Kind, string Type);

/// <summary>A column to read: as numbers, or as class indices of the named classes.</summary>
/// <param name="Name">The column.</param>
/// <param name="Classes">For labels written as names: class names in index order (a label not among them reads as −1).</param>
public sealed record ColumnRead(string Name, IReadOnlyList<string>? Classes = null);

/// <summary>
/// Consecutive rows of a source, column by column. Missing values (empty, NA, null, NaN) read as NaN. The arrays are
/// the source's buffers: valid until the next chunk is requested.
/// </summary>
/// <param name="FirstRow">The 0-based ordinal of the chunk's first row in the whole source (files in order).</param>
/// <param name="Count">Rows in the chunk (the arrays may be longer).</param>
/// <param name="Columns">One array per requested column, in request order.</param>
public sealed record ColumnChunk(long FirstRow, int Count, double[][] Columns)
{
    /// <summary>Whether row <paramref name="i"/> of the chunk has a value in every column (no NaN: nothing missing).</summary>
    public bool IsComplete(int i)
    {
        foreach (var column in Columns) if (double.IsNaN(column[i])) return false;
        return true;
    }
}

/// <summary>Progress of a long step.</summary>
/// <param name="Stage">What is being done (<c>reading</c>, <c>losses</c>, <c>training</c>).</param>
/// <param name="Done">Work done so far.</param>
/// <param name="Total">All the work (0 when unknown).</param>
/// <param name="Unit"><c>bytes</c>, <c>rows</c> or <c>fits</c>.</param>
public sealed record AnalysisProgress(string Stage, long Done, long Total, string Unit)
{
    /// <summary>How far, for people: <c>2.0 of 2.0 MB</c> (bytes in kB, MB or GB by the total), <c>10 of 100 rows</c>.</summary>
    public string Amount()
    {
        if (Unit != "bytes") return $"{Done:N0} of {Total:N0} {Unit}";
        var (scale, unit) = Total >= 1e9 ? (1e9, "GB") : Total >= 1e6 ? (1e6, "MB") : (1e3, "kB");
        return $"{Done / scale:F1} of {Total / scale:F1} {unit}";
    }
}

/// <summary>
/// Tabular data the comparison streams: a file (CSV of any dialect, Parquet, JSON lines; one or a folder of them), a
/// DuckDB query, a <c>DataFrame</c> or records in memory. Reads in column chunks, so a source larger than memory
/// stays in bounded memory, and names rows as the user knows them (a file's physical line, a Parquet row).
/// </summary>
public abstract class TabularSource : IDisposable
{
    /// <summary>What the data is, for reports and messages (a path, a glob, "query", "DataFrame").</summary>
    public abstract string Name { get; }

    /// <summary>The columns in the source's order.</summary>
    public abstract IReadOnlyList<SourceColumn> Columns { get; }

    /// <summary>How the source was read (a CSV's detected dialect, the files of a folder), or null.</summary>
    public virtual string? Description => null;

    /// <summary>Total size in bytes when known (files), for progress; else 0.</summary>
    public virtual long Bytes => 0;

    /// <summary>
    /// Streams the requested columns in chunks of at most <paramref name="chunkRows"/> rows. A value that is not a
    /// number in a numeric read is an <see cref="InvalidDataException"/> naming where it is. <paramref name="progress"/>
    /// receives the bytes (or rows) read.
    /// </summary>
    public abstract IEnumerable<ColumnChunk> Read(IReadOnlyList<ColumnRead> columns, int chunkRows, IProgress<AnalysisProgress>? progress = null);

    /// <summary>The distinct values of a text column (trimmed, missing values left out), at most <paramref name="limit"/>.</summary>
    public abstract IReadOnlyList<string> Distinct(string column, int limit);

    /// <summary>The value of one column at a row, as text (for messages).</summary>
    public abstract string? ValueAt(long row, string column);

    /// <summary>Where rows are, as the user finds them: <c>data.csv, line 12</c>, <c>part-1.parquet, row group 0, row 7</c>, <c>row 7</c>.</summary>
    public abstract IReadOnlyDictionary<long, string> Locate(IReadOnlyCollection<long> rows);

    /// <summary>Where one row is.</summary>
    public string Locate(long row) => Locate(new[] { row })[row];

    /// <summary>The named column, or an error listing the columns there are.</summary>
    public SourceColumn Column(string name) => Columns.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"{Name}: no column '{name}'; the columns are {string.Join(", ", Columns.Select(c => c.Name))}");

    /// <summary>Releases what the source holds (a DuckDB connection, temporary files).</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>
    /// Opens a file by its extension (<c>.csv</c>, <c>.tsv</c>, <c>.txt</c>, <c>.parquet</c>, <c>.json</c>, <c>.jsonl</c>,
    /// <c>.ndjson</c>, each optionally <c>.gz</c>), a folder of such files or a glob (<c>parts/*.parquet</c>), read by DuckDB.
    /// </summary>
    public static TabularSource Open(string path, DataReadOptions? options = null) => FileSource.Open(path, options ?? new DataReadOptions());
}
