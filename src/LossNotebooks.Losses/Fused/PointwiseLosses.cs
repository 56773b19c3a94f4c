using System.Numerics;
using System.Runtime.CompilerServices;
using static LossNotebooks.Losses.Fused.VectorMath;

namespace LossNotebooks.Losses.Fused;

// The fused losses, one small struct each. d = x − y unless noted; formulas as in Functional and libtorch.

/// <summary>ℓ = d², ℓ′ = 2d.</summary>
internal readonly struct MseLoss<T> : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight) => (x - y) * (x - y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight) => (x - y) + (x - y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>ℓ = |d|, ℓ′ = sign d (NaN stays NaN).</summary>
internal readonly struct L1Loss<T> : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight) => Vector.Abs(x - y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight) => Sign(x - y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>ℓ = ½d² if |d| &lt; δ else δ(|d| − ½δ); ℓ′ = clamp(d, −δ, δ).</summary>
internal readonly struct HuberLoss<T>(double delta) : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly Vector<T> delta = new(T.CreateChecked(delta));
    static readonly Vector<T> Half = new(T.CreateChecked(0.5));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var d = x - y;
        var a = Vector.Abs(d);
        return Vector.ConditionalSelect(Vector.LessThan(a, delta), Half * d * d, delta * (a - Half * delta));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight) => Vector.Min(Vector.Max(x - y, -delta), delta);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>ℓ = ½d²/β if |d| &lt; β else |d| − ½β; ℓ′ = clamp(d/β, −1, 1); β = 0: ℓ = |d| with libtorch's ℓ′(0) = −1.</summary>
internal readonly struct SmoothL1Loss<T>(double beta) : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly Vector<T> beta = new(T.CreateChecked(beta));
    readonly bool zero = beta == 0;
    static readonly Vector<T> Half = new(T.CreateChecked(0.5));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var d = x - y;
        var a = Vector.Abs(d);
        return zero ? a : Vector.ConditionalSelect(Vector.LessThan(a, beta), Half * d * d / beta, a - Half * beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var d = x - y;
        if (!zero) return Vector.Min(Vector.Max(d / beta, -Vector<T>.One), Vector<T>.One);
        var sign = Vector.ConditionalSelect(Vector.LessThanOrEqual(d, Vector<T>.Zero), -Vector<T>.One, Vector<T>.One);
        return Vector.ConditionalSelect(Vector.Equals(d, d), sign, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>ℓ = log cosh d = |d| + ln(1 + e^−2|d|) − ln 2; ℓ′ = tanh d = −sign(d)·m/(2 + m) with m = e^−2|d| − 1.</summary>
internal readonly struct LogCoshLoss<T> : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static readonly Vector<T> Ln2 = new(T.CreateChecked(Math.Log(2)));
    static readonly Vector<T> MinusTwo = new(T.CreateChecked(-2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var a = Vector.Abs(x - y);
        return a + Log1pOfUnitInterval(Exp(MinusTwo * a)) - Ln2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var d = x - y;
        var m = ExpM1(MinusTwo * Vector.Abs(d)); // e^−2|d| − 1 without cancellation for small |d|
        return Sign(d) * -m / (new Vector<T>(T.CreateChecked(2)) + m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>With r = y − x: ℓ = q·r if r ≥ 0 else (q − 1)·r; ℓ′ = −q if r ≥ 0 else 1 − q.</summary>
internal readonly struct QuantileLoss<T>(double quantile) : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly Vector<T> q = new(T.CreateChecked(quantile));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var r = y - x;
        return Vector.ConditionalSelect(Vector.GreaterThanOrEqual(r, Vector<T>.Zero), r * q, r * (q - Vector<T>.One));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight) =>
        Vector.ConditionalSelect(Vector.GreaterThanOrEqual(y - x, Vector<T>.Zero), -q, Vector<T>.One - q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>With u = min((d/c)², 1): ℓ = (c²/6)(1 − (1 − u)³); ℓ′ = d(1 − u)² inside |d| &lt; c, 0 outside.</summary>
internal readonly struct TukeyBiweightLoss<T>(double c) : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly Vector<T> c = new(T.CreateChecked(c));
    readonly Vector<T> sixth = new(T.CreateChecked(c * c / 6));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var s = (x - y) / c;
        var v = Vector<T>.One - Vector.Min(s * s, Vector<T>.One);
        return (Vector<T>.One - v * v * v) * sixth;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var d = x - y;
        var s = d / c;
        var u = s * s;
        var v = Vector<T>.One - u;
        return Vector.ConditionalSelect(Vector.LessThanOrEqual(u, Vector<T>.One), d * v * v, Vector<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>
/// Barron's general robust loss with z = (d/s)², b = |α − 2|: ℓ = (b/α)((z/b + 1)^(α/2) − 1), and its limits α = 2
/// (z/2), 0 (ln(1 + z/2)), −∞ (1 − e^(−z/2)), +∞ (e^(z/2) − 1); ℓ′ = (d/s²)·∂ℓ/∂(z/2). For α = +∞ in float32,
/// ℓ′ overflows to ∞ beyond |d|/s ≈ 13, before the 1/N of the mean applies (libtorch applies it first).
/// </summary>
internal readonly struct BarronLoss<T> : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly int mode; // 0 general, 1 α = 2, 2 α = 0, 3 α = −∞, 4 α = +∞
    readonly Vector<T> inverseScaleSquared, inverseB, power, gradientPower, factor;
    static readonly Vector<T> Half = new(T.CreateChecked(0.5));

    public BarronLoss(double alpha, double scale)
    {
        mode = alpha == 2 ? 1 : alpha == 0 ? 2 : double.IsNegativeInfinity(alpha) ? 3 : double.IsPositiveInfinity(alpha) ? 4 : 0;
        var b = Math.Abs(alpha - 2);
        inverseScaleSquared = new(T.CreateChecked(1 / (scale * scale)));
        inverseB = new(T.CreateChecked(mode == 0 ? 1 / b : 0));
        power = new(T.CreateChecked(alpha / 2));
        gradientPower = new(T.CreateChecked(alpha / 2 - 1));
        factor = new(T.CreateChecked(mode == 0 ? b / alpha : 0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var d = x - y;
        var half = d * d * inverseScaleSquared * Half; // z/2
        return mode switch
        {
            1 => half,
            2 => Log1p(half),
            3 => Vector<T>.One - Exp(-half),
            4 => Exp(half) - Vector<T>.One,
            _ => (Exp(power * Log(d * d * inverseScaleSquared * inverseB + Vector<T>.One)) - Vector<T>.One) * factor,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var d = x - y;
        var slope = d * inverseScaleSquared; // ∂(z/2)/∂x
        var half = d * slope * Half;
        return mode switch
        {
            1 => slope,
            2 => slope / (Vector<T>.One + half),
            3 => slope * Exp(-half),
            4 => slope * Exp(half),
            _ => slope * Exp(gradientPower * Log(d * slope * inverseB + Vector<T>.One)),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>
/// Binary cross-entropy on probabilities: ℓ = −(y·max(ln x, −100) + (1 − y)·max(ln(1 − x), −100));
/// ℓ′ = (x − y)/max(x(1 − x), 10⁻¹²) (libtorch's backward). Inputs outside [0, 1] are rejected, as libtorch does.
/// </summary>
internal readonly struct BinaryCrossEntropyLoss<T> : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static readonly Vector<T> Floor = new(T.CreateChecked(-100));
    static readonly Vector<T> Epsilon = new(T.CreateChecked((double)1e-12f)); // libtorch's EPSILON is a float, for double too

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight) =>
        (y - Vector<T>.One) * Vector.Max(Log1p(-x), Floor) - y * Vector.Max(Log(x), Floor);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight) =>
        (x - y) / Vector.Max((Vector<T>.One - x) * x, Epsilon);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) =>
        Vector.OnesComplement(Vector.BitwiseAnd(Vector.GreaterThanOrEqual(x, Vector<T>.Zero), Vector.LessThanOrEqual(x, Vector<T>.One)));
}

/// <summary>
/// Binary cross-entropy on logits with positive-class weight p: with w = 1 + (p − 1)y,
/// ℓ = (1 − y)x − w·log σ(x) = (1 − y)x + w·softplus(−x); ℓ′ = (1 − y) − w(1 − σ(x)) = w·σ(x) − p·y (one
/// subtraction: σ(x) − y for p = 1, as libtorch).
/// </summary>
internal readonly struct BinaryCrossEntropyWithLogitsLoss<T> : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        // (1 − y)x + softplus(−x) = max(x, 0) − x·y + ln(1 + e^−|x|): fewer steps than the formula as written.
        var shared = SoftplusOfMinusMagnitude(x);
        var value = Vector.Max(x, Vector<T>.Zero) - x * y + shared;
        if (Vector.EqualsAll(posWeight, Vector<T>.One)) return value; // a constant on the plain path, so no test there
        return MultiplyAdd((posWeight - Vector<T>.One) * y, Vector.Max(-x, Vector<T>.Zero) + shared, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight) =>
        ClassWeight(y, posWeight) * Sigmoid(x) - posWeight * y;

    public static bool SharesWork => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> ValueAndDerivative(Vector<T> x, Vector<T> y, Vector<T> posWeight, out Vector<T> derivative)
    {
        var softplus = SoftplusAndSigmoids(-x, out _, out var sigmoid); // softplus(−x) and σ(x) share e^−|x|
        var w = ClassWeight(y, posWeight);
        derivative = w * sigmoid - posWeight * y;
        return (Vector<T>.One - y) * x + w * softplus;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;

    /// <summary>w = 1 + (p − 1)·y, one fused step (1 when p = 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> ClassWeight(Vector<T> y, Vector<T> posWeight) => MultiplyAdd(posWeight - Vector<T>.One, y, Vector<T>.One);
}

/// <summary>Soft margin: ℓ = softplus(−y·x) = ln(1 + e^(−yx)); ℓ′ = −y·σ(−y·x).</summary>
internal readonly struct SoftMarginLoss<T> : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight) => Softplus(-(y * x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight) => -y * Sigmoid(-(y * x));

    public static bool SharesWork => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> ValueAndDerivative(Vector<T> x, Vector<T> y, Vector<T> posWeight, out Vector<T> derivative)
    {
        var softplus = SoftplusAndSigmoids(-(y * x), out var sigmoid, out _); // softplus(z) and σ(z) share e^−|z|
        derivative = -y * sigmoid;
        return softplus;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}

/// <summary>
/// Poisson negative log-likelihood. Log input: ℓ = eˣ − y·x, ℓ′ = eˣ − y; rate input: ℓ = x − y·ln(x + ε),
/// ℓ′ = 1 − y/(x + ε). With <c>full</c>, Stirling's term y·ln y − y + ½ln(2πy) is added where y &gt; 1 (no gradient).
/// </summary>
internal readonly struct PoissonNllLoss<T>(bool logInput, bool full, double eps) : IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    readonly Vector<T> eps = new(T.CreateChecked(eps));
    static readonly Vector<T> HalfLogTwoPi = new(T.CreateChecked(0.5 * Math.Log(2 * Math.PI)));
    static readonly Vector<T> Half = new(T.CreateChecked(0.5));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight)
    {
        var loss = logInput ? Exp(x) - y * x : x - y * Log(x + eps);
        if (!full) return loss;
        var above = Vector.GreaterThan(y, Vector<T>.One);
        var safe = Vector.ConditionalSelect(above, y, Vector<T>.One);
        var logSafe = Log(safe);
        var stirling = safe * logSafe - safe + Half * logSafe + HalfLogTwoPi;
        return loss + Vector.ConditionalSelect(above, stirling, Vector<T>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight) =>
        logInput ? Exp(x) - y : Vector<T>.One - y / (x + eps);

    public static bool SharesWork => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> ValueAndDerivative(Vector<T> x, Vector<T> y, Vector<T> posWeight, out Vector<T> derivative)
    {
        if (!logInput || full)
        {
            derivative = Derivative(x, y, posWeight);
            return Value(x, y, posWeight);
        }
        var e = Exp(x); // shared by the value and the derivative
        derivative = e - y;
        return e - y * x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Rejects(Vector<T> x) => Vector<T>.Zero;
}
