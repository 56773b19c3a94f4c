namespace LossNotebooks.Analysis.Streaming;

/// <summary>
/// A seeded uniform sample of at most <c>capacity</c> rows from a stream of unknown length (Li's "Algorithm L": it
/// draws random numbers only when a row is taken, so long streams cost little). Each kept row is its ordinal and its
/// values. The same seed and the same row sequence give the same sample, however the stream is chunked.
/// </summary>
public sealed class Reservoir
{
    readonly int capacity;
    readonly int width;
    readonly Random random;
    readonly long[] rows;
    readonly double[] values;
    long seen;
    long nextTaken;
    double w;

    /// <summary>A reservoir of <paramref name="capacity"/> rows of <paramref name="width"/> values each.</summary>
    public Reservoir(int capacity, int width, int seed)
    {
        this.capacity = capacity;
        this.width = width;
        random = new Random(seed);
        rows = new long[capacity];
        values = new double[(long)capacity * width];
        w = Math.Exp(Math.Log(1 - random.NextDouble()) / capacity);
        nextTaken = capacity + Skip();
    }

    /// <summary>Rows offered so far.</summary>
    public long Seen => seen;

    /// <summary>Rows kept (the capacity once the stream is longer).</summary>
    public int Count => (int)Math.Min(seen, capacity);

    /// <summary>Offers one row: its values are <c>columns[k][index]</c>.</summary>
    public void Offer(long row, double[][] columns, int index)
    {
        int slot;
        if (seen < capacity) slot = (int)seen;
        else if (seen == nextTaken)
        {
            slot = random.Next(capacity);
            w *= Math.Exp(Math.Log(1 - random.NextDouble()) / capacity);
            nextTaken += 1 + Skip();
        }
        else
        {
            seen++;
            return;
        }
        seen++;
        rows[slot] = row;
        for (var k = 0; k < width; k++) values[(long)slot * width + k] = columns[k][index];
    }

    long Skip() => (long)Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - w));

    /// <summary>The kept rows sorted by ordinal: their ordinals and one array per value.</summary>
    public (long[] Rows, double[][] Columns) Sorted()
    {
        var order = Enumerable.Range(0, Count).OrderBy(i => rows[i]).ToArray();
        var columns = Enumerable.Range(0, width).Select(k => order.Select(i => values[(long)i * width + k]).ToArray()).ToArray();
        return (order.Select(i => rows[i]).ToArray(), columns);
    }
}
