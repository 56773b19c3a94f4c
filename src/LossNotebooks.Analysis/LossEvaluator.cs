using LossNotebooks.Losses;
using static TorchSharp.torch;

namespace LossNotebooks.Analysis;

/// <summary>
/// Evaluates catalog losses on one task's data. Class scores are kept as logits (probabilities are turned into
/// logits once: <c>log(p/(1−p))</c> for binary, <c>log p</c> for several classes, clamped away from 0 and 1), and each
/// loss receives the input it is defined on: probabilities for <c>binary_cross_entropy</c>, logits for
/// <c>binary_cross_entropy_with_logits</c> and focal loss, ±1 targets for soft margin, log-probabilities for
/// <c>nll_loss</c>, class indices for cross-entropy and multi-margin.
/// </summary>
public sealed class LossEvaluator
{
    const double Clamp = 1e-7;

    /// <summary>The default losses per task.</summary>
    public static IReadOnlyList<string> DefaultLosses(AnalysisTask task) => task switch
    {
        AnalysisTask.Regression => new[] { "mse", "mae", "huber", "log_cosh", "quantile(quantile=0.9)", "tukey" },
        AnalysisTask.Binary => new[] { "bce", "focal", "focal(gamma=5)", "soft_margin" },
        _ => new[] { "ce", "ce(label_smoothing=0.1)", "softmax_focal", "multi_margin" },
    };

    /// <summary>
    /// The catalog's losses for a task, read from their <c>[Loss(…, task)]</c> declarations: every loss computable from
    /// a prediction and a target (<see cref="LossInfo.IsPairwise"/>) declared for regression, binary or multi-class
    /// classification. A loss added to the library with its declaration reaches <c>lossnb compare</c> with nothing else.
    /// </summary>
    public static IReadOnlyList<string> SupportedLosses(AnalysisTask task) =>
        LossCatalog.All.Where(l => l.IsPairwise && l.Task == task switch
        {
            AnalysisTask.Regression => LossTask.Regression,
            AnalysisTask.Binary => LossTask.BinaryClassification,
            _ => LossTask.MultiClassClassification,
        }).Select(l => l.Name).ToList();

    /// <summary>The task.</summary>
    public TaskChoice Task { get; }

    /// <summary>The losses, parsed and checked against the task.</summary>
    public IReadOnlyList<BoundLoss> Losses { get; }

    /// <summary>Parses the specs (default set when none) and checks each fits the task.</summary>
    public LossEvaluator(TaskChoice task, IReadOnlyList<string>? specs)
    {
        Task = task;
        Losses = (specs is { Count: > 0 } ? specs : DefaultLosses(task.Task)).Select(LossCatalog.Parse).ToList();
        var supported = SupportedLosses(task.Task);
        foreach (var loss in Losses.Where(l => !supported.Contains(l.Info.Name)))
            throw new ArgumentException($"{loss.Spec} does not apply to {task.Task} data; losses for it: {string.Join(", ", supported)}");
    }

    /// <summary>
    /// A model's columns as the tensor the losses read: predictions [N] (regression), logits [N] (binary) or logits
    /// [N, C] (multi-class), on <paramref name="device"/>.
    /// </summary>
    public Tensor Scores(IReadOnlyDictionary<string, double[]> columns, ModelColumns model, Device device)
    {
        using var scope = NewDisposeScope();
        var tensors = model.Columns.Distinct().ToDictionary(c => c, c => tensor(columns[c], device: device));
        return Scores(tensors, model, 0, columns[model.Columns[0]].Length).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same for rows <c>[start, start + count)</c> of column tensors made once for the whole table (slices are
    /// views: a chunk allocates no copy of the columns).
    /// </summary>
    public Tensor Scores(IReadOnlyDictionary<string, Tensor> columnTensors, ModelColumns model, int start, int count)
    {
        using var scope = NewDisposeScope();
        var columns = model.Columns.Select(c => columnTensors[c].narrow(0, start, count)).ToArray();
        var raw = columns.Length == 1 ? columns[0].alias() : stack(columns, dim: 1);
        if (Task.Task == AnalysisTask.Regression || Task.Scores == ScoreKind.Logits) return raw.MoveToOuterDisposeScope();
        var p = raw.clamp(Clamp, 1 - Clamp);
        return (Task.Task == AnalysisTask.Binary ? p.log() - (1 - p).log() : p.log()).MoveToOuterDisposeScope();
    }

    /// <summary>The target as the losses read it: values [N] (regression, binary as 0/1 floats) or class indices [N].</summary>
    public Tensor Target(double[] target, Device device)
    {
        var values = tensor(target, device: device);
        if (Task.Task != AnalysisTask.MultiClass) return values;
        using (values) return values.to_type(ScalarType.Int64);
    }

    /// <summary>The target rows <c>[start, start + count)</c> of a column tensor made once for the whole table.</summary>
    public Tensor Target(Tensor column, int start, int count)
    {
        var values = column.narrow(0, start, count);
        if (Task.Task != AnalysisTask.MultiClass) return values;
        using (values) return values.to_type(ScalarType.Int64);
    }

    /// <summary>
    /// Per-sample losses [N] of one loss for scores (logits) and target made by the Scores and Target methods. What the
    /// loss takes is read from its catalog properties: probabilities (sigmoid or softmax of the logits),
    /// log-probabilities (their logarithm), or the logits as they are; targets coded −1/1 when it says so.
    /// </summary>
    public Tensor PerSample(BoundLoss loss, Tensor scores, Tensor target)
    {
        using var scope = NewDisposeScope();
        var properties = loss.Info.Properties;
        var binary = Task.Task == AnalysisTask.Binary;
        var input = properties.HasFlag(LossProperties.NeedsProbabilities) ? (binary ? scores.sigmoid() : scores.softmax(1))
            : properties.HasFlag(LossProperties.NeedsLogProbabilities) ? (binary ? nn.functional.logsigmoid(scores) : scores.log_softmax(1))
            : scores;
        var labels = properties.HasFlag(LossProperties.SignedTargets) ? target * 2 - 1 : target;
        return loss.Compute(input, labels, Reduction.None).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// What the curves are drawn over, per sample: the residual <c>prediction − target</c> (regression) or the margin
    /// (binary: <c>(2y−1)·logit</c>; several classes: true-class logit minus the largest other logit).
    /// </summary>
    public Tensor Abscissa(Tensor scores, Tensor target)
    {
        using var scope = NewDisposeScope();
        Tensor value;
        if (Task.Task == AnalysisTask.Regression) value = scores - target;
        else if (Task.Task == AnalysisTask.Binary) value = (target * 2 - 1) * scores;
        else
        {
            var index = target.unsqueeze(1);
            var truth = scores.gather(1, index).squeeze(1);
            var others = scores.scatter(1, index, full_like(truth.unsqueeze(1), double.NegativeInfinity));
            value = truth - others.max(1).values;
        }
        return value.MoveToOuterDisposeScope();
    }

    /// <summary>The name of the abscissa for axis titles.</summary>
    public string AbscissaName => Task.Task == AnalysisTask.Regression ? "residual (prediction − target)" : "margin";

    /// <summary>
    /// A loss as a function of the residual or margin on a grid: predictions <c>r</c> against target 0 (regression),
    /// logit <c>m</c> for label 1 (binary), logits <c>[m, 0]</c> for class 0 (several classes: the two-class slice).
    /// </summary>
    public double[] Curve(BoundLoss loss, double[] grid)
    {
        using var scope = NewDisposeScope();
        var x = tensor(grid);
        var (scores, target) = Task.Task switch
        {
            AnalysisTask.Regression => (x, zeros_like(x)),
            AnalysisTask.Binary => (x, ones_like(x)),
            _ => (stack(new[] { x, zeros_like(x) }, 1), zeros(grid.Length, ScalarType.Int64)),
        };
        return PerSample(loss, scores, target).to_type(ScalarType.Float64).data<double>().ToArray();
    }
}
