using System.Runtime.CompilerServices;
using System.Numerics;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// Transcendental functions over <see cref="Vector{T}"/> lanes for float32 and float64 (the runtime's vectorized
/// <see cref="Vector.Exp(Vector{float})"/> and <see cref="Vector.Log(Vector{float})"/>), and the numerically stable
/// compositions the losses need.
/// </summary>
internal static class VectorMath
{
    /// <summary>eˣ per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Exp<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector.Exp(x.As<T, float>()).As<float, T>() : Vector.Exp(x.As<T, double>()).As<double, T>();

    /// <summary>ln x per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Vector.Log(x.As<T, float>()).As<float, T>() : Vector.Log(x.As<T, double>()).As<double, T>();

    /// <summary>
    /// ln(1 + z) for z ≥ −1, accurate for small z: with u = 1 + z rounded, ln u − ((u − 1) − z)/u corrects the
    /// rounding of u (Goldberg's log1p); ln(1 + (−1)) = −∞.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Log1p<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var u = Vector<T>.One + z;
        var corrected = Log(u) - (u - Vector<T>.One - z) / u;
        return Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.Zero), new Vector<T>(T.NegativeInfinity), corrected);
    }

    /// <summary>
    /// eᶻ − 1, accurate for small z: with u = eᶻ rounded, (u − 1)·z/ln u cancels the rounding of u (Kahan's expm1);
    /// −1 where u underflows, ∞ where it overflows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> ExpM1<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var u = Exp(z);
        var corrected = (u - Vector<T>.One) * z / Log(u);
        var result = Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.One), z, corrected);
        result = Vector.ConditionalSelect(Vector.Equals(u, Vector<T>.Zero), -Vector<T>.One, result);
        return Vector.ConditionalSelect(Vector.Equals(u, new Vector<T>(T.PositiveInfinity)), u, result);
    }

    /// <summary>softplus(z) = ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|), without overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Softplus<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.Max(z, Vector<T>.Zero) + Log1p(Exp(-Vector.Abs(z)));

    /// <summary>
    /// softplus(z), σ(z) and σ(−z) from one exponential, one logarithm and one division: with e = e^−|z|, u = 1 + e and
    /// i = 1/u, softplus(z) = max(z, 0) + ln u − (u − 1 − e)·i (Goldberg's log1p), σ(z) = i or e·i (z ≥ 0 or not), and
    /// σ(−z) the other one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> SoftplusAndSigmoids<T>(Vector<T> z, out Vector<T> sigmoid, out Vector<T> sigmoidOfMinus)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = Exp(-Vector.Abs(z));
        var u = Vector<T>.One + e;
        var inverse = Vector<T>.One / u;
        var nonNegative = Vector.GreaterThanOrEqual(z, Vector<T>.Zero);
        sigmoid = Vector.ConditionalSelect(nonNegative, inverse, e * inverse);
        sigmoidOfMinus = Vector.ConditionalSelect(nonNegative, e * inverse, inverse);
        return Vector.Max(z, Vector<T>.Zero) + Log(u) - (u - Vector<T>.One - e) * inverse;
    }

    /// <summary>σ(z) = 1/(1 + e^−z), from e^−|z| so that neither branch overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sigmoid<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = Exp(-Vector.Abs(z));
        var inverse = Vector<T>.One / (Vector<T>.One + e);
        return Vector.ConditionalSelect(Vector.GreaterThanOrEqual(z, Vector<T>.Zero), inverse, e * inverse);
    }

    /// <summary>sign(z) ∈ {−1, 0, 1}, NaN for NaN (as libtorch's sign).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Sign<T>(Vector<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = Vector<T>.One;
        var sign = Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<T>.Zero), one, Vector<T>.Zero)
                   - Vector.ConditionalSelect(Vector.LessThan(z, Vector<T>.Zero), one, Vector<T>.Zero);
        return Vector.ConditionalSelect(Vector.Equals(z, z), sign, z);
    }
}
