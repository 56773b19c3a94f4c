using static TorchSharp.torch;

namespace LossNotebooks.Analysis;

/// <summary>The parts of a comparison computed on its seeded sample of rows: the distribution, the curves' range, robustness.</summary>
static class SampleStudies
{
    /// <summary>Per model, up to 5,000 residuals or margins of the sample (a seeded subset of it).</summary>
    public static IReadOnlyDictionary<string, double[]> Distribution(ColumnTable sample, string target, IReadOnlyList<ModelColumns> models,
        LossEvaluator evaluator, Device device)
    {
        using var scope = NewDisposeScope();
        var y = evaluator.Target(sample.Columns[target], device);
        var shown = Subset(sample.Count, 5_000, 7);
        return models.ToDictionary(m => m.Name, m =>
        {
            var x = evaluator.Abscissa(evaluator.Scores(sample.Columns, m, device), y).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
            return shown.Select(i => x[i]).ToArray();
        });
    }

    /// <summary>Each loss on a grid over the 0.5 % to 99.5 % quantiles of <paramref name="abscissas"/>, padded.</summary>
    public static IReadOnlyList<CurveOnData> Curves(LossEvaluator evaluator, double[] abscissas)
    {
        var all = abscissas.Order().ToArray();
        var (low, high) = all.Length == 0 ? (-3.0, 3.0) : (all[(int)(0.005 * (all.Length - 1))], all[(int)(0.995 * (all.Length - 1))]);
        var pad = Math.Max(0.1 * (high - low), 0.5);
        var grid = Enumerable.Range(0, 201).Select(i => low - pad + (high - low + 2 * pad) * i / 200.0).ToArray();
        return evaluator.Losses.Select(l => new CurveOnData(l.Spec, grid, evaluator.Curve(l, grid))).ToList();
    }

    /// <summary>
    /// Corrupts a seeded fraction of the sample's targets (regression: adds ±5 standard deviations; classification: a
    /// random other class) and recomputes every loss: a robust loss moves little.
    /// </summary>
    public static IReadOnlyList<RobustnessRow> Robustness(ColumnTable sample, string target, IReadOnlyList<ModelColumns> models, LossEvaluator evaluator,
        Device device, ComparisonOptions options)
    {
        var clean = sample.Columns[target];
        var mean = clean.Average();
        var std = Math.Sqrt(clean.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, clean.Length - 1));
        var random = new Random(options.Seed);
        var order = Enumerable.Range(0, clean.Length).ToArray();
        random.Shuffle(order);
        var signs = order.Select(_ => random.Next(2) == 0 ? -1.0 : 1.0).ToArray();
        var shifts = order.Select(_ => random.Next(1, Math.Max(2, evaluator.Task.Classes))).ToArray();
        var fractions = options.CorruptedFractions.ToArray();
        var values = new double[evaluator.Losses.Count, models.Count, fractions.Length];
        for (var f = 0; f < fractions.Length; f++)
        {
            var corrupted = (double[])clean.Clone();
            var n = (int)Math.Round(fractions[f] * clean.Length);
            for (var j = 0; j < n; j++)
            {
                var i = order[j];
                corrupted[i] = evaluator.Task.Task == AnalysisTask.Regression
                    ? clean[i] + signs[j] * 5 * (std > 0 ? std : 1)
                    : (clean[i] + shifts[j]) % evaluator.Task.Classes;
            }
            using var scope = NewDisposeScope();
            var y = evaluator.Target(corrupted, device);
            for (var m = 0; m < models.Count; m++)
            {
                var scores = evaluator.Scores(sample.Columns, models[m], device);
                for (var l = 0; l < evaluator.Losses.Count; l++)
                    values[l, m, f] = evaluator.PerSample(evaluator.Losses[l], scores, y).to_type(ScalarType.Float64).mean().item<double>();
            }
        }
        return evaluator.Losses.SelectMany((loss, l) => models.Select((model, m) =>
            new RobustnessRow(loss.Spec, model.Name, fractions, Enumerable.Range(0, fractions.Length).Select(f => values[l, m, f]).ToArray()))).ToList();
    }

    /// <summary>All positions when there are at most <paramref name="limit"/>, else a seeded subset of that many, sorted.</summary>
    public static int[] Subset(int count, int limit, int seed)
    {
        if (count <= limit) return Enumerable.Range(0, count).ToArray();
        var chosen = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(chosen);
        var subset = chosen[..limit];
        Array.Sort(subset);
        return subset;
    }
}
