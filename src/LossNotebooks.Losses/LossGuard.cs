using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

/// <summary>
/// Cheap argument checks (shapes, dtypes, option ranges) that name the loss, the argument, what was expected
/// and what was found. Value checks that would cost a pass over the data are left to libtorch, whose error is
/// translated by <see cref="Translate{T}"/>.
/// </summary>
internal static class LossGuard
{
    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    public static void Floating(string loss, string argument, Tensor t)
    {
        if (!t.is_floating_point())
            throw new ArgumentException($"{loss}: expected {argument} to be a floating-point tensor, got dtype {t.dtype}", argument);
    }

    public static void SameShape(string loss, Tensor input, Tensor target, string inputName = "input", string targetName = "target")
    {
        if (!input.shape.SequenceEqual(target.shape))
            throw new ArgumentException(
                $"{loss}: expected {targetName} shape {Shape(input)} (the shape of {inputName}), got {Shape(target)}", targetName);
    }

    public static void Elementwise(string loss, Tensor input, Tensor target)
    {
        Floating(loss, "input", input);
        Floating(loss, "target", target);
        SameShape(loss, input, target);
    }

    public static void Positive(string loss, string option, double value)
    {
        if (!(value > 0)) throw new ArgumentOutOfRangeException(option, value, $"{loss}: expected {option} > 0, got {value}");
    }

    public static void NonNegative(string loss, string option, double value)
    {
        if (!(value >= 0)) throw new ArgumentOutOfRangeException(option, value, $"{loss}: expected {option} >= 0, got {value}");
    }

    public static void InRange(string loss, string option, double value, double low, double high)
    {
        if (!(value >= low && value <= high))
            throw new ArgumentOutOfRangeException(option, value, $"{loss}: expected {option} in [{low}, {high}], got {value}");
    }

    public static void NoBatchMean(string loss, Reduction reduction)
    {
        if (reduction == Reduction.BatchMean)
            throw new ArgumentException($"{loss}: reduction BatchMean is only defined for kl_div; use None, Mean or Sum", nameof(reduction));
    }

    /// <summary>Runs a libtorch call and turns its native error into an <see cref="ArgumentException"/> naming the loss.</summary>
    public static T Translate<T>(string loss, Func<T> call)
    {
        try { return call(); }
        catch (ExternalException e) { throw new ArgumentException($"{loss}: {FirstLine(e.Message)}", e); }
    }

    static string FirstLine(string message)
    {
        var line = message.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? message;
        return line.Trim();
    }

    /// <summary>Applies a reduction to per-element losses.</summary>
    public static Tensor Reduce(string loss, Tensor elementwise, Reduction reduction) => reduction switch
    {
        Reduction.None => elementwise,
        Reduction.Mean => elementwise.mean(),
        Reduction.Sum => elementwise.sum(),
        _ => throw new ArgumentException($"{loss}: reduction BatchMean is only defined for kl_div; use None, Mean or Sum", nameof(reduction)),
    };

    public static nn.Reduction ToTorch(string loss, Reduction reduction) => reduction switch
    {
        Reduction.None => nn.Reduction.None,
        Reduction.Mean => nn.Reduction.Mean,
        Reduction.Sum => nn.Reduction.Sum,
        _ => throw new ArgumentException($"{loss}: reduction BatchMean is only defined for kl_div; use None, Mean or Sum", nameof(reduction)),
    };

    /// <summary>
    /// log(1 + exp(z)) computed without overflow, as logaddexp(z, 0) = max(z, 0) + log1p(exp(−|z|)); its gradient is
    /// σ(z) everywhere, 0.5 at z = 0 (the max/abs form would give 1 there).
    /// </summary>
    public static Tensor Softplus(Tensor z) => logaddexp(z, zeros_like(z));

    /// <summary>
    /// A weighted mean Σ/total that is NaN when total is 0 (as PyTorch's all-ignored mean) but whose gradient is
    /// then 0, not NaN.
    /// </summary>
    public static Tensor SafeMean(Tensor sum, Tensor total)
    {
        var empty = total == 0;
        return where(empty, full_like(sum, double.NaN), sum / total.masked_fill(empty, 1));
    }
}
