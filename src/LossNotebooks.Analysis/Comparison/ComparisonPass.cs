using LossNotebooks.Analysis.Data;
using LossNotebooks.Analysis.Streaming;
using static TorchSharp.torch;

namespace LossNotebooks.Analysis;

/// <summary>
/// The losses of a comparison, chunk by chunk: every loss of every model on each chunk of rows, kept as compensated
/// sums, the top-k rows per loss and model (a heap), and a seeded reservoir sample of rows for the studies that need
/// whole rows. Memory: one chunk, k rows per loss and model, the sample.
/// </summary>
sealed class ComparisonPass : IDisposable
{
    readonly IReadOnlyList<string> names;
    readonly IReadOnlyList<ModelColumns> models;
    readonly LossEvaluator evaluator;
    readonly ComparisonOptions options;
    readonly Reservoir reservoir;
    readonly ChunkTensors buffers;
    readonly long[] kept;
    readonly Device device = cuda.is_available() ? CUDA : CPU;

    /// <summary>A pass over rows whose columns are <paramref name="names"/> (the target first), for the evaluator's task.</summary>
    public ComparisonPass(IReadOnlyList<string> names, IReadOnlyList<ModelColumns> models, LossEvaluator evaluator, ComparisonOptions options)
    {
        this.names = names;
        this.models = models;
        this.evaluator = evaluator;
        this.options = options;
        Sums = new CompensatedSum[evaluator.Losses.Count, models.Count];
        Top = new TopK<(double Target, double Abscissa)>[evaluator.Losses.Count, models.Count];
        for (var l = 0; l < evaluator.Losses.Count; l++) for (var m = 0; m < models.Count; m++) Top[l, m] = new(options.TopK);
        reservoir = new Reservoir(options.SampleRows, names.Count, options.Seed);
        buffers = new ChunkTensors(names.Count, options.ChunkRows);
        kept = new long[options.ChunkRows];
    }

    /// <summary>The losses and the task they were computed for.</summary>
    public LossEvaluator Evaluator => evaluator;

    /// <summary>Per loss and model: the loss summed over the rows.</summary>
    public CompensatedSum[,] Sums { get; }

    /// <summary>Per loss and model: the rows with the largest losses, with their target and abscissa.</summary>
    public TopK<(double Target, double Abscissa)>[,] Top { get; }

    /// <summary>
    /// Computes a chunk's losses. Rows with a missing value (which the profile has counted or refused) are left out:
    /// the chunk's complete rows are moved to its front.
    /// </summary>
    public void Add(ColumnChunk chunk)
    {
        var n = Compact(chunk, kept);
        for (var i = 0; i < n; i++) reservoir.Offer(kept[i], chunk.Columns, i);
        if (n == 0) return;
        var losses = evaluator.Losses;
        using var scope = NewDisposeScope();
        var columns = names.Select((c, k) => (c, k)).DistinctBy(p => p.c).ToDictionary(p => p.c, p => buffers.Fill(p.k, chunk.Columns[p.k], n).to(device));
        var y = evaluator.Target(columns[names[0]], 0, n);
        var targets = chunk.Columns[0];
        for (var m = 0; m < models.Count; m++)
        {
            var scores = evaluator.Scores(columns, models[m], 0, n);
            var abscissa = evaluator.Abscissa(scores, y);
            for (var l = 0; l < losses.Count; l++)
            {
                using var lossScope = NewDisposeScope(); // one loss's temporaries at a time
                var perSample = evaluator.PerSample(losses[l], scores, y).to_type(ScalarType.Float64);
                Sums[l, m] = Sums[l, m].Add(perSample.sum().item<double>());
                var k = Math.Min(options.TopK, n);
                if (k == 0) continue;
                var (values, indices) = perSample.topk(k);
                var v = values.cpu().data<double>().ToArray();
                var at = indices.cpu().data<long>().ToArray();
                var x = abscissa.index_select(0, indices).to_type(ScalarType.Float64).cpu().data<double>().ToArray(); // only the candidates'
                for (var j = 0; j < k; j++) Top[l, m].Offer(v[j], kept[at[j]], (targets[at[j]], x[j]));
            }
        }
    }

    /// <summary>The seeded uniform sample of rows (all rows when there are fewer), in row order.</summary>
    public ColumnTable Sample(string source)
    {
        var (rows, sampled) = reservoir.Sorted();
        return new ColumnTable(source, names.Select((c, k) => (c, k)).DistinctBy(p => p.c).ToDictionary(p => p.c, p => sampled[p.k]), rows);
    }

    /// <inheritdoc />
    public void Dispose() => buffers.Dispose();

    /// <summary>
    /// Native float64 buffers of one chunk's columns, allocated once: each chunk is copied in, so no tensor ever
    /// points into the managed arrays the source refills.
    /// </summary>
    sealed class ChunkTensors(int columns, int rows) : IDisposable
    {
        readonly Tensor[] tensors = Enumerable.Range(0, columns).Select(_ => empty(rows, ScalarType.Float64)).ToArray();

        /// <summary>Column <paramref name="k"/>'s first <paramref name="count"/> values as a tensor (a view of the buffer).</summary>
        public Tensor Fill(int k, double[] values, int count)
        {
            values.AsSpan(0, count).CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(tensors[k].bytes));
            return tensors[k].narrow(0, 0, count);
        }

        public void Dispose()
        {
            foreach (var t in tensors) t.Dispose();
        }
    }

    /// <summary>Moves the chunk's complete rows (no missing value) to its front; their ordinals go to <paramref name="kept"/>.</summary>
    static int Compact(ColumnChunk chunk, long[] kept)
    {
        var n = 0;
        for (var i = 0; i < chunk.Count; i++)
        {
            if (!chunk.IsComplete(i)) continue;
            if (n != i) foreach (var column in chunk.Columns) column[n] = column[i];
            kept[n++] = chunk.FirstRow + i;
        }
        return n;
    }

    /// <summary>The top rows per loss and model, located in the source (one pass over a file for all of them).</summary>
    public IReadOnlyList<TopSamples> TopSamples(TabularSource source, LossEvaluator evaluator, IReadOnlyList<ModelColumns> models)
    {
        var largest = new (double Value, long Row, (double Target, double Abscissa) Item)[evaluator.Losses.Count, models.Count][];
        for (var l = 0; l < evaluator.Losses.Count; l++)
            for (var m = 0; m < models.Count; m++) largest[l, m] = Top[l, m].Largest().ToArray();
        var where = source.Locate(largest.Cast<(double, long Row, (double, double))[]>().SelectMany(a => a.Select(e => e.Row)).Distinct().ToList());
        var result = new List<TopSamples>();
        for (var l = 0; l < evaluator.Losses.Count; l++)
            for (var m = 0; m < models.Count; m++)
            {
                if (largest[l, m].Length == 0) continue;
                var total = Sums[l, m].Value;
                result.Add(new TopSamples(evaluator.Losses[l].Spec, models[m].Name, largest[l, m].Select(e =>
                    new TopSample(e.Row, where[e.Row], e.Item.Target, e.Item.Abscissa, e.Value, total == 0 ? 0 : e.Value / total)).ToList()));
            }
        return result;
    }
}
