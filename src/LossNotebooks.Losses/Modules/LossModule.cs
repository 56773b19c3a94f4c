using static TorchSharp.torch;

namespace LossNotebooks.Losses.Modules;

/// <summary>
/// Base of the two-input module classes (<c>new HuberLoss(delta: 2)</c>) for use inside TorchSharp models. One module
/// per <see cref="Functional"/> loss, of the same name, is generated from its declaration at compile time
/// (LossNotebooks.Losses.Generators): its options are the method's parameters with the method's defaults.
/// </summary>
public abstract class LossModule : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the module with its name and reduction.</summary>
    protected LossModule(string name, Reduction reduction) : base(name) => Reduction = reduction;

    /// <summary>How per-element losses are combined.</summary>
    public Reduction Reduction { get; }
}

/// <summary>Any two-tensor loss of the catalog as a module, from a spec string such as <c>tukey(c=3)</c>.</summary>
public sealed class CatalogLoss(string spec, Reduction reduction = Reduction.Mean) : LossModule(nameof(CatalogLoss), reduction)
{
    /// <summary>The loss with its options.</summary>
    public BoundLoss Loss { get; } = LossCatalog.Parse(spec);
    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => Loss.Compute(input, target, Reduction);
}
