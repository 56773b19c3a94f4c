using LossNotebooks.Losses;
using static TorchSharp.torch;

namespace LossNotebooks.Analysis;

/// <summary>One loss evaluated on every model.</summary>
/// <param name="Loss">The loss spec, e.g. <c>huber_loss(delta=2)</c>.</param>
/// <param name="ValueByModel">Model (prediction column) → mean loss.</param>
public sealed record LossRow(string Loss, IReadOnlyDictionary<string, double> ValueByModel)
{
    /// <summary>The model with the smallest loss.</summary>
    public string Best => ValueByModel.MinBy(p => p.Value).Key;
}

/// <summary>How every loss judges every model's predictions of one target.</summary>
/// <param name="Target">The target column.</param>
/// <param name="Models">The prediction columns.</param>
/// <param name="Rows">Rows used.</param>
/// <param name="RowsDropped">Rows dropped for missing values.</param>
/// <param name="Table">One row per loss.</param>
public sealed record ComparisonResult(string Target, IReadOnlyList<string> Models, int Rows, int RowsDropped, IReadOnlyList<LossRow> Table);

/// <summary>Compares regression predictions of several models under several losses (the user-data slice so far).</summary>
public static class LossComparison
{
    /// <summary>The default losses for regression.</summary>
    public static readonly string[] DefaultRegressionLosses = { "mse", "mae", "huber", "log_cosh", "quantile(quantile=0.9)", "tukey" };

    /// <summary>Loads the columns and evaluates each loss spec on each model (float64, mean reduction).</summary>
    public static ComparisonResult Compare(string path, string target, IReadOnlyList<string> predictions, IReadOnlyList<string>? losses = null,
        MissingValuePolicy missing = MissingValuePolicy.Fail)
    {
        if (predictions.Count == 0) throw new ArgumentException("name at least one prediction column (--pred)");
        var specs = (losses is { Count: > 0 } ? losses : DefaultRegressionLosses).Select(LossCatalog.Parse).ToList();
        foreach (var spec in specs.Where(s => s.Info.Task != LossTask.Regression))
            throw new ArgumentException($"{spec.Spec} is a {spec.Info.Task} loss; this comparison takes regression losses for now");
        var table = CsvTable.Load(path, predictions.Prepend(target).ToList(), missing);
        using var scope = NewDisposeScope();
        var y = tensor(table.Columns[target]);
        var rows = specs.Select(spec => new LossRow(spec.Spec, predictions.ToDictionary(p => p,
            p => spec.Compute(tensor(table.Columns[p]), y, Reduction.Mean).item<double>()))).ToList();
        return new ComparisonResult(target, predictions, table.Rows, table.RowsDropped, rows);
    }
}
