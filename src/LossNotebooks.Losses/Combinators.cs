using static TorchSharp.torch;

namespace LossNotebooks.Losses;

/// <summary>Losses built from other losses.</summary>
public static class Combinators
{
    /// <summary>
    /// A weighted multi-task loss L = Σₖ wₖ·Lₖ; for two tasks as in the documents, α·mse(o₁, t₁) + (1 − α)·ce(o₂, t₂).
    /// Each term must be a scalar loss.
    /// </summary>
    public static Tensor WeightedSum(params (double Weight, Tensor Loss)[] terms)
    {
        if (terms.Length == 0) throw new ArgumentException("weighted sum: expected at least one (weight, loss) term", nameof(terms));
        Tensor? total = null;
        for (var k = 0; k < terms.Length; k++)
        {
            var (weight, loss) = terms[k];
            if (loss.dim() != 0)
                throw new ArgumentException($"weighted sum: term {k} must be a scalar loss (reduce it first), got shape [{string.Join(", ", loss.shape)}]", nameof(terms));
            total = total is null ? loss * weight : total + loss * weight;
        }
        return total!;
    }
}

/// <summary>
/// Define a loss with a hand-written backward pass, the counterpart of subclassing <c>torch.autograd.Function</c>:
/// autograd calls <c>backward(input, target, gradOutput)</c> for the gradient with respect to the input (the target
/// gets none). Check a hand-written backward against autograd or finite differences before trusting it.
/// </summary>
public static class CustomLoss
{
    /// <summary>Applies <paramref name="forward"/> with <paramref name="backward"/> as its gradient.</summary>
    /// <param name="input">The prediction; gradients flow to it.</param>
    /// <param name="target">The target; no gradient.</param>
    /// <param name="forward">Computes the loss (any shape) from input and target.</param>
    /// <param name="backward">Computes dL/dinput from input, target and dL/doutput (the output's shape).</param>
    public static Tensor Apply(Tensor input, Tensor target, Func<Tensor, Tensor, Tensor> forward,
        Func<Tensor, Tensor, Tensor, Tensor> backward)
        => Function.apply(input, target, forward, backward);

    /// <summary>Binds a forward and a backward into a reusable loss function.</summary>
    public static Func<Tensor, Tensor, Tensor> Define(Func<Tensor, Tensor, Tensor> forward, Func<Tensor, Tensor, Tensor, Tensor> backward)
        => (input, target) => Apply(input, target, forward, backward);

    sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => "LossNotebooksCustomLoss";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var target = (Tensor)vars[1];
            ctx.save_for_backward(new List<Tensor> { input, target });
            ctx.save_data("backward", vars[3]);
            using (no_grad()) return ((Func<Tensor, Tensor, Tensor>)vars[2])(input, target);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var saved = ctx.get_saved_variables();
            var backward = (Func<Tensor, Tensor, Tensor, Tensor>)ctx.get_data("backward");
            // One gradient per argument of apply (input, target, forward, backward): only the input gets one.
            return new List<Tensor> { backward(saved[0], saved[1], gradOutput), null!, null!, null! };
        }
    }
}
