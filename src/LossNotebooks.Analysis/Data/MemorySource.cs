using System.Globalization;
using System.Reflection;
using Microsoft.Data.Analysis;

namespace LossNotebooks.Analysis.Data;

/// <summary>
/// Columns already in memory: a <see cref="DataFrame"/>, records with named properties, or arrays. Numbers are read
/// as float64 (null and NaN as missing); strings, booleans and enums are text (class names). Rows are located by
/// their 1-based position.
/// </summary>
public sealed class MemorySource : TabularSource
{
    readonly Dictionary<string, double[]> numbers = new();
    readonly Dictionary<string, string?[]> texts = new();
    readonly string name;
    readonly long rows;

    /// <summary>Columns as arrays: each a <c>double[]</c> (numbers) or <c>string?[]</c> (text), all of one length.</summary>
    public MemorySource(string name, IReadOnlyDictionary<string, Array> columns)
    {
        this.name = name;
        var list = new List<SourceColumn>();
        foreach (var (column, values) in columns)
        {
            switch (values)
            {
                case double[] d: numbers[column] = d; list.Add(new SourceColumn(column, ColumnKind.Number, "Double")); break;
                case string?[] s: texts[column] = s; list.Add(new SourceColumn(column, ColumnKind.Text, "String")); break;
                default: throw new ArgumentException($"{name}, column '{column}': {values.GetType().Name} is neither double[] nor string[]");
            }
        }
        var lengths = columns.Values.Select(v => v.Length).Distinct().ToList();
        if (lengths.Count > 1) throw new ArgumentException($"{name}: the columns have different lengths ({string.Join(", ", lengths)})");
        rows = lengths.FirstOrDefault();
        Columns = list;
    }

    /// <summary>The columns of a DataFrame: numeric columns as numbers, string and boolean columns as text.</summary>
    public static MemorySource FromDataFrame(DataFrame frame, string name = "DataFrame") =>
        new(name, frame.Columns.ToDictionary(c => c.Name, c => Values(c.Name, c.DataType, c.Length, i => c[i], name)));

    /// <summary>Records with named public properties (classes, records, anonymous types): one column per property.</summary>
    public static MemorySource FromRecords<T>(IEnumerable<T> records, string name = "records")
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();
        if (properties.Length == 0) throw new ArgumentException($"{name}: {typeof(T).Name} has no public properties to read as columns");
        var list = records as IReadOnlyList<T> ?? records.ToList();
        return new(name, properties.ToDictionary(p => p.Name, p => Values(p.Name, p.PropertyType, list.Count, i => p.GetValue(list[(int)i]), name)));
    }

    static Array Values(string column, Type type, long length, Func<long, object?> at, string source)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain == typeof(string) || plain == typeof(bool) || plain == typeof(char) || plain.IsEnum)
        {
            var text = new string?[length];
            for (long i = 0; i < length; i++) text[i] = at(i) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture)!.Trim() : null;
            return text;
        }
        if (!(plain.IsPrimitive || plain == typeof(decimal) || plain == typeof(Half)))
            throw new ArgumentException($"{source}, column '{column}': values of type {plain.Name} are neither numbers nor text");
        var values = new double[length];
        for (long i = 0; i < length; i++) values[i] = at(i) is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : double.NaN;
        return values;
    }

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override IReadOnlyList<SourceColumn> Columns { get; }

    /// <inheritdoc />
    public override string? Description => $"{rows} rows in memory";

    /// <inheritdoc />
    public override IEnumerable<ColumnChunk> Read(IReadOnlyList<ColumnRead> columns, int chunkRows, IProgress<AnalysisProgress>? progress = null)
    {
        foreach (var c in columns) Column(c.Name);
        var buffers = columns.Select(_ => new double[chunkRows]).ToArray();
        var indexed = columns.Select(r => r.Classes is { } classes ? ClassIndices(r.Name, classes) : null).ToArray();   // mapped once
        for (long start = 0; start < rows; start += chunkRows)
        {
            var count = (int)Math.Min(chunkRows, rows - start);
            for (var k = 0; k < columns.Count; k++)
            {
                var read = columns[k];
                if ((indexed[k] ?? numbers.GetValueOrDefault(read.Name)) is { } values) Array.Copy(values, start, buffers[k], 0, count);
                else
                {
                    var text = texts[read.Name];
                    for (var i = 0; i < count; i++)
                    {
                        var value = text[start + i];
                        if (value is null) buffers[k][i] = double.NaN;
                        else if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out buffers[k][i]))
                            throw new InvalidDataException($"{name}, row {start + i + 1}, column '{read.Name}': '{value}' is not a number");
                    }
                }
            }
            progress?.Report(new AnalysisProgress("reading", start + count, rows, "rows"));
            yield return new ColumnChunk(start, count, buffers);
        }
    }

    /// <summary>A column's values as class indices of <paramref name="classes"/> (−1 for another label, NaN when missing).</summary>
    double[] ClassIndices(string column, IReadOnlyList<string> classes)
    {
        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (double)p.i, StringComparer.Ordinal);
        return TextOf(column).Select(label => label is null ? double.NaN : index.GetValueOrDefault(label, -1)).ToArray();
    }

    /// <summary>A column as text: its strings, or its numbers written invariantly (null when missing).</summary>
    string?[] TextOf(string column) => texts.TryGetValue(column, out var t) ? t : numbers[column].Select(Text).ToArray();

    static string? Text(double value) => double.IsNaN(value) ? null : value.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override IReadOnlyList<string> Distinct(string column, int limit)
    {
        Column(column);
        return TextOf(column).OfType<string>().Distinct().Order(StringComparer.Ordinal).Take(limit + 1).ToList();
    }

    /// <inheritdoc />
    public override string? ValueAt(long row, string column) => texts.TryGetValue(column, out var t) ? t[row] : Text(numbers[column][row]);

    /// <inheritdoc />
    public override IReadOnlyDictionary<long, string> Locate(IReadOnlyCollection<long> rows) =>
        rows.Distinct().ToDictionary(r => r, r => $"{name}, row {r + 1}");
}
