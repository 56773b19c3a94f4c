using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// The fused pointwise losses as tensors. Without autograd: one pass (the sum, or the elementwise losses). When the
/// input needs a gradient and the loss is reduced, the forward pass also writes the gradient (scaled by 1/N for the
/// mean), so backward only multiplies it by the upstream gradient when that is not 1; unreduced losses compute
/// g·ℓ′ in one backward pass. Both go through a custom autograd function.
/// </summary>
internal static unsafe class FusedPointwise
{
    /// <summary>
    /// Computes the loss on the fused path when <see cref="FusedKernels.Applies"/> (and the weights are same-shaped
    /// tensors, the positive-class weight a row along the last dimension); otherwise returns false and the caller takes
    /// libtorch. <paramref name="reduction"/> must already be validated.
    /// </summary>
    public static bool TryCompute(FusedLoss loss, Tensor input, Tensor target, Reduction reduction, out Tensor result,
        Tensor? weight = null, Tensor? posWeight = null)
    {
        result = null!;
        var needsGrad = input.requires_grad && is_grad_enabled();
        // The size test first: it is cheaper than Applies' checks, and small inputs go to libtorch anyway.
        if (reduction is not (Reduction.None or Reduction.Mean or Reduction.Sum) || !FusedKernels.LargeEnough(input, needsGrad, loss.Transcendental)
            || !FusedKernels.Applies(input, target))
            return false;
        if (weight is not null && !FusedKernels.Applies(input, weight)) return false;
        var period = 1L;
        Tensor? row = null;
        if (posWeight is not null && (row = PosWeightRow(input, posWeight, out period)) is null) return false;
        var operands = new Operands(input, target, weight, row, period);
        FusedKernels.Record();
        result = needsGrad
            ? Function.apply(input, loss, operands, reduction)
            : Forward(loss, operands, reduction, eagerGradient: null);
        return true;
    }

    /// <summary>The tensors a kernel reads; the positive-class weight as a wrapped row (see <see cref="Operands{T}"/>).</summary>
    sealed record Operands(Tensor Input, Tensor Target, Tensor? Weight, Tensor? PosWeightRow, long Period)
    {
        public OperandAddresses Addresses =>
            new(FusedKernels.Address(Input), FusedKernels.Address(Target), Weight is null ? 0 : FusedKernels.Address(Weight),
                PosWeightRow is null ? 0 : FusedKernels.Address(PosWeightRow), Period);
    }

    /// <summary>
    /// pos_weight of shape [C] (or one element) against an input whose last dimension is C, as a row of C + one vector
    /// of elements repeating it; null when it broadcasts otherwise (libtorch handles that).
    /// </summary>
    static Tensor? PosWeightRow(Tensor input, Tensor posWeight, out long period)
    {
        period = posWeight.numel();
        var classes = input.dim() == 0 ? 1 : input.shape[^1];
        if (posWeight.device_type != DeviceType.CPU || posWeight.requires_grad || !posWeight.is_floating_point()
            || posWeight.shape.SkipLast(1).Any(d => d != 1) || posWeight.dim() > Math.Max(1, input.dim())
            || (period != 1 && period != classes))
            return null;
        long width = input.dtype == ScalarType.Float32 ? Vector<float>.Count : Vector<double>.Count;
        var flat = posWeight.to_type(input.dtype).reshape(-1);
        var copies = (period + width + period - 1) / period;
        return flat.repeat(copies)[TensorIndex.Slice(0L, period + width)].contiguous();
    }

    static Tensor Forward(FusedLoss loss, Operands operands, Reduction reduction, Tensor? eagerGradient)
    {
        var input = operands.Input;
        var n = input.numel();
        bool rejected;
        Tensor result;
        if (reduction == Reduction.None)
        {
            result = OutputBuffers.Like(input);
            loss.Values(input.dtype, operands.Addresses, n, FusedKernels.Address(result), out rejected);
        }
        else
        {
            var scale = reduction == Reduction.Mean ? 1.0 / n : 1.0;
            var sum = eagerGradient is null
                ? loss.Sum(input.dtype, operands.Addresses, n, out rejected)
                : loss.SumAndGradient(input.dtype, operands.Addresses, n, FusedKernels.Address(eagerGradient), scale, out rejected);
            result = tensor(sum * scale, dtype: input.dtype);
        }
        if (rejected) throw new ArgumentException(loss.RejectMessage);
        return result;
    }

    /// <summary>
    /// The gradient written by a forward pass, kept as context data for backward (it is neither an input nor an output
    /// of the function, so it stays out of save_for_backward's version checks).
    /// </summary>
    internal sealed record SavedGradient(Tensor Value)
    {
        /// <summary>
        /// The gradient for a scalar upstream gradient: the forward pass wrote ℓ′ already, so an upstream gradient of 1
        /// (loss.backward()) needs no pass at all.
        /// </summary>
        public Tensor Times(Tensor upstreamScalar)
        {
            var upstream = upstreamScalar.to_type(ScalarType.Float64).item<double>();
            return upstream == 1 ? Value : Value.mul(upstream);
        }
    }

    sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => "LossNotebooksFusedPointwise";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var (loss, operands, reduction) = ((FusedLoss)vars[1], (Operands)vars[2], (Reduction)vars[3]);
            ctx.save_data("loss", loss);
            ctx.save_data("operands", operands);
            ctx.save_data("reduction", reduction);
            using (no_grad())
            {
                if (reduction == Reduction.None)
                {
                    ctx.save_for_backward(new List<Tensor> { operands.Input, operands.Target });
                    return Forward(loss, operands, reduction, eagerGradient: null);
                }
                var gradient = OutputBuffers.Like(operands.Input);
                var value = Forward(loss, operands, reduction, gradient);
                ctx.save_data("gradient", new SavedGradient(gradient));
                return value;
            }
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var saved = ctx.get_saved_variables();
            var (loss, operands, reduction) = ((FusedLoss)ctx.get_data("loss"), (Operands)ctx.get_data("operands"), (Reduction)ctx.get_data("reduction"));
            using (no_grad())
            {
                Tensor grad;
                if (reduction != Reduction.None) grad = ((SavedGradient)ctx.get_data("gradient")).Times(gradOutput);
                else
                {
                    var current = operands with { Input = saved[0], Target = saved[1] };
                    using var g = gradOutput.to_type(current.Input.dtype).expand(current.Input.shape).contiguous();
                    grad = OutputBuffers.Like(current.Input);
                    loss.Gradient(current.Input.dtype, current.Addresses, current.Input.numel(), FusedKernels.Address(g), FusedKernels.Address(grad), 1);
                }
                // One gradient per argument of apply: only the input gets one.
                return new List<Tensor> { grad, null!, null!, null! };
            }
        }
    }
}
