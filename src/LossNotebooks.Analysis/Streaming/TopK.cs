namespace LossNotebooks.Analysis.Streaming;

/// <summary>
/// The <c>k</c> largest items seen, by a min-heap of size k: memory bounded by k whatever the stream's length. Ties
/// keep the earlier row, so the result does not depend on how rows were chunked or partitioned.
/// </summary>
/// <typeparam name="T">What is kept with each value.</typeparam>
public sealed class TopK<T>(int k)
{
    readonly PriorityQueue<(double Value, long Row, T Item), (double Value, long Row)> heap =
        new(Comparer<(double Value, long Row)>.Create((a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : b.Row.CompareTo(a.Row)));

    /// <summary>The smallest value kept, once k items are kept (a candidate must beat it).</summary>
    public double Threshold => heap.Count < k ? double.NegativeInfinity : heap.Peek().Value;

    /// <summary>Offers an item.</summary>
    public void Offer(double value, long row, T item)
    {
        if (k <= 0 || double.IsNaN(value)) return;
        if (heap.Count < k) heap.Enqueue((value, row, item), (value, row));
        else
        {
            var least = heap.Peek();
            if (value > least.Value || (value == least.Value && row < least.Row)) heap.EnqueueDequeue((value, row, item), (value, row));
        }
    }

    /// <summary>The kept items, largest first (ties: earlier row first).</summary>
    public IReadOnlyList<(double Value, long Row, T Item)> Largest() =>
        heap.UnorderedItems.Select(e => e.Element).OrderByDescending(e => e.Value).ThenBy(e => e.Row).ToList();
}
