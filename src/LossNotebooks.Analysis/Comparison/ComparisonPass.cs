using LossNotebooks.Analysis.Data;
using LossNotebooks.Analysis.Streaming;
using static TorchSharp.torch;

namespace LossNotebooks.Analysis;

/// <summary>
/// The second pass of a comparison: every loss of every model on each chunk of rows, kept as compensated sums, the
/// top-k rows per loss and model (a heap), and a seeded reservoir sample of rows for the studies that need whole rows.
/// Memory: one chunk, k rows per loss and model, the sample.
/// </summary>
sealed class ComparisonPass
{
    ComparisonPass(CompensatedSum[,] sums, TopK<(double Target, double Abscissa)>[,] top, ColumnTable sample)
    {
        Sums = sums;
        Top = top;
        Sample = sample;
    }

    /// <summary>Per loss and model: the loss summed over the rows.</summary>
    public CompensatedSum[,] Sums { get; }

    /// <summary>Per loss and model: the rows with the largest losses, with their target and abscissa.</summary>
    public TopK<(double Target, double Abscissa)>[,] Top { get; }

    /// <summary>The seeded uniform sample of rows (all rows when there are fewer), in row order.</summary>
    public ColumnTable Sample { get; }

    /// <summary>Streams <paramref name="source"/> once more, with the rows the profile kept.</summary>
    public static ComparisonPass Run(TabularSource source, DataProfile profile, IReadOnlyList<ModelColumns> models, LossEvaluator evaluator, ComparisonOptions options)
    {
        var reads = profile.Reads;
        var names = reads.Select(r => r.Name).ToList();
        var losses = evaluator.Losses;
        var sums = new CompensatedSum[losses.Count, models.Count];
        var top = new TopK<(double, double)>[losses.Count, models.Count];
        for (var l = 0; l < losses.Count; l++) for (var m = 0; m < models.Count; m++) top[l, m] = new(options.TopK);
        var reservoir = new Reservoir(options.SampleRows, reads.Count, options.Seed);
        var device = cuda.is_available() ? CUDA : CPU;
        var kept = new long[options.ChunkRows];
        long done = 0;
        foreach (var chunk in source.Read(reads, options.ChunkRows))
        {
            var n = Compact(chunk, kept);
            for (var i = 0; i < n; i++) reservoir.Offer(kept[i], chunk.Columns, i);
            done += chunk.Count;
            if (n == 0) continue;
            using var scope = NewDisposeScope();
            // On the CPU a tensor made from an array shares its memory: the chunk's columns are not copied.
            var columns = names.Select((c, k) => (c, k)).DistinctBy(p => p.c).ToDictionary(p => p.c, p => tensor(chunk.Columns[p.k], device: device).narrow(0, 0, n));
            var y = evaluator.Target(columns[names[0]], 0, n);
            var targets = chunk.Columns[0];
            for (var m = 0; m < models.Count; m++)
            {
                var scores = evaluator.Scores(columns, models[m], 0, n);
                var abscissa = evaluator.Abscissa(scores, y).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
                for (var l = 0; l < losses.Count; l++)
                {
                    using var lossScope = NewDisposeScope(); // one loss's temporaries at a time
                    var perSample = evaluator.PerSample(losses[l], scores, y).to_type(ScalarType.Float64);
                    sums[l, m] = sums[l, m].Add(perSample.sum().item<double>());
                    var k = Math.Min(options.TopK, n);
                    if (k == 0) continue;
                    var (values, indices) = perSample.topk(k);
                    var v = values.cpu().data<double>().ToArray();
                    var at = indices.cpu().data<long>().ToArray();
                    for (var j = 0; j < k; j++) top[l, m].Offer(v[j], kept[at[j]], (targets[at[j]], abscissa[at[j]]));
                }
            }
            options.Progress?.Report(new AnalysisProgress("losses", done, profile.RowsRead, "rows"));
        }
        var (rows, sampled) = reservoir.Sorted();
        var sample = new ColumnTable(source.Name, names.Select((c, k) => (c, k)).DistinctBy(p => p.c).ToDictionary(p => p.c, p => sampled[p.k]), rows);
        return new ComparisonPass(sums, top, sample);
    }

    /// <summary>Moves the chunk's complete rows (no missing value) to its front; their ordinals go to <paramref name="kept"/>.</summary>
    static int Compact(ColumnChunk chunk, long[] kept)
    {
        var n = 0;
        for (var i = 0; i < chunk.Count; i++)
        {
            var complete = true;
            foreach (var column in chunk.Columns) if (double.IsNaN(column[i])) { complete = false; break; }
            if (!complete) continue;
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
