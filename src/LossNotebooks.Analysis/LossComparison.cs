using System.Diagnostics;
using static TorchSharp.torch;

namespace LossNotebooks.Analysis;

/// <summary>One loss evaluated on every model.</summary>
/// <param name="Loss">The loss spec, e.g. <c>huber_loss(delta=2)</c>.</param>
/// <param name="ValueByModel">Model → mean loss over the rows.</param>
public sealed record LossRow(string Loss, IReadOnlyDictionary<string, double> ValueByModel)
{
    /// <summary>The model with the smallest loss.</summary>
    public string Best => ValueByModel.MinBy(p => p.Value).Key;
}

/// <summary>One sample that contributes much to a loss.</summary>
/// <param name="Line">Its line in the file.</param>
/// <param name="Target">Its target (or label).</param>
/// <param name="Abscissa">Its residual or margin.</param>
/// <param name="Loss">Its loss.</param>
/// <param name="Share">Its share of the loss summed over all rows.</param>
public sealed record TopSample(int Line, double Target, double Abscissa, double Loss, double Share);

/// <summary>The samples that contribute most to one loss of one model.</summary>
/// <param name="Loss">The loss spec.</param>
/// <param name="Model">The model.</param>
/// <param name="Samples">Largest first.</param>
public sealed record TopSamples(string Loss, string Model, IReadOnlyList<TopSample> Samples);

/// <summary>A loss as a function of the residual or margin, over the range the data covers.</summary>
/// <param name="Loss">The loss spec.</param>
/// <param name="X">Residual or margin grid.</param>
/// <param name="Y">Loss on the grid.</param>
public sealed record CurveOnData(string Loss, double[] X, double[] Y);

/// <summary>How one loss of one model moves when a fraction of the targets is corrupted.</summary>
/// <param name="Loss">The loss spec.</param>
/// <param name="Model">The model.</param>
/// <param name="Fractions">Corrupted fractions (the first is 0).</param>
/// <param name="Values">Mean loss at each fraction.</param>
public sealed record RobustnessRow(string Loss, string Model, double[] Fractions, double[] Values)
{
    /// <summary>Each value over the clean one (1 = unmoved).</summary>
    public double[] Ratios => Values.Select(v => Values[0] == 0 ? double.NaN : v / Values[0]).ToArray();
}

/// <summary>Where the time of a comparison went.</summary>
/// <param name="ParseSeconds">Reading the CSV.</param>
/// <param name="LossSeconds">Computing the table of losses.</param>
/// <param name="StudySeconds">Curves, top samples and the robustness study.</param>
public sealed record ComparisonTimings(double ParseSeconds, double LossSeconds, double StudySeconds);

/// <summary>Everything the comparison found: the report's numbers, rendered by <c>ComparisonReportHtml</c>.</summary>
public sealed record ComparisonReport
{
    /// <summary>The file and its used columns (types, ranges, missing values).</summary>
    public required string Path { get; init; }
    /// <summary>Rows in the file.</summary>
    public required int RowsRead { get; init; }
    /// <summary>Rows used.</summary>
    public required int Rows { get; init; }
    /// <summary>Rows dropped for missing values.</summary>
    public required int RowsDropped { get; init; }
    /// <summary>Inferred types of the used columns.</summary>
    public required IReadOnlyList<ColumnSummary> Columns { get; init; }
    /// <summary>The task, and why.</summary>
    public required TaskChoice Task { get; init; }
    /// <summary>The target (label) column.</summary>
    public required string Target { get; init; }
    /// <summary>The models compared.</summary>
    public required IReadOnlyList<ModelColumns> Models { get; init; }
    /// <summary>One row per loss: the mean loss of every model.</summary>
    public required IReadOnlyList<LossRow> Table { get; init; }
    /// <summary>Residual or margin, as the curves' x axis.</summary>
    public required string AbscissaName { get; init; }
    /// <summary>Each loss over the residual/margin range of the data.</summary>
    public required IReadOnlyList<CurveOnData> Curves { get; init; }
    /// <summary>Per model, a sample (≤ 5,000, seeded) of the residuals or margins: the data under the curves.</summary>
    public required IReadOnlyDictionary<string, double[]> Distribution { get; init; }
    /// <summary>The top-k samples per loss and model.</summary>
    public required IReadOnlyList<TopSamples> Top { get; init; }
    /// <summary>The robustness study, per loss and model.</summary>
    public required IReadOnlyList<RobustnessRow> Robustness { get; init; }
    /// <summary>Rows the robustness study used (a seeded sample of large files).</summary>
    public required int RobustnessRows { get; init; }
    /// <summary>Where the time went.</summary>
    public required ComparisonTimings Timings { get; init; }
}

/// <summary>Options of a comparison beyond the columns.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Loss specs (default: the task's set).</summary>
    public IReadOnlyList<string>? Losses { get; init; }
    /// <summary>Rows with missing values: fail (default) or drop.</summary>
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Fail;
    /// <summary>Force the task instead of detecting it.</summary>
    public AnalysisTask? Task { get; init; }
    /// <summary>Force how class scores are read.</summary>
    public ScoreKind? Scores { get; init; }
    /// <summary>Samples listed per loss and model.</summary>
    public int TopK { get; init; } = 5;
    /// <summary>Fractions of corrupted targets in the robustness study.</summary>
    public IReadOnlyList<double> CorruptedFractions { get; init; } = new[] { 0, 0.05, 0.1, 0.2, 0.3 };
    /// <summary>Seed of every random choice (robustness corruption, samples).</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Rows per chunk when computing losses (bounds the memory of large files).</summary>
    public int ChunkRows { get; init; } = 1 << 18;
    /// <summary>Receives (bytes read, file size) while the CSV loads.</summary>
    public Action<long, long>? Progress { get; init; }
}

/// <summary>
/// Compares how losses judge several models on the user's data: the table of mean losses, each loss over the
/// residual/margin range with the data's distribution, the samples that dominate each loss, and how each loss moves
/// when targets are corrupted. Computes on the GPU when the CUDA build runs on a machine with one.
/// </summary>
public static class LossComparison
{
    /// <summary>Regression: a target column and prediction columns (one per model).</summary>
    public static ComparisonReport Compare(string path, string target, IReadOnlyList<string> predictions, ComparisonOptions? options = null)
    {
        if (predictions.Count == 0) throw new ArgumentException("name at least one prediction column (--pred)");
        return Compare(path, target, ModelColumns.FromPredictions(predictions), fromScores: false, options);
    }

    /// <summary>Regression or classification, with the models' columns given explicitly.</summary>
    public static ComparisonReport Compare(string path, string target, IReadOnlyList<ModelColumns> models, bool fromScores, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        if (models.Count == 0) throw new ArgumentException("name at least one model (--pred or --scores)");
        var clock = Stopwatch.StartNew();
        var table = CsvTable.Load(path, models.SelectMany(m => m.Columns).Prepend(target).ToList(), options.Missing, options.Progress);
        var parse = clock.Elapsed.TotalSeconds;
        var task = TaskChoice.Decide(table, target, models, fromScores, options.Task, options.Scores);
        var evaluator = new LossEvaluator(task, options.Losses);
        var device = cuda.is_available() ? CUDA : CPU;

        clock.Restart();
        var sums = new double[evaluator.Losses.Count, models.Count];
        var top = new List<(int Row, double Loss)>[evaluator.Losses.Count, models.Count];
        // One tensor per column for the whole table (on the CPU it shares the array's memory), sliced per chunk.
        using var columnsScope = NewDisposeScope();
        var columnTensors = table.Columns.ToDictionary(c => c.Key, c => tensor(c.Value, device: device));
        for (var start = 0; start < table.Rows; start += options.ChunkRows)
        {
            var count = Math.Min(options.ChunkRows, table.Rows - start);
            using var scope = NewDisposeScope();
            var y = evaluator.Target(columnTensors[target], start, count);
            for (var m = 0; m < models.Count; m++)
            {
                var scores = evaluator.Scores(columnTensors, models[m], start, count);
                for (var l = 0; l < evaluator.Losses.Count; l++)
                {
                    using var lossScope = NewDisposeScope(); // one loss's temporaries at a time
                    var perSample = evaluator.PerSample(evaluator.Losses[l], scores, y).to_type(ScalarType.Float64);
                    sums[l, m] += perSample.sum().item<double>();
                    var k = Math.Min(options.TopK, count);
                    if (k == 0) continue;
                    var (values, indices) = perSample.topk(k);
                    var candidates = values.cpu().data<double>().ToArray().Zip(indices.cpu().data<long>().ToArray(), (v, i) => (Row: start + (int)i, Loss: v));
                    top[l, m] = (top[l, m] ?? new()).Concat(candidates).OrderByDescending(c => c.Loss).Take(options.TopK).ToList();
                }
            }
        }
        var rows = evaluator.Losses.Select((loss, l) => new LossRow(loss.Spec,
            models.Select((model, m) => (model.Name, Value: sums[l, m] / table.Rows)).ToDictionary(p => p.Name, p => p.Value))).ToList();
        var lossSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var sample = SampleRows(table.Rows, 100_000, options.Seed);
        var (distribution, curves, topSamples) = DescribeSamples(table, target, models, evaluator, device, sample, top, sums);
        var robustness = Robustness(table, target, models, evaluator, device, sample, options);
        return new ComparisonReport
        {
            Path = path,
            RowsRead = table.RowsRead,
            Rows = table.Rows,
            RowsDropped = table.RowsDropped,
            Columns = table.Summaries,
            Task = task,
            Target = target,
            Models = models,
            Table = rows,
            AbscissaName = evaluator.AbscissaName,
            Curves = curves,
            Distribution = distribution,
            Top = topSamples,
            Robustness = robustness,
            RobustnessRows = sample.Length,
            Timings = new ComparisonTimings(parse, lossSeconds, clock.Elapsed.TotalSeconds),
        };
    }

    /// <summary>All rows when there are at most <paramref name="limit"/>, else a seeded sample of that many, sorted.</summary>
    static int[] SampleRows(int rows, int limit, int seed)
    {
        if (rows <= limit) return Enumerable.Range(0, rows).ToArray();
        var random = new Random(seed);
        var chosen = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(chosen);
        var sample = chosen[..limit];
        Array.Sort(sample);
        return sample;
    }

    static (IReadOnlyDictionary<string, double[]>, IReadOnlyList<CurveOnData>, IReadOnlyList<TopSamples>) DescribeSamples(CsvTable table, string target,
        IReadOnlyList<ModelColumns> models, LossEvaluator evaluator, Device device, int[] sample, List<(int Row, double Loss)>[,] top, double[,] sums)
    {
        using var scope = NewDisposeScope();
        var subset = Subset(table, sample);
        var y = evaluator.Target(subset.Columns[target], device);
        var distribution = new Dictionary<string, double[]>();
        var shown = SampleRows(sample.Length, 5_000, 7);
        foreach (var model in models)
        {
            var x = evaluator.Abscissa(evaluator.Scores(subset, model, device), y).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
            distribution[model.Name] = shown.Select(i => x[i]).ToArray();
        }
        var all = distribution.Values.SelectMany(v => v).ToArray();
        Array.Sort(all);
        var (low, high) = all.Length == 0 ? (-3.0, 3.0) : (all[(int)(0.005 * (all.Length - 1))], all[(int)(0.995 * (all.Length - 1))]);
        var pad = Math.Max(0.1 * (high - low), 0.5);
        var grid = Enumerable.Range(0, 201).Select(i => low - pad + (high - low + 2 * pad) * i / 200.0).ToArray();
        var curves = evaluator.Losses.Select(l => new CurveOnData(l.Spec, grid, evaluator.Curve(l, grid))).ToList();

        var labels = table.Columns[target];
        var topSamples = new List<TopSamples>();
        for (var l = 0; l < evaluator.Losses.Count; l++)
            for (var m = 0; m < models.Count; m++)
            {
                var rows = (top[l, m] ?? new()).Select(c => c.Row).ToArray();
                if (rows.Length == 0) continue;
                var picked = Subset(table, rows);
                var abscissa = evaluator.Abscissa(evaluator.Scores(picked, models[m], device), evaluator.Target(picked.Columns[target], device))
                    .to_type(ScalarType.Float64).cpu().data<double>().ToArray();
                var total = sums[l, m];
                topSamples.Add(new TopSamples(evaluator.Losses[l].Spec, models[m].Name, top[l, m].Select((c, i) =>
                    new TopSample(table.Lines[c.Row], labels[c.Row], abscissa[i], c.Loss, total == 0 ? 0 : c.Loss / total)).ToList()));
            }
        return (distribution, curves, topSamples);
    }

    /// <summary>
    /// Corrupts a seeded fraction of the targets (regression: adds ±5 standard deviations; classification: a random
    /// other class) and recomputes every loss: a robust loss moves little.
    /// </summary>
    static IReadOnlyList<RobustnessRow> Robustness(CsvTable table, string target, IReadOnlyList<ModelColumns> models, LossEvaluator evaluator,
        Device device, int[] sample, ComparisonOptions options)
    {
        var subset = Subset(table, sample);
        var clean = subset.Columns[target];
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
                var scores = evaluator.Scores(subset, models[m], device);
                for (var l = 0; l < evaluator.Losses.Count; l++)
                    values[l, m, f] = evaluator.PerSample(evaluator.Losses[l], scores, y).to_type(ScalarType.Float64).mean().item<double>();
            }
        }
        return evaluator.Losses.SelectMany((loss, l) => models.Select((model, m) =>
            new RobustnessRow(loss.Spec, model.Name, fractions, Enumerable.Range(0, fractions.Length).Select(f => values[l, m, f]).ToArray()))).ToList();
    }

    static CsvTable Subset(CsvTable table, int[] rows) => table with
    {
        Columns = table.Columns.ToDictionary(c => c.Key, c => rows.Select(r => c.Value[r]).ToArray()),
        Lines = rows.Select(r => table.Lines[r]).ToArray(),
    };
}
