using LossNotebooks.Analysis.Data;
using LossNotebooks.Analysis.Streaming;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossNotebooks.Analysis;

/// <summary>One fit: a model kind trained under one loss, scored on the held-out rows.</summary>
/// <param name="Loss">The loss trained with.</param>
/// <param name="Model"><c>linear</c> or <c>mlp</c>.</param>
/// <param name="Metrics">Metric name → value on the held-out rows.</param>
public sealed record TrainingFit(string Loss, string Model, IReadOnlyDictionary<string, double> Metrics);

/// <summary>"Which loss should I train with?": every fit and its held-out metrics.</summary>
/// <param name="Path">The data (a file, folder, glob, query, DataFrame).</param>
/// <param name="Target">The target column.</param>
/// <param name="Features">The feature columns.</param>
/// <param name="Task">The task, and why.</param>
/// <param name="TrainRows">Rows trained on (of the sample, when the data has more rows than it).</param>
/// <param name="TestRows">Rows scored on.</param>
/// <param name="MetricNames">The metrics, in display order (lower is better except accuracy and AUC).</param>
/// <param name="Fits">One per loss and model kind.</param>
public sealed record TrainingStudyReport(string Path, string Target, IReadOnlyList<string> Features, TaskChoice Task, int TrainRows, int TestRows,
    IReadOnlyList<string> MetricNames, IReadOnlyList<TrainingFit> Fits)
{
    /// <summary>Rows in the data; the study ran on a seeded uniform sample when this exceeds <c>TrainRows + TestRows</c>.</summary>
    public long RowsRead { get; init; }

    /// <summary>True for metrics where higher is better.</summary>
    public static bool HigherIsBetter(string metric) => metric is "accuracy" or "auc";

    /// <summary>The best fit per metric.</summary>
    public IReadOnlyDictionary<string, TrainingFit> BestPerMetric => MetricNames.ToDictionary(m => m,
        m => HigherIsBetter(m) ? Fits.MaxBy(f => f.Metrics[m])! : Fits.MinBy(f => f.Metrics[m])!);
}

/// <summary>Options of the training study.</summary>
public sealed record TrainingOptions
{
    /// <summary>Loss specs (default: the task's set).</summary>
    public IReadOnlyList<string>? Losses { get; init; }
    /// <summary>Force the task.</summary>
    public AnalysisTask? Task { get; init; }
    /// <summary>Rows with missing values: fail or drop.</summary>
    public MissingValuePolicy Missing { get; init; } = MissingValuePolicy.Fail;
    /// <summary>Fraction of rows held out.</summary>
    public double TestFraction { get; init; } = 0.2;
    /// <summary>Full-batch Adam steps per fit.</summary>
    public int Epochs { get; init; } = 400;
    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;
    /// <summary>Hidden units of the MLP.</summary>
    public int Hidden { get; init; } = 32;
    /// <summary>Seed of the sample, the split and every initialization.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>At most this many rows are used: a seeded uniform sample of larger data (full-batch training holds them in memory).</summary>
    public int SampleRows { get; init; } = 200_000;
    /// <summary>How files are read.</summary>
    public DataReadOptions Read { get; init; } = new();
    /// <summary>Receives the progress of reading (bytes) and of training (fits done of all).</summary>
    public IProgress<AnalysisProgress>? Progress { get; init; }
}

/// <summary>
/// Fits a linear model and a small MLP (one hidden layer, ReLU) under each loss on a seeded training split
/// (features standardized with the training rows' mean and deviation; full-batch Adam), and scores every fit on the
/// held-out rows: MSE, MAE and quantiles of |error| for regression; accuracy, log-loss and AUC for classification.
/// </summary>
public static class TrainingStudy
{
    /// <summary>Runs the study on the columns of a file, folder or glob.</summary>
    public static TrainingStudyReport Run(string path, string target, IReadOnlyList<string> features, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        using var source = TabularSource.Open(path, options.Read);
        return Run(source, target, features, options);
    }

    /// <summary>Runs the study on a source's columns (a file, a query, a DataFrame, records).</summary>
    public static TrainingStudyReport Run(TabularSource source, string target, IReadOnlyList<string> features, TrainingOptions? options = null)
    {
        options ??= new TrainingOptions();
        if (features.Count == 0) throw new ArgumentException("name the feature columns (--features a,b,c)");
        if (features.Contains(target)) throw new ArgumentException($"the target '{target}' is also listed as a feature");
        foreach (var column in features) source.Column(column);
        var names = source.Column(target).Kind == ColumnKind.Text ? source.Distinct(target, 1000) : null;
        var reads = features.Distinct().Select(f => new ColumnRead(f)).Prepend(new ColumnRead(target, names)).ToList();
        var (profile, table) = ProfileAndSample(source, reads, options);
        if (table.Count < 10) throw new InvalidDataException($"{source.Name}: {table.Count} rows are too few to split into training and held-out rows");
        var task = TaskChoice.FromTarget(source.Name, profile.TargetValues, names, target, options.Task);
        var evaluator = new LossEvaluator(task, options.Losses);
        var path = source.Name;

        var order = Enumerable.Range(0, table.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var testCount = Math.Max(1, (int)Math.Round(options.TestFraction * table.Count));
        var test = order[..testCount];
        var train = order[testCount..];

        using var scope = NewDisposeScope();
        var device = cuda.is_available() ? CUDA : CPU;
        var x = stack(features.Select(f => tensor(table.Columns[f], device: device)).ToArray(), 1).to_type(ScalarType.Float32);
        var trainIndex = tensor(train.Select(i => (long)i).ToArray(), device: device);
        var testIndex = tensor(test.Select(i => (long)i).ToArray(), device: device);
        var mean = x.index_select(0, trainIndex).mean(new long[] { 0 });
        var std = x.index_select(0, trainIndex).std(0).clamp_min(1e-8);
        x = (x - mean) / std;
        var yAll = table.Columns[target];
        var yTrain = evaluator.Target(train.Select(i => yAll[i]).ToArray(), device);
        var yTest = test.Select(i => yAll[i]).ToArray();
        if (task.Task != AnalysisTask.MultiClass) yTrain = yTrain.to_type(ScalarType.Float32);

        var outputs = task.Task == AnalysisTask.MultiClass ? task.Classes : 1;
        var fits = new List<TrainingFit>();
        var total = evaluator.Losses.Count * 2;
        foreach (var loss in evaluator.Losses)
            foreach (var kind in new[] { "linear", "mlp" })
            {
                random.manual_seed(options.Seed);
                var model = kind == "linear"
                    ? Sequential(Linear(features.Count, outputs))
                    : Sequential(Linear(features.Count, options.Hidden), ReLU(), Linear(options.Hidden, outputs));
                model.to(device);
                if (task.Task == AnalysisTask.Regression)
                    using (no_grad()) ((TorchSharp.Modules.Linear)model.children().Last()).bias!.fill_(train.Select(i => yAll[i]).Average());
                var optimizer = optim.Adam(model.parameters(), options.LearningRate);
                var xTrain = x.index_select(0, trainIndex);
                for (var epoch = 0; epoch < options.Epochs; epoch++)
                {
                    using var step = NewDisposeScope();
                    optimizer.zero_grad();
                    var scores = Squeeze(model.forward(xTrain), task);
                    evaluator.PerSample(loss, scores, yTrain).mean().backward();
                    optimizer.step();
                }
                using (no_grad())
                {
                    var scores = Squeeze(model.forward(x.index_select(0, testIndex)), task).to_type(ScalarType.Float64).cpu();
                    fits.Add(new TrainingFit(loss.Spec, kind, Metrics.Score(task, scores, yTest)));
                }
                options.Progress?.Report(new AnalysisProgress("training", fits.Count, total, "fits"));
            }
        return new TrainingStudyReport(path, target, features, task, train.Length, test.Length, Metrics.Names(task.Task), fits) { RowsRead = profile.RowsRead };
    }

    /// <summary>
    /// One read of the columns: their profile (checks, missing values, the target's values), and their complete rows
    /// (no missing value), or a seeded uniform sample of them when there are more than the options allow.
    /// </summary>
    static (DataProfile Profile, ColumnTable Sample) ProfileAndSample(TabularSource source, IReadOnlyList<ColumnRead> reads, TrainingOptions options)
    {
        var profile = new DataProfile(source, reads, Array.Empty<int[]>(), options.Missing);
        var reservoir = new Reservoir(options.SampleRows, reads.Count, options.Seed);
        foreach (var chunk in source.Read(reads, 1 << 16, options.Progress))
        {
            profile.Add(chunk);
            for (var i = 0; i < chunk.Count; i++)
                if (chunk.IsComplete(i)) reservoir.Offer(chunk.FirstRow + i, chunk.Columns, i);
        }
        profile.Finish();
        var (rows, columns) = reservoir.Sorted();
        return (profile, new ColumnTable(source.Name, reads.Select((r, k) => (r.Name, columns[k])).ToDictionary(p => p.Name, p => p.Item2), rows));
    }

    static Tensor Squeeze(Tensor output, TaskChoice task) => task.Task == AnalysisTask.MultiClass ? output : output.squeeze(1);
}
