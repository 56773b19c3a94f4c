using TorchSharp;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// The fused elementwise losses as tensors: forward in one pass, and, when the input requires a gradient, a custom
/// autograd function whose backward is one more pass (g · ℓ′(r), scaled by 1/N for the mean).
/// </summary>
public static unsafe class FusedElementwise
{
    /// <summary>
    /// Computes the loss on the fused path when <see cref="FusedKernels.Applies"/>; otherwise returns false and the
    /// caller takes libtorch. <paramref name="reduction"/> must already be validated (None, Mean or Sum).
    /// </summary>
    public static bool TryCompute(FusedLoss loss, double parameter, Tensor input, Tensor target, Reduction reduction, out Tensor result)
    {
        result = null!;
        if (reduction is not (Reduction.None or Reduction.Mean or Reduction.Sum) || !FusedKernels.Applies(input, target)) return false;
        result = input.requires_grad && is_grad_enabled()
            ? Function.apply(input, target, loss, parameter, reduction)
            : Forward(input, target, loss, parameter, reduction);
        return true;
    }

    static Tensor Forward(Tensor input, Tensor target, FusedLoss loss, double parameter, Reduction reduction)
    {
        var n = input.numel();
        if (reduction == Reduction.None)
        {
            var output = empty_like(input, requires_grad: false);
            if (input.dtype == ScalarType.Float32)
                fixed (byte* x = input.bytes, y = target.bytes, o = output.bytes)
                    ElementwiseKernel.Elementwise((float*)x, (float*)y, (float*)o, n, loss, parameter);
            else
                fixed (byte* x = input.bytes, y = target.bytes, o = output.bytes)
                    ElementwiseKernel.Elementwise((double*)x, (double*)y, (double*)o, n, loss, parameter);
            return output;
        }
        double sum;
        if (input.dtype == ScalarType.Float32)
            fixed (byte* x = input.bytes, y = target.bytes) sum = ElementwiseKernel.Sum((float*)x, (float*)y, n, loss, parameter);
        else
            fixed (byte* x = input.bytes, y = target.bytes) sum = ElementwiseKernel.Sum((double*)x, (double*)y, n, loss, parameter);
        return tensor(reduction == Reduction.Mean ? sum / n : sum, dtype: input.dtype);
    }

    static Tensor Backward(Tensor input, Tensor target, Tensor gradOutput, FusedLoss loss, double parameter, Reduction reduction)
    {
        var n = input.numel();
        var grad = empty_like(input, requires_grad: false);
        if (reduction == Reduction.None)
        {
            using var g = gradOutput.to_type(input.dtype).expand(input.shape).contiguous();
            if (input.dtype == ScalarType.Float32)
                fixed (byte* x = input.bytes, y = target.bytes, go = g.bytes, o = grad.bytes)
                    ElementwiseKernel.Gradient((float*)x, (float*)y, (float*)go, (float*)o, n, loss, parameter, 1);
            else
                fixed (byte* x = input.bytes, y = target.bytes, go = g.bytes, o = grad.bytes)
                    ElementwiseKernel.Gradient((double*)x, (double*)y, (double*)go, (double*)o, n, loss, parameter, 1);
            return grad;
        }
        var scale = gradOutput.to_type(ScalarType.Float64).item<double>() / (reduction == Reduction.Mean ? n : 1);
        if (input.dtype == ScalarType.Float32)
            fixed (byte* x = input.bytes, y = target.bytes, o = grad.bytes)
                ElementwiseKernel.Gradient((float*)x, (float*)y, null, (float*)o, n, loss, parameter, scale);
        else
            fixed (byte* x = input.bytes, y = target.bytes, o = grad.bytes)
                ElementwiseKernel.Gradient((double*)x, (double*)y, null, (double*)o, n, loss, parameter, scale);
        return grad;
    }

    sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => "LossNotebooksFusedElementwise";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var target = (Tensor)vars[1];
            ctx.save_for_backward(new List<Tensor> { input, target });
            ctx.save_data("loss", vars[2]);
            ctx.save_data("parameter", vars[3]);
            ctx.save_data("reduction", vars[4]);
            using (no_grad()) return Forward(input, target, (FusedLoss)vars[2], (double)vars[3], (Reduction)vars[4]);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var saved = ctx.get_saved_variables();
            using (no_grad())
            {
                var grad = Backward(saved[0], saved[1], gradOutput, (FusedLoss)ctx.get_data("loss"), (double)ctx.get_data("parameter"),
                    (Reduction)ctx.get_data("reduction"));
                // One gradient per argument of apply: only the input gets one.
                return new List<Tensor> { grad, null!, null!, null!, null! };
            }
        }
    }
}
