using System.Globalization;
using CsvHelper;

namespace LossNotebooks.Analysis;

/// <summary>What to do with rows that have an empty value in a used column.</summary>
public enum MissingValuePolicy
{
    /// <summary>Stop with an error naming the row and column (default: never silently).</summary>
    Fail,
    /// <summary>Drop such rows, and report how many were dropped.</summary>
    Drop,
}

/// <summary>A used column as the loader saw it: its inferred type, range and missing values.</summary>
/// <param name="Name">The header.</param>
/// <param name="Kind"><c>integer</c> when every value is a whole number, else <c>real</c>.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Missing">Empty or NA cells (rows dropped under <see cref="MissingValuePolicy.Drop"/>).</param>
public sealed record ColumnSummary(string Name, string Kind, double Min, double Max, int Missing);

/// <summary>Numeric columns read from a CSV or TSV file, with the counts a report states.</summary>
/// <param name="Path">The file.</param>
/// <param name="Columns">Column name → values (one per kept row), as float64.</param>
/// <param name="Lines">The file line of each kept row (the header is line 1), for reports that point at samples.</param>
/// <param name="RowsRead">Data rows in the file.</param>
/// <param name="RowsDropped">Rows dropped for missing values.</param>
/// <param name="Summaries">Per used column: inferred type, range, missing count.</param>
public sealed record CsvTable(string Path, IReadOnlyDictionary<string, double[]> Columns, int[] Lines, int RowsRead, int RowsDropped,
    IReadOnlyList<ColumnSummary> Summaries)
{
    /// <summary>Rows kept.</summary>
    public int Rows => Lines.Length;

    /// <summary>
    /// Reads the named columns of a CSV (or TSV: by extension) file with CsvHelper, streaming row by row (only the
    /// used columns are kept, as float64). Errors name the file, and for bad values the line and column: an absent
    /// column (listing the available ones), a non-numeric value, a row with fewer fields than the header, an empty or
    /// header-only file, a missing value under <see cref="MissingValuePolicy.Fail"/>. <paramref name="progress"/>
    /// receives the bytes read so far every 64 Ki rows.
    /// </summary>
    public static CsvTable Load(string path, IReadOnlyList<string> columns, MissingValuePolicy missing = MissingValuePolicy.Fail,
        Action<long, long>? progress = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        var size = new FileInfo(path).Length;
        if (size == 0) throw new InvalidDataException($"{path}: the file is empty");
        var options = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? new CsvReaderOptions { Separator = '\t' } : new CsvReaderOptions();
        using var csv = CsvReader.FromFile(path, options);
        csv.ReadHeader();
        var headers = csv.Headers.ToList();
        if (headers.All(h => h.Length == 0)) throw new InvalidDataException($"{path}: the file has no header");
        var distinct = columns.Distinct().ToList();
        var indices = distinct.Select(c =>
        {
            var i = headers.IndexOf(c);
            return i >= 0 ? i : throw new ArgumentException($"{path}: no column '{c}'; the columns are {string.Join(", ", headers)}");
        }).ToArray();
        // Sized from the file's length and its first lines, so large files do not leave a trail of doubled buffers.
        var capacity = EstimateRows(path, size);
        var values = distinct.Select(_ => new GrowableArray<double>(capacity)).ToArray();
        var lines = new GrowableArray<int>(capacity);
        var missingCounts = new int[distinct.Count];
        var integral = Enumerable.Repeat(true, distinct.Count).ToArray();
        var read = 0;
        var dropped = 0;
        var row = new double[distinct.Count];
        while (csv.Read())
        {
            read++;
            var line = read + 1;
            if (csv.FieldCount < headers.Count)
                throw new InvalidDataException($"{path}, line {line}: {csv.FieldCount} fields, but the header has {headers.Count}");
            var skip = false;
            for (var k = 0; k < indices.Length; k++)
            {
                var raw = csv.GetSpan(indices[k]); // UTF-8 bytes in the reader's buffer: no string per value
                var text = raw[System.Text.Ascii.Trim(raw)];
                if (text.Length == 0 || text.SequenceEqual("NA"u8) || text.SequenceEqual("NaN"u8) || text.SequenceEqual("nan"u8) || text.SequenceEqual("null"u8))
                {
                    missingCounts[k]++;
                    if (missing == MissingValuePolicy.Drop) { skip = true; continue; }
                    throw new InvalidDataException($"{path}, line {line}, column '{distinct[k]}': missing value (use the drop policy to skip such rows)");
                }
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out row[k]) || !double.IsFinite(row[k]))
                    throw new InvalidDataException($"{path}, line {line}, column '{distinct[k]}': '{System.Text.Encoding.UTF8.GetString(text)}' is not a number");
            }
            if (skip) { dropped++; continue; }
            for (var k = 0; k < indices.Length; k++)
            {
                values[k].Add(row[k]);
                if (integral[k] && row[k] != Math.Floor(row[k])) integral[k] = false;
            }
            lines.Add(line);
            if (progress is not null && (read & 0xFFFF) == 0) progress(csv.ByteOffset, size);
        }
        if (read == 0) throw new InvalidDataException($"{path}: the file has a header but no data rows");
        if (lines.Count == 0) throw new InvalidDataException($"{path}: every one of the {read} rows has a missing value");
        progress?.Invoke(size, size);
        var data = distinct.Select((c, k) => (c, values[k].ToTrimmedArray())).ToDictionary(p => p.c, p => p.Item2);
        var summaries = distinct.Select((c, k) => new ColumnSummary(c, integral[k] ? "integer" : "real", data[c].Min(), data[c].Max(), missingCounts[k])).ToList();
        return new CsvTable(path, data, lines.ToTrimmedArray(), read, dropped, summaries);
    }

    /// <summary>Rows expected from the file size and the average length of its first lines (plus 5 %).</summary>
    static int EstimateRows(string path, long size)
    {
        using var reader = new StreamReader(path);
        long bytes = 0;
        var lines = 0;
        for (string? line; lines < 1000 && (line = reader.ReadLine()) is not null; lines++) bytes += line.Length + 1;
        if (lines <= 1 || bytes == 0) return 16;
        return (int)Math.Clamp(size / ((double)bytes / lines) * 1.05, 16, Array.MaxLength);
    }

    /// <summary>An append-only buffer that grows by a quarter when full, and hands over its array when exactly full.</summary>
    sealed class GrowableArray<T>(int capacity)
    {
        T[] items = new T[capacity];

        public int Count { get; private set; }

        public void Add(T item)
        {
            if (Count == items.Length) Array.Resize(ref items, Math.Max(16, items.Length + items.Length / 4));
            items[Count++] = item;
        }

        public T[] ToTrimmedArray()
        {
            if (Count != items.Length) Array.Resize(ref items, Count);
            return items;
        }
    }
}
