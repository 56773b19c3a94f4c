using LossNotebooks.Analysis.Streaming;

namespace LossNotebooks.Analysis;

/// <summary>One loss evaluated on every model.</summary>
/// <param name="Loss">The loss spec, e.g. <c>huber_loss(delta=2)</c>.</param>
/// <param name="ValueByModel">Model → mean loss over the rows.</param>
public sealed record LossRow(string Loss, IReadOnlyDictionary<string, double> ValueByModel)
{
    /// <summary>Model → the loss summed over the rows, with its compensation: what partitions' reports merge by.</summary>
    public IReadOnlyDictionary<string, CompensatedSum> SumByModel { get; init; } = new Dictionary<string, CompensatedSum>();

    /// <summary>The model with the smallest loss.</summary>
    public string Best => ValueByModel.MinBy(p => p.Value).Key;
}

/// <summary>One sample that contributes much to a loss.</summary>
/// <param name="Row">Its 0-based ordinal in the data (after a merge: in the parts taken in order).</param>
/// <param name="Location">Where it is, as the user finds it: <c>data.csv, line 12</c>, <c>part-3.parquet, row group 0, row 7</c>.</param>
/// <param name="Target">Its target (or label; class index when labels are names).</param>
/// <param name="Abscissa">Its residual or margin.</param>
/// <param name="Loss">Its loss.</param>
/// <param name="Share">Its share of the loss summed over all rows.</param>
public sealed record TopSample(long Row, string Location, double Target, double Abscissa, double Loss, double Share);

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
/// <param name="PassSeconds">
/// Reading the data, checking every row, deciding the task and computing every loss, the top samples and the sample (one
/// pass; two when the first rows suggested another task than all rows do).
/// </param>
/// <param name="StudySeconds">Curves, distribution and the robustness study on the sample.</param>
public sealed record ComparisonTimings(double PassSeconds, double StudySeconds);

/// <summary>Everything the comparison found: the report's numbers, rendered by <c>ComparisonReportHtml</c>.</summary>
public sealed record ComparisonReport
{
    /// <summary>The data: a file, folder or glob, a query, a DataFrame.</summary>
    public required string Path { get; init; }
    /// <summary>How it was read (a CSV's dialect, the number of files), or null.</summary>
    public string? Description { get; init; }
    /// <summary>Rows in the data.</summary>
    public required long RowsRead { get; init; }
    /// <summary>Rows used.</summary>
    public required long Rows { get; init; }
    /// <summary>Rows dropped for missing values.</summary>
    public required long RowsDropped { get; init; }
    /// <summary>Inferred types of the used columns.</summary>
    public required IReadOnlyList<ColumnSummary> Columns { get; init; }
    /// <summary>The task, and why (with class names and how score columns were paired with them).</summary>
    public required TaskChoice Task { get; init; }
    /// <summary>The target (label) column.</summary>
    public required string Target { get; init; }
    /// <summary>The models compared (columns in class order).</summary>
    public required IReadOnlyList<ModelColumns> Models { get; init; }
    /// <summary>One row per loss: the mean loss of every model (over every row, exactly: not a sample).</summary>
    public required IReadOnlyList<LossRow> Table { get; init; }
    /// <summary>Residual or margin, as the curves' x axis.</summary>
    public required string AbscissaName { get; init; }
    /// <summary>Each loss over the residual/margin range of the sample (0.5 % to 99.5 % quantiles, padded).</summary>
    public required IReadOnlyList<CurveOnData> Curves { get; init; }
    /// <summary>Per model, up to 5,000 residuals or margins of the sample: the data under the curves.</summary>
    public required IReadOnlyDictionary<string, double[]> Distribution { get; init; }
    /// <summary>The top-k samples per loss and model (over every row, exactly).</summary>
    public required IReadOnlyList<TopSamples> Top { get; init; }
    /// <summary>The robustness study on the sample, per loss and model.</summary>
    public required IReadOnlyList<RobustnessRow> Robustness { get; init; }
    /// <summary>Rows in the seeded uniform sample (reservoir) that the curves' range, the distribution and the robustness study use.</summary>
    public required int SampleRows { get; init; }
    /// <summary>The seed of the sample and of the robustness study's corruption.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>After <c>--merge</c>: the reports merged, in order; empty for one run.</summary>
    public IReadOnlyList<string> MergedFrom { get; init; } = Array.Empty<string>();
    /// <summary>Where the time went.</summary>
    public required ComparisonTimings Timings { get; init; }
}
