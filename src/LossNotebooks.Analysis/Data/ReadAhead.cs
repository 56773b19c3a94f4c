using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace LossNotebooks.Analysis.Data;

/// <summary>
/// Reads chunks on another thread, one chunk ahead of their consumer, so that reading (DuckDB parsing a file) and
/// computing on the previous chunk overlap. Three buffers circulate: one the consumer holds, one waiting, one being
/// filled; a chunk stays valid until the consumer asks for the next one, as <see cref="TabularSource.Read"/> promises.
/// The producer's failure is rethrown to the consumer; a consumer that stops early stops the producer.
/// </summary>
sealed class ReadAhead : IDisposable
{
    readonly BlockingCollection<double[][]> free = new();
    readonly BlockingCollection<(ColumnChunk Chunk, long Bytes)> filled = new(boundedCapacity: 1);
    readonly CancellationTokenSource stop = new();
    readonly Task producer;
    ExceptionDispatchInfo? failure;

    /// <summary>Starts <paramref name="produce"/>, which fills buffers of <paramref name="columns"/> × <paramref name="rows"/> values.</summary>
    public ReadAhead(int columns, int rows, Action<ReadAhead> produce)
    {
        for (var i = 0; i < 3; i++) free.Add(Enumerable.Range(0, columns).Select(_ => new double[rows]).ToArray());
        producer = Task.Run(() =>
        {
            try { produce(this); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
            finally { filled.CompleteAdding(); }
        });
    }

    /// <summary>For the producer: a buffer to fill (waits while the consumer holds the others).</summary>
    public double[][] NextBuffer() => free.Take(stop.Token);

    /// <summary>For the producer: a buffer it took and did not fill.</summary>
    public void Return(double[][] buffer) => free.Add(buffer);

    /// <summary>For the producer: a filled chunk, and the bytes read so far (for progress).</summary>
    public void Deliver(ColumnChunk chunk, long bytes) => filled.Add((chunk, bytes), stop.Token);

    /// <summary>For the consumer: the chunks in order; the previous chunk's buffer is reused once the next is asked for.</summary>
    public IEnumerable<(ColumnChunk Chunk, long Bytes)> Chunks()
    {
        double[][]? previous = null;
        foreach (var item in filled.GetConsumingEnumerable())
        {
            if (previous is not null) free.Add(previous);
            previous = item.Chunk.Columns;
            yield return item;
        }
        failure?.Throw();
    }

    /// <summary>Stops the producer (if it is still reading) and waits for it.</summary>
    public void Dispose()
    {
        stop.Cancel();
        producer.Wait();
        stop.Dispose();
        free.Dispose();
        filled.Dispose();
    }
}
