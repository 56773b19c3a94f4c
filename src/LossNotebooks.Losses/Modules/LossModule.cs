using TorchSharp;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Modules;

/// <summary>
/// Base of the thin module classes (<c>new HuberLoss(delta: 2)</c>) for use inside TorchSharp models; each calls
/// the matching <see cref="Functional"/> method with its options. An option left out takes the default its
/// <see cref="Functional"/> declaration gives (read through the catalog), so no default is written twice.
/// </summary>
public abstract class LossModule : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the module with its name and reduction.</summary>
    protected LossModule(string name, Reduction reduction) : base(name) => Reduction = reduction;

    /// <summary>How per-element losses are combined.</summary>
    public Reduction Reduction { get; }

    /// <summary>The default of <paramref name="option"/> as the declaration of <paramref name="loss"/> gives it.</summary>
    protected static double Declared(string loss, string option) => LossCatalog.Find(loss).Options.Single(o => o.Name == option).Default;
}

/// <summary>Module form of <see cref="Functional.MseLoss"/>.</summary>
public sealed class MseLoss(Reduction reduction = Reduction.Mean) : LossModule(nameof(MseLoss), reduction)
{
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => Functional.MseLoss(input, target, Reduction);
}

/// <summary>Module form of <see cref="Functional.L1Loss"/>.</summary>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : LossModule(nameof(L1Loss), reduction)
{
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => Functional.L1Loss(input, target, Reduction);
}

/// <summary>Module form of <see cref="Functional.HuberLoss"/>.</summary>
public sealed class HuberLoss(Reduction reduction = Reduction.Mean, double? delta = null) : LossModule(nameof(HuberLoss), reduction)
{
    /// <summary>Where the quadratic part turns linear.</summary>
    public double Delta { get; } = delta ?? Declared("huber_loss", "delta");
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => Functional.HuberLoss(input, target, Reduction, Delta);
}

/// <summary>Module form of <see cref="Functional.SmoothL1Loss"/>.</summary>
public sealed class SmoothL1Loss(Reduction reduction = Reduction.Mean, double? beta = null) : LossModule(nameof(SmoothL1Loss), reduction)
{
    /// <summary>Width of the quadratic zone.</summary>
    public double Beta { get; } = beta ?? Declared("smooth_l1_loss", "beta");
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => Functional.SmoothL1Loss(input, target, Reduction, Beta);
}

/// <summary>Module form of <see cref="Functional.CrossEntropy"/>.</summary>
public sealed class CrossEntropyLoss(Tensor? weight = null, long? ignoreIndex = null, Reduction reduction = Reduction.Mean,
    double? labelSmoothing = null) : LossModule(nameof(CrossEntropyLoss), reduction)
{
    /// <summary>Target value that contributes nothing.</summary>
    public long IgnoreIndex { get; } = ignoreIndex ?? (long)Declared("cross_entropy", "ignore_index");
    /// <summary>Mass moved to the uniform distribution.</summary>
    public double LabelSmoothing { get; } = labelSmoothing ?? Declared("cross_entropy", "label_smoothing");
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target)
        => Functional.CrossEntropy(input, target, weight, IgnoreIndex, Reduction, LabelSmoothing);
}

/// <summary>Module form of <see cref="Functional.NllLoss"/>.</summary>
public sealed class NllLoss(Tensor? weight = null, long? ignoreIndex = null, Reduction reduction = Reduction.Mean)
    : LossModule(nameof(NllLoss), reduction)
{
    /// <summary>Target value that contributes nothing.</summary>
    public long IgnoreIndex { get; } = ignoreIndex ?? (long)Declared("nll_loss", "ignore_index");
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => Functional.NllLoss(input, target, weight, IgnoreIndex, Reduction);
}

/// <summary>Module form of <see cref="Functional.BinaryCrossEntropyWithLogits"/>.</summary>
public sealed class BceWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? posWeight = null)
    : LossModule(nameof(BceWithLogitsLoss), reduction)
{
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target)
        => Functional.BinaryCrossEntropyWithLogits(input, target, weight, Reduction, posWeight);
}

/// <summary>Module form of <see cref="Functional.KlDiv"/> (log_target false by default, as in PyTorch).</summary>
public sealed class KlDivLoss(Reduction reduction = Reduction.Mean, bool? logTarget = null) : LossModule(nameof(KlDivLoss), reduction)
{
    /// <summary>True when the target is given as log-probabilities.</summary>
    public bool LogTarget { get; } = logTarget ?? Declared("kl_div", "log_target") != 0;
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => Functional.KlDiv(input, target, Reduction, LogTarget);
}

/// <summary>Any two-tensor loss of the catalog as a module, from a spec string such as <c>tukey(c=3)</c>.</summary>
public sealed class CatalogLoss(string spec, Reduction reduction = Reduction.Mean) : LossModule(nameof(CatalogLoss), reduction)
{
    /// <summary>The loss with its options.</summary>
    public BoundLoss Loss { get; } = LossCatalog.Parse(spec);
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => Loss.Compute(input, target, Reduction);
}
