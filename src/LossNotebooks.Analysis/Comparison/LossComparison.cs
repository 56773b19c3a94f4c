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
/// when targets are corrupted. Streams the data in chunks, checking each and computing its losses (see <c>Pass</c>), so
/// memory stays bounded whatever its size: sums and top samples are exact, the curves' range,
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
        var (profile, pass, task) = Pass(source, reads, modelReads, mapping, fromScores, target, options);
        using var _ = pass;
        var evaluator = pass.Evaluator;
        var passSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var table = evaluator.Losses.Select((loss, l) => new LossRow(loss.Spec,
            models.Select((model, m) => (model.Name, Value: pass.Sums[l, m].Value / profile.Rows)).ToDictionary(p => p.Name, p => p.Value))
        {
            SumByModel = models.Select((model, m) => (model.Name, Sum: pass.Sums[l, m])).ToDictionary(p => p.Name, p => p.Sum),
        }).ToList();
        var device = cuda.is_available() ? CUDA : CPU;
        var sample = pass.Sample(source.Name);
        var distribution = SampleStudies.Distribution(sample, target, models, evaluator, device);
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
            Table = table,
            AbscissaName = evaluator.AbscissaName,
            Curves = SampleStudies.Curves(evaluator, distribution.Values.SelectMany(v => v).ToArray()),
            Distribution = distribution,
            Top = pass.TopSamples(source, evaluator, models),
            Robustness = SampleStudies.Robustness(sample, target, models, evaluator, device, options),
            SampleRows = sample.Count,
            Seed = options.Seed,
            Timings = new ComparisonTimings(passSeconds, 0),
        };
        return report with { Timings = report.Timings with { StudySeconds = clock.Elapsed.TotalSeconds } };
    }

    /// <summary>
    /// Reads the data once, checking every row and computing the losses as it goes, for the task the rows read so far
    /// decide; when later rows decide otherwise (the first rows were 0/1 and later ones are not, say), it stops
    /// computing, finishes the checks, and reads the data again for the task all rows decide. Returns the profile of
    /// all rows, the pass of that task, and the task as all rows decide it (with the reasons they give).
    /// </summary>
    static (DataProfile Profile, ComparisonPass Pass, TaskChoice Task) Pass(TabularSource source, IReadOnlyList<ColumnRead> reads, IReadOnlyList<int[]> modelReads,
        ClassMapping mapping, bool fromScores, string target, ComparisonOptions options)
    {
        var names = reads.Select(r => r.Name).ToList();
        var profile = new DataProfile(source, reads, modelReads, options.Missing);
        ComparisonPass? pass = null;
        var deferred = false;
        try
        {
            foreach (var chunk in source.Read(reads, options.ChunkRows, options.Progress))
            {
                profile.Add(chunk);
                if (deferred || profile.Rows == 0) continue;
                var sofar = TaskChoice.Decide(source, profile, target, mapping, fromScores, options.Task, options.Scores);
                if (pass is not null && !Same(pass.Evaluator.Task, sofar))
                {
                    // these rows contradict the first ones' task: finish the checks, then read again for the right one
                    pass.Dispose();
                    (pass, deferred) = (null, true);
                    continue;
                }
                if (pass is null)
                {
                    try { pass = new ComparisonPass(names, mapping.Models, new LossEvaluator(sofar, options.Losses), options); }
                    catch (ArgumentException) { deferred = true; continue; } // the losses asked for may fit the task all rows decide
                }
                pass.Add(chunk);
            }
            profile.Finish();
            var task = TaskChoice.Decide(source, profile, target, mapping, fromScores, options.Task, options.Scores);
            if (pass is not null && Same(pass.Evaluator.Task, task)) return (profile, pass, task);
            pass?.Dispose();
            pass = new ComparisonPass(names, mapping.Models, new LossEvaluator(task, options.Losses), options);
            foreach (var chunk in source.Read(reads, options.ChunkRows))
            {
                pass.Add(chunk);
                options.Progress?.Report(new AnalysisProgress("second pass", chunk.FirstRow + chunk.Count, profile.RowsRead, "rows"));
            }
            return (profile, pass, task);
        }
        catch
        {
            pass?.Dispose();
            throw;
        }
    }

    static bool Same(TaskChoice a, TaskChoice b) => a.Task == b.Task && a.Scores == b.Scores && a.Classes == b.Classes;
}
