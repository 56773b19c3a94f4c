using System.Diagnostics;
using DuckDB.NET.Data;
using LossNotebooks.Analysis.Data;
using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace LossNotebooks.Analysis;

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
    /// <summary>Seed of every random choice (the sample, the robustness study's corruption).</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Rows of the seeded uniform sample for the curves' range, the distribution and the robustness study.</summary>
    public int SampleRows { get; init; } = 100_000;
    /// <summary>Rows per chunk read and computed at once (bounds the memory of large data).</summary>
    public int ChunkRows { get; init; } = 1 << 18;
    /// <summary>How files are read (dialect overrides, DuckDB's threads, memory limit and spill folder).</summary>
    public DataReadOptions Read { get; init; } = new();
    /// <summary>Receives the progress of reading (bytes) and of the losses (rows).</summary>
    public IProgress<AnalysisProgress>? Progress { get; init; }
}

/// <summary>
/// Compares how losses judge several models on the user's data: the table of mean losses, each loss over the
/// residual/margin range with the data's distribution, the samples that dominate each loss, and how each loss moves
/// when targets are corrupted. Streams the data twice in chunks (a first pass checks it and decides the task, a second
/// computes the losses), so memory stays bounded whatever its size: sums and top samples are exact, the curves' range,
/// distribution and robustness study come from a seeded uniform sample whose size the report states. Computes on the
/// GPU when the CUDA build runs on a machine with one.
/// </summary>
public static class LossComparison
{
    /// <summary>Regression: a target column and prediction columns (one per model) of a file, folder or glob.</summary>
    public static ComparisonReport Compare(string path, string target, IReadOnlyList<string> predictions, ComparisonOptions? options = null)
    {
        if (predictions.Count == 0) throw new ArgumentException("name at least one prediction column (--pred)");
        return Compare(path, target, ModelColumns.FromPredictions(predictions), fromScores: false, options);
    }

    /// <summary>Regression or classification on a file, folder or glob, with the models' columns given explicitly.</summary>
    public static ComparisonReport Compare(string path, string target, IReadOnlyList<ModelColumns> models, bool fromScores, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        using var source = TabularSource.Open(path, options.Read);
        return Compare(source, target, models, fromScores, options);
    }

    /// <summary>Regression on a DataFrame's columns.</summary>
    public static ComparisonReport Compare(DataFrame frame, string target, IReadOnlyList<string> predictions, ComparisonOptions? options = null) =>
        Compare(MemorySource.FromDataFrame(frame), target, ModelColumns.FromPredictions(predictions), fromScores: false, options);

    /// <summary>Regression or classification on a DataFrame's columns.</summary>
    public static ComparisonReport Compare(DataFrame frame, string target, IReadOnlyList<ModelColumns> models, bool fromScores, ComparisonOptions? options = null) =>
        Compare(MemorySource.FromDataFrame(frame), target, models, fromScores, options);

    /// <summary>Regression on records with named properties (the target and predictions are property names).</summary>
    public static ComparisonReport Compare<T>(IEnumerable<T> records, string target, IReadOnlyList<string> predictions, ComparisonOptions? options = null) =>
        Compare(MemorySource.FromRecords(records), target, ModelColumns.FromPredictions(predictions), fromScores: false, options);

    /// <summary>Regression or classification on records with named properties.</summary>
    public static ComparisonReport Compare<T>(IEnumerable<T> records, string target, IReadOnlyList<ModelColumns> models, bool fromScores, ComparisonOptions? options = null) =>
        Compare(MemorySource.FromRecords(records), target, models, fromScores, options);

    /// <summary>A DuckDB query's result as a source to compare on (<c>Compare(LossComparison.FromQuery(connection, "select …"), …)</c>).</summary>
    public static QuerySource FromQuery(DuckDBConnection connection, string query) => new(connection, query);

    /// <summary>Regression or classification on any source: a file, a query, a DataFrame, records.</summary>
    public static ComparisonReport Compare(TabularSource source, string target, IReadOnlyList<ModelColumns> models, bool fromScores, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        if (models.Count == 0) throw new ArgumentException("name at least one model (--pred or --scores)");
        var clock = Stopwatch.StartNew();
        var targetColumn = source.Column(target);
        foreach (var column in models.SelectMany(m => m.Columns)) source.Column(column);
        IReadOnlyList<string>? labels = null;
        if (targetColumn.Kind == ColumnKind.Text)
        {
            labels = source.Distinct(target, 1000);
            if (labels.Count > 1000) throw new InvalidDataException($"{source.Name}, column '{target}': more than 1000 distinct text values; class names were expected");
            if (labels.Count == 0) throw new InvalidDataException($"{source.Name}: no row has a value in '{target}' (a header but no data rows?)");
        }
        else if (models.Any(m => m.Classes is not null))
            labels = source.Distinct(target, 1000);
        var mapping = ClassMapping.Resolve(labels, models);
        models = mapping.Models;
        var scoreColumns = models.SelectMany(m => m.Columns).Distinct().ToList();
        var reads = scoreColumns.Select(c => new ColumnRead(c)).Prepend(new ColumnRead(target, mapping.Names)).ToList();
        var modelReads = models.Select(m => m.Columns.Select(c => scoreColumns.IndexOf(c) + 1).ToArray()).ToList();
        var profile = DataProfile.Build(source, reads, modelReads, options.Missing, options.ChunkRows, options.Progress);
        var task = TaskChoice.Decide(source, profile, target, mapping, fromScores, options.Task, options.Scores);
        var evaluator = new LossEvaluator(task, options.Losses);
        var profileSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var pass = ComparisonPass.Run(source, profile, models, evaluator, options);
        var lossSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var rows = evaluator.Losses.Select((loss, l) => new LossRow(loss.Spec,
            models.Select((model, m) => (model.Name, Value: pass.Sums[l, m].Value / profile.Rows)).ToDictionary(p => p.Name, p => p.Value))
        {
            SumByModel = models.Select((model, m) => (model.Name, Sum: pass.Sums[l, m])).ToDictionary(p => p.Name, p => p.Sum),
        }).ToList();
        var device = cuda.is_available() ? CUDA : CPU;
        var distribution = SampleStudies.Distribution(pass.Sample, target, models, evaluator, device);
        var report = new ComparisonReport
        {
            Path = source.Name,
            Description = source.Description,
            RowsRead = profile.RowsRead,
            Rows = profile.Rows,
            RowsDropped = profile.RowsDropped,
            Columns = profile.Summaries(),
            Task = task,
            Target = target,
            Models = models,
            Table = rows,
            AbscissaName = evaluator.AbscissaName,
            Curves = SampleStudies.Curves(evaluator, distribution.Values.SelectMany(v => v).ToArray()),
            Distribution = distribution,
            Top = pass.TopSamples(source, evaluator, models),
            Robustness = SampleStudies.Robustness(pass.Sample, target, models, evaluator, device, options),
            SampleRows = pass.Sample.Count,
            Seed = options.Seed,
            Timings = new ComparisonTimings(profileSeconds, lossSeconds, 0),
        };
        return report with { Timings = report.Timings with { StudySeconds = clock.Elapsed.TotalSeconds } };
    }
}
