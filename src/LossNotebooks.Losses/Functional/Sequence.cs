using static LossNotebooks.Losses.LossGuard;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

public static partial class Functional
{
    /// <summary>
    /// Connectionist temporal classification (Graves et al. 2006): ℓₙ = −log Σ over alignments π of the target
    /// Π_t p_t(π_t). Shapes: logProbs (T, N, C) or (T, C) log-softmax outputs; targets (N, S) padded or
    /// concatenated (Σ targetLengths); inputLengths and targetLengths (N). Mean divides each ℓₙ by its target length
    /// (at least 1) and then averages; infeasible alignments give ∞ unless <paramref name="zeroInfinity"/>.
    /// </summary>
    [Loss("ctc_loss", "Connectionist temporal classification", LossCategory.Sequence, LossTask.Sequence,
        Formula = @"\ell = -\log \sum_{\pi \in \mathcal{B}^{-1}(y)} \prod_t p_t(\pi_t)",
        Properties = LossProperties.Smooth | LossProperties.NeedsLogProbabilities,
        UseWhen = "Speech or handwriting recognition without frame-level alignment.",
        Aliases = new[] { "ctc" })]
    public static Tensor CtcLoss(
        Tensor logProbs,
        Tensor targets,
        Tensor inputLengths,
        Tensor targetLengths,
        [Option("[0, C)", "index of the blank label")] long blank = 0,
        Reduction reduction = Reduction.Mean,
        [Option("true/false", "turn infinite losses into 0")] bool zeroInfinity = false)
    {
        const string loss = "ctc_loss";
        Floating(loss, nameof(logProbs), logProbs);
        if (logProbs.dim() is not (2 or 3))
            throw new ArgumentException($"{loss}: expected logProbs (T, N, C) or (T, C), got {Shape(logProbs)}", nameof(logProbs));
        var classes = logProbs.shape[^1];
        if (blank < 0 || blank >= classes)
            throw new ArgumentOutOfRangeException(nameof(blank), blank, $"{loss}: expected blank in [0, {classes - 1}], got {blank}");
        return Translate(loss, () => nn.functional.ctc_loss(logProbs, targets, inputLengths, targetLengths, blank, zeroInfinity, ToTorch(loss, reduction)));
    }
}
