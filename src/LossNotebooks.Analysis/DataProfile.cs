using LossNotebooks.Analysis.Data;

namespace LossNotebooks.Analysis;

/// <summary>What to do with rows that have a missing value (empty, NA, null, NaN) in a used column.</summary>
public enum MissingValuePolicy
{
    /// <summary>Stop with an error naming the row and column (default: never silently).</summary>
    Fail,
    /// <summary>Drop such rows, and report how many were dropped.</summary>
    Drop,
}

/// <summary>A used column as the checks saw it: its inferred type, range and missing values.</summary>
/// <param name="Name">The header.</param>
/// <param name="Kind"><c>integer</c> when every value is a whole number, <c>real</c>, or <c>class names</c>.</param>
/// <param name="Min">Smallest value (for class names: the smallest class index).</param>
/// <param name="Max">Largest value.</param>
/// <param name="Missing">Missing values (their rows are dropped under <see cref="MissingValuePolicy.Drop"/>).</param>
public sealed record ColumnSummary(string Name, string Kind, double Min, double Max, long Missing);

/// <summary>
/// What the rows read so far say about the used columns: counts, ranges, whole-number and [0, 1] checks, the distinct
/// values of the target, and the row where each check first failed, so the task is decided and bad input is named.
/// Built chunk by chunk (<see cref="Add"/>) as the comparison reads them. Missing values fail or drop rows here;
/// labels that no score column names fail here.
/// </summary>
public sealed class DataProfile
{
    sealed class Column
    {
        public double Min = double.PositiveInfinity, Max = double.NegativeInfinity;
        public long Missing, MinRow = -1, MaxRow = -1, FirstFraction = -1, FirstOutsideUnit = -1;
    }

    readonly Column[] columns;
    readonly HashSet<double> targetValues = new();   // a hash set: one lookup per row, whatever the task
    readonly bool[] rowsSumToOne;

    readonly TabularSource source;
    readonly IReadOnlyList<int[]> models;
    readonly MissingValuePolicy missing;

    /// <summary>
    /// An empty profile of <paramref name="reads"/> (the target first) of <paramref name="source"/>;
    /// <paramref name="models"/> lists, per model, the read indices of its score columns (for the row-sum check).
    /// </summary>
    public DataProfile(TabularSource source, IReadOnlyList<ColumnRead> reads, IReadOnlyList<int[]> models, MissingValuePolicy missing)
    {
        this.source = source;
        this.models = models;
        this.missing = missing;
        Reads = reads;
        columns = reads.Select(_ => new Column()).ToArray();
        rowsSumToOne = Enumerable.Repeat(true, models.Count).ToArray();
    }

    /// <summary>The columns read, the target first.</summary>
    public IReadOnlyList<ColumnRead> Reads { get; }

    /// <summary>Rows in the source.</summary>
    public long RowsRead { get; private set; }

    /// <summary>Rows dropped for missing values.</summary>
    public long RowsDropped { get; private set; }

    /// <summary>Rows used.</summary>
    public long Rows => RowsRead - RowsDropped;

    /// <summary>Up to 64 distinct target values (more: the set holds the first 65).</summary>
    public IReadOnlyCollection<double> TargetValues => targetValues;

    /// <summary>Per model with several score columns: whether every row's scores sum to 1 (within 10⁻³).</summary>
    public IReadOnlyList<bool> RowsSumToOne => rowsSumToOne;

    /// <summary>Whether every value of read column <paramref name="k"/> is a whole number.</summary>
    public bool Integral(int k) => columns[k].FirstFraction < 0;

    /// <summary>Whether every value of read column <paramref name="k"/> lies in [0, 1].</summary>
    public bool InUnit(int k) => columns[k].FirstOutsideUnit < 0;

    /// <summary>Smallest and largest value of read column <paramref name="k"/>.</summary>
    public (double Min, double Max) Range(int k) => (columns[k].Min, columns[k].Max);

    /// <summary>The first row of read column <paramref name="k"/> outside [0, 1], not whole, or at the extremes (for errors).</summary>
    public (long OutsideUnit, long Fraction, long Min, long Max) FirstRows(int k) =>
        (columns[k].FirstOutsideUnit, columns[k].FirstFraction, columns[k].MinRow, columns[k].MaxRow);

    /// <summary>The used columns as the report states them.</summary>
    public IReadOnlyList<ColumnSummary> Summaries() => Reads.Select((r, k) => new ColumnSummary(r.Name,
        r.Classes is not null ? "class names" : Integral(k) ? "integer" : "real", columns[k].Min, columns[k].Max, columns[k].Missing)).ToList();

    /// <summary>
    /// Takes in a chunk of the reads. Errors name where: a missing value (under <see cref="MissingValuePolicy.Fail"/>),
    /// a value that is not finite, a label no score column names.
    /// </summary>
    public void Add(ColumnChunk chunk)
    {
        for (var i = 0; i < chunk.Count; i++)
        {
            var row = chunk.FirstRow + i;
            RowsRead++;
            if (!Usable(chunk, i, row)) { RowsDropped++; continue; }
            for (var k = 0; k < Reads.Count; k++)
            {
                var v = chunk.Columns[k][i];
                var c = columns[k];
                if (v < c.Min) (c.Min, c.MinRow) = (v, row);
                if (v > c.Max) (c.Max, c.MaxRow) = (v, row);
                if (c.FirstFraction < 0 && v != Math.Floor(v)) c.FirstFraction = row;
                if (c.FirstOutsideUnit < 0 && v is < 0 or > 1) c.FirstOutsideUnit = row;
            }
            if (targetValues.Count <= 64) targetValues.Add(chunk.Columns[0][i]);
            for (var m = 0; m < models.Count; m++)
            {
                if (!rowsSumToOne[m] || models[m].Length < 2) continue;
                var sum = 0.0;
                foreach (var k in models[m]) sum += chunk.Columns[k][i];
                if (Math.Abs(sum - 1) > 1e-3) rowsSumToOne[m] = false;
            }
        }
    }

    /// <summary>Checks that rows were read and kept, once every chunk is in.</summary>
    public void Finish()
    {
        if (RowsRead == 0) throw new InvalidDataException($"{source.Name}: the data has no rows (a header but no data rows?)");
        if (Rows == 0) throw new InvalidDataException($"{source.Name}: every one of the {RowsRead} rows has a missing value");
    }

    bool Usable(ColumnChunk chunk, int i, long row)
    {
        for (var k = 0; k < Reads.Count; k++)
        {
            var v = chunk.Columns[k][i];
            if (double.IsNaN(v))
            {
                columns[k].Missing++;
                if (missing == MissingValuePolicy.Drop) continue;
                throw new InvalidDataException($"{source.Locate(row)}, column '{Reads[k].Name}': missing value (use the drop policy, --missing Drop, to skip such rows)");
            }
            if (double.IsInfinity(v))
                throw new InvalidDataException($"{source.Locate(row)}, column '{Reads[k].Name}': {(v > 0 ? "inf" : "-inf")} is not a finite number");
            if (v < 0 && Reads[k].Classes is { } classes)
                throw new InvalidDataException($"{source.Locate(row)}, column '{Reads[k].Name}': label '{source.ValueAt(row, Reads[k].Name)}' has no score column " +
                                               $"(the classes scored are {string.Join(", ", classes)})");
        }
        return chunk.IsComplete(i);
    }
}
