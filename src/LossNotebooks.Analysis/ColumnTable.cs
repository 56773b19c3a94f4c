using LossNotebooks.Analysis.Data;

namespace LossNotebooks.Analysis;

/// <summary>Numeric columns in memory: a small file's columns, or a sample of a large one's rows.</summary>
/// <param name="Name">Where the rows come from.</param>
/// <param name="Columns">Column name → values (one per row), as float64.</param>
/// <param name="Rows">Each row's 0-based ordinal in the source (its <see cref="TabularSource.Locate(long)"/> key).</param>
public sealed record ColumnTable(string Name, IReadOnlyDictionary<string, double[]> Columns, long[] Rows)
{
    /// <summary>Rows held.</summary>
    public int Count => Rows.Length;

    /// <summary>
    /// Reads the named numeric columns of a file (any format <see cref="TabularSource.Open"/> reads) into memory, for
    /// data that fits in it; rows with a missing value fail (naming where) or are dropped.
    /// </summary>
    public static ColumnTable Load(string path, IReadOnlyList<string> columns, MissingValuePolicy missing = MissingValuePolicy.Fail, DataReadOptions? options = null)
    {
        using var source = TabularSource.Open(path, options);
        return Load(source, columns, missing);
    }

    /// <summary>Reads the named numeric columns of a source into memory.</summary>
    public static ColumnTable Load(TabularSource source, IReadOnlyList<string> columns, MissingValuePolicy missing = MissingValuePolicy.Fail)
    {
        var names = columns.Distinct().ToList();
        var reads = names.Select(c => new ColumnRead(c)).ToList();
        var values = names.Select(_ => new List<double>()).ToArray();
        var rows = new List<long>();
        foreach (var chunk in source.Read(reads, 1 << 16))
            for (var i = 0; i < chunk.Count; i++)
            {
                if (!chunk.IsComplete(i))
                {
                    if (missing == MissingValuePolicy.Drop) continue;
                    var gap = Array.FindIndex(chunk.Columns, c => double.IsNaN(c[i]));
                    throw new InvalidDataException($"{source.Locate(chunk.FirstRow + i)}, column '{names[gap]}': missing value (use the drop policy to skip such rows)");
                }
                for (var k = 0; k < names.Count; k++) values[k].Add(chunk.Columns[k][i]);
                rows.Add(chunk.FirstRow + i);
            }
        if (rows.Count == 0) throw new InvalidDataException($"{source.Name}: no rows with values in {string.Join(", ", names)}");
        return new ColumnTable(source.Name, names.Select((c, k) => (c, values[k].ToArray())).ToDictionary(p => p.c, p => p.Item2), rows.ToArray());
    }

    /// <summary>The rows at the given positions of this table.</summary>
    public ColumnTable Subset(IReadOnlyList<int> positions) => this with
    {
        Columns = Columns.ToDictionary(c => c.Key, c => positions.Select(p => c.Value[p]).ToArray()),
        Rows = positions.Select(p => Rows[p]).ToArray(),
    };
}
