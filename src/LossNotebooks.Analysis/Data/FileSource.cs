using DuckDB.NET.Data;

namespace LossNotebooks.Analysis.Data;

/// <summary>The file formats read, by extension.</summary>
public enum FileFormat
{
    /// <summary>Delimited text (<c>.csv</c>, <c>.tsv</c>, <c>.txt</c>), any dialect.</summary>
    Csv,
    /// <summary>Apache Parquet.</summary>
    Parquet,
    /// <summary>JSON: newline-delimited records, or an array of records.</summary>
    Json,
}

/// <summary>
/// One file, a folder of files or a glob (a partitioned data set), all of one format, read by DuckDB's built-in CSV,
/// Parquet and JSON readers in order of their paths. Rows are located by file: a CSV's physical line
/// (<see cref="LineLocator"/>), a Parquet file's row group and row, a JSON-lines file's line.
/// </summary>
public sealed class FileSource : DuckDbSource
{
    readonly string name;
    readonly IReadOnlyList<string> files;
    readonly string? ownedTemp;
    readonly IReadOnlyList<SourceColumn> columns;
    readonly long[] sizes;

    FileSource(DuckDBConnection connection, string? ownedTemp, string name, IReadOnlyList<string> files, FileFormat format, CsvDialect? dialect,
        IReadOnlyList<SourceColumn> columns) : base(connection, files.Count)
    {
        this.name = name;
        this.files = files;
        this.ownedTemp = ownedTemp;
        this.columns = columns;
        sizes = files.Select(f => new FileInfo(f).Length).ToArray();
        Format = format;
        Dialect = dialect;
    }

    /// <summary>The files, in reading order.</summary>
    public IReadOnlyList<string> Files => files;

    /// <summary>Their format.</summary>
    public FileFormat Format { get; }

    /// <summary>For delimited text: the dialect (detected, or as given).</summary>
    public CsvDialect? Dialect { get; }

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override IReadOnlyList<SourceColumn> Columns => columns;

    /// <inheritdoc />
    public override long Bytes => sizes.Sum();

    /// <inheritdoc />
    public override string? Description =>
        (files.Count > 1 ? $"{files.Count} {FormatName} files" : $"{FormatName}") +
        (files.Any(f => f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) ? ", gzip" : "") + (Dialect is null ? "" : $"; {Dialect}");

    string FormatName => Format switch { FileFormat.Csv => "CSV", FileFormat.Parquet => "Parquet", _ => "JSON" };

    /// <inheritdoc />
    protected override char DecimalSeparator => Dialect?.Decimal ?? '.';

    /// <inheritdoc />
    protected override long PartBytes(int part) => sizes[part];

    /// <inheritdoc />
    protected override string PartName(int part) => files.Count == 1 ? name : files[part];

    /// <summary>Opens a file, folder or glob (see <see cref="TabularSource.Open"/>).</summary>
    public static new FileSource Open(string path, DataReadOptions options)
    {
        var connection = DuckDb.Connect(options, out var temp);
        try
        {
            var files = Expand(connection, path);
            var formats = files.Select(FormatOf).Distinct().ToList();
            if (formats.Count > 1)
                throw new InvalidDataException($"{path}: the files mix formats ({string.Join(", ", formats)}); read one format at a time");
            var format = formats[0];
            CsvDialect? dialect = null;
            IReadOnlyList<SourceColumn> columns;
            try
            {
                if (format == FileFormat.Csv)
                {
                    if (files.Any(f => new FileInfo(f).Length == 0)) throw new InvalidDataException($"{files.First(f => new FileInfo(f).Length == 0)}: the file is empty");
                    var tsv = files[0].EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || files[0].EndsWith(".tsv.gz", StringComparison.OrdinalIgnoreCase);
                    var delimiter = options.Delimiter ?? (tsv ? '\t' : null);
                    (dialect, columns) = CsvDialect.Sniff(connection, files[0], delimiter, options.Decimal);
                }
                else columns = DuckDb.Describe(connection, $"SELECT * FROM {Read(format, files[0], null, null)}");
            }
            catch (DuckDBException e) { throw new InvalidDataException($"{files[0]}: {DuckDb.Message(e)}", e); }
            return new FileSource(connection, temp, path, files, format, dialect, columns);
        }
        catch
        {
            connection.Dispose();
            if (temp is not null) Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>The files a path names: itself, the data files of a folder (recursively), or a glob's matches; sorted.</summary>
    static IReadOnlyList<string> Expand(DuckDBConnection connection, string path)
    {
        if (File.Exists(path)) return new[] { path };
        if (Directory.Exists(path))
        {
            var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(f => TryFormatOf(f) is not null)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && !Path.GetFileName(f).StartsWith('_')).Order(StringComparer.Ordinal).ToList();
            return found.Count > 0 ? found : throw new FileNotFoundException($"{path}: the folder holds no .csv, .tsv, .parquet or .json file", path);
        }
        if (path.IndexOfAny(new[] { '*', '?', '[' }) >= 0)
        {
            List<string> found;
            try { found = DuckDb.Rows(connection, $"SELECT file FROM glob({DuckDb.Literal(path)}) ORDER BY file").Select(r => (string)r[0]!).ToList(); }
            catch (DuckDBException e) { throw new InvalidDataException($"{path}: {DuckDb.Message(e)}", e); }
            return found.Count > 0 ? found : throw new FileNotFoundException($"{path}: no file matches", path);
        }
        throw new FileNotFoundException($"{path}: no such file", path);
    }

    static FileFormat? TryFormatOf(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".csv" or ".tsv" or ".txt" or ".tab" => FileFormat.Csv,
            ".parquet" or ".pq" => FileFormat.Parquet,
            ".json" or ".jsonl" or ".ndjson" => FileFormat.Json,
            _ => null,
        };
    }

    static FileFormat FormatOf(string path) => TryFormatOf(path)
        ?? throw new InvalidDataException($"{path}: unknown format; name it .csv, .tsv, .txt, .parquet, .json, .jsonl or .ndjson (optionally .gz)");

    static string Read(FileFormat format, string file, CsvDialect? dialect, IReadOnlyDictionary<string, string>? types) => format switch
    {
        FileFormat.Csv => $"read_csv({DuckDb.Literal(file)}, {dialect!.ReadArguments(types)})",
        FileFormat.Parquet => $"read_parquet({DuckDb.Literal(file)})",
        _ => $"read_json_auto({DuckDb.Literal(file)})",
    };

    /// <inheritdoc />
    protected override string Relation(int part, IReadOnlyDictionary<string, string> types) => Read(Format, files[part], Dialect, types);

    /// <inheritdoc />
    protected override IReadOnlyDictionary<long, string> LocateInPart(int part, IReadOnlyCollection<long> rows)
    {
        var file = files[part];
        var prefix = files.Count == 1 ? name : file;
        if (Format == FileFormat.Parquet)
        {
            var groups = DuckDb.Rows(Connection, $"SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata({DuckDb.Literal(file)}) ORDER BY row_group_id")
                .Select(r => Convert.ToInt64(r[1])).ToArray();
            return rows.ToDictionary(r => r, r =>
            {
                long start = 0;
                for (var g = 0; g < groups.Length; start += groups[g++])
                    if (r < start + groups[g]) return $"{prefix}, row group {g}, row {r - start + 1}";
                return $"{prefix}, row {r + 1}";
            });
        }
        if (Format == FileFormat.Json && IsJsonArray(file)) return rows.ToDictionary(r => r, r => $"{prefix}, record {r + 1}");
        var quote = Dialect is { Quote.Length: 1 } ? (byte)Dialect.Quote[0] : (byte)0;
        var escape = Dialect is { Escape.Length: 1 } ? (byte)Dialect.Escape[0] : (byte)0;
        var lines = LineLocator.Lines(file, rows, Dialect?.HasHeader ?? false, quote, escape);
        return rows.ToDictionary(r => r, r => lines.TryGetValue(r, out var line) ? $"{prefix}, line {line}" : $"{prefix}, record {r + 1}");
    }

    static bool IsJsonArray(string file)
    {
        using var text = new StreamReader(DataFile.Open(file));
        int c;
        while ((c = text.Read()) >= 0 && char.IsWhiteSpace((char)c)) { }
        return c == '[';
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        Connection.Dispose();
        if (ownedTemp is not null && Directory.Exists(ownedTemp)) Directory.Delete(ownedTemp, recursive: true);
        base.Dispose();
    }
}
