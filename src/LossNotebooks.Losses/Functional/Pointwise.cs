using static LossNotebooks.Losses.LossGuard;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

public static partial class Functional
{
    /// <summary>
    /// How every pointwise loss is computed, in one place: input and target checked as the same shape, the reduction
    /// checked, the fused CPU kernel where it applies (<see cref="Fused.FusedPointwise"/>), else the loss composed from
    /// libtorch's operators (given libtorch's reduction), a libtorch error named after the loss. Option checks come first,
    /// in the caller.
    /// </summary>
    static Tensor Pointwise(string loss, Tensor input, Tensor target, Reduction reduction, Fused.FusedLoss fused,
        Func<nn.Reduction, Tensor> composed, Tensor? weight = null, Tensor? posWeight = null)
    {
        Elementwise(loss, input, target);
        var mode = ToTorch(loss, reduction);
        if (Fused.FusedPointwise.TryCompute(fused, input, target, reduction, out var result, weight, posWeight)) return result;
        return Translate(loss, () => composed(mode));
    }
}
