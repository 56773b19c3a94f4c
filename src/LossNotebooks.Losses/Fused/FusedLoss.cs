using TorchSharp;

namespace LossNotebooks.Losses.Fused;

/// <summary>Addresses of the operands in native tensor memory (see <see cref="Operands{T}"/>).</summary>
internal readonly record struct OperandAddresses(nint X, nint Y, nint Weight, nint PosWeightRow, long Period)
{
    public unsafe Operands<T> As<T>() where T : unmanaged => new((T*)X, (T*)Y, (T*)Weight, (T*)PosWeightRow, Period);
}

/// <summary>
/// A fused pointwise loss for float32 and float64 tensors: the two instantiations of its kernel, and what its input
/// checks say. The instances are the losses the library's entry points fuse.
/// </summary>
internal abstract class FusedLoss
{
    /// <summary>True for losses with exponentials or logarithms (see <see cref="FusedKernels.MinElements"/>).</summary>
    public bool Transcendental { get; private init; }

    /// <summary>The error of a rejected input (the loss's own libtorch message), or null when every input is valid.</summary>
    public string? RejectMessage { get; private init; }

    /// <summary>ℓ = (x − y)².</summary>
    public static readonly FusedLoss Mse = Create(new MseLoss<float>(), new MseLoss<double>());

    /// <summary>ℓ = |x − y|.</summary>
    public static readonly FusedLoss L1 = Create(new L1Loss<float>(), new L1Loss<double>());

    /// <summary>ℓ = log cosh(x − y).</summary>
    public static readonly FusedLoss LogCosh = Create(new LogCoshLoss<float>(), new LogCoshLoss<double>(), transcendental: true);

    /// <summary>Binary cross-entropy on probabilities.</summary>
    public static readonly FusedLoss BinaryCrossEntropy = Create(new BinaryCrossEntropyLoss<float>(), new BinaryCrossEntropyLoss<double>(),
        "binary_cross_entropy: all elements of input should be between 0 and 1", transcendental: true);

    /// <summary>Binary cross-entropy on logits (with a positive-class weight row when given).</summary>
    public static readonly FusedLoss BinaryCrossEntropyWithLogits =
        Create(new BinaryCrossEntropyWithLogitsLoss<float>(), new BinaryCrossEntropyWithLogitsLoss<double>(), transcendental: true);

    /// <summary>ℓ = ln(1 + e^(−yx)).</summary>
    public static readonly FusedLoss SoftMargin = Create(new SoftMarginLoss<float>(), new SoftMarginLoss<double>(), transcendental: true);

    /// <summary>Huber with threshold δ.</summary>
    public static FusedLoss Huber(double delta) => Create(new HuberLoss<float>(delta), new HuberLoss<double>(delta));

    /// <summary>Smooth L1 with threshold β.</summary>
    public static FusedLoss SmoothL1(double beta) => Create(new SmoothL1Loss<float>(beta), new SmoothL1Loss<double>(beta));

    /// <summary>The pinball loss of quantile q.</summary>
    public static FusedLoss Quantile(double quantile) => Create(new QuantileLoss<float>(quantile), new QuantileLoss<double>(quantile));

    /// <summary>Tukey's biweight with tuning constant c.</summary>
    public static FusedLoss TukeyBiweight(double c) => Create(new TukeyBiweightLoss<float>(c), new TukeyBiweightLoss<double>(c));

    /// <summary>Barron's general robust loss.</summary>
    public static FusedLoss Barron(double alpha, double scale) =>
        Create(new BarronLoss<float>(alpha, scale), new BarronLoss<double>(alpha, scale), transcendental: alpha != 2);

    /// <summary>Poisson negative log-likelihood.</summary>
    public static FusedLoss PoissonNll(bool logInput, bool full, double eps) =>
        Create(new PoissonNllLoss<float>(logInput, full, eps), new PoissonNllLoss<double>(logInput, full, eps), transcendental: true);

    static FusedLoss Create<TFloat, TDouble>(TFloat single, TDouble @double, string? rejectMessage = null, bool transcendental = false)
        where TFloat : struct, IPointwiseLoss<float> where TDouble : struct, IPointwiseLoss<double> =>
        new Instantiated<TFloat, TDouble>(single, @double) { RejectMessage = rejectMessage, Transcendental = transcendental };

    /// <summary>Σ w·ℓ.</summary>
    public abstract double Sum(torch.ScalarType type, OperandAddresses ops, long n, out bool rejected);

    /// <summary>Σ w·ℓ, writing scale·w·ℓ′ to <paramref name="grad"/> in the same pass.</summary>
    public abstract double SumAndGradient(torch.ScalarType type, OperandAddresses ops, long n, nint grad, double scale, out bool rejected);

    /// <summary>The elementwise w·ℓ.</summary>
    public abstract void Values(torch.ScalarType type, OperandAddresses ops, long n, nint output, out bool rejected);

    /// <summary>scale·g·w·ℓ′ (g = 1 when <paramref name="gradOutput"/> is 0).</summary>
    public abstract void Gradient(torch.ScalarType type, OperandAddresses ops, long n, nint gradOutput, nint grad, double scale);

    sealed unsafe class Instantiated<TFloat, TDouble>(TFloat single, TDouble @double) : FusedLoss
        where TFloat : struct, IPointwiseLoss<float> where TDouble : struct, IPointwiseLoss<double>
    {
        public override double Sum(torch.ScalarType type, OperandAddresses ops, long n, out bool rejected) =>
            type == torch.ScalarType.Float32
                ? PointwiseKernel<float, TFloat>.Sum(single, ops.As<float>(), n, out rejected)
                : PointwiseKernel<double, TDouble>.Sum(@double, ops.As<double>(), n, out rejected);

        public override double SumAndGradient(torch.ScalarType type, OperandAddresses ops, long n, nint grad, double scale, out bool rejected) =>
            type == torch.ScalarType.Float32
                ? PointwiseKernel<float, TFloat>.SumAndGradient(single, ops.As<float>(), n, (float*)grad, scale, out rejected)
                : PointwiseKernel<double, TDouble>.SumAndGradient(@double, ops.As<double>(), n, (double*)grad, scale, out rejected);

        public override void Values(torch.ScalarType type, OperandAddresses ops, long n, nint output, out bool rejected)
        {
            if (type == torch.ScalarType.Float32) PointwiseKernel<float, TFloat>.Values(single, ops.As<float>(), n, (float*)output, out rejected);
            else PointwiseKernel<double, TDouble>.Values(@double, ops.As<double>(), n, (double*)output, out rejected);
        }

        public override void Gradient(torch.ScalarType type, OperandAddresses ops, long n, nint gradOutput, nint grad, double scale)
        {
            if (type == torch.ScalarType.Float32) PointwiseKernel<float, TFloat>.Gradient(single, ops.As<float>(), n, (float*)gradOutput, (float*)grad, scale);
            else PointwiseKernel<double, TDouble>.Gradient(@double, ops.As<double>(), n, (double*)gradOutput, (double*)grad, scale);
        }
    }
}
