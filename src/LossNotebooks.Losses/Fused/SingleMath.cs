using System.Numerics;
using System.Runtime.CompilerServices;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// eˣ, ln x and ln(1 + z) on float32 lanes, computed in float32 (the runtime's <see cref="Vector.Exp(Vector{float})"/>
/// and <see cref="Vector.Log(Vector{float})"/> widen every lane to float64, which halves their throughput: the
/// exp/log losses were compute-bound on them). Each is a range reduction to a short interval and a short polynomial
/// there (a truncated Taylor series, or one fitted where that needs no division), with error below 2 ulp over the
/// whole float range (tested against float64).
/// </summary>
internal static class SingleMath
{
    const float Ln2High = 0.693145752f; // ln 2 = Ln2High + Ln2Low, with Ln2High·k exact for |k| < 2⁸
    const float Ln2Low = 1.42860677e-6f;
    const float RoundingShift = 12582912f; // 1.5·2²³
    const int RoundingShiftBits = 0x4B400000; // the bits of 1.5·2²³
    const float MinNormalExponent = -87.3365479f; // ln(2⁻¹²⁶)

    /// <summary>
    /// eˣ = 2ᵏ·eʳ with k = round(x·log₂e) (to nearest) and r = x − k·ln 2 ∈ [−ln2/2, ln2/2], where eʳ = Σₙ₌₀⁷ rⁿ/n!
    /// (the first omitted term, r⁸/8!, is at most 7.3·10⁻⁹ relative, at r = −ln2/2). 2ᵏ is applied in two halves, 2ᵏ⁻ʰ·2ʰ with h = ⌊k/2⌋, so
    /// that k = 128 (x just below ln(float.MaxValue)) and subnormal results (k down to −150) come out right. Overflow
    /// gives ∞, underflow 0, NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        var (series, shifted) = ReducedExp(x);
        var k = shifted.As<float, int>() - new Vector<int>(RoundingShiftBits);
        var half = Vector.ShiftRightArithmetic(k, 1);
        var result = series * PowerOfTwo(k - half) * PowerOfTwo(half);
        result = Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<float>(88.7228394f)), new Vector<float>(float.PositiveInfinity), result);
        return Vector.ConditionalSelect(Vector.LessThan(x, new Vector<float>(-103.972084f)), Vector<float>.Zero, result);
    }

    /// <summary>
    /// eˣ for x ≤ 0 (softplus and log-sum-exp take no other), as <see cref="Exp"/> without its overflow handling; results
    /// below the smallest normal float are flushed to 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> ExpOfNonPositive(Vector<float> x)
    {
        var (series, shifted) = ReducedExp(x);
        // The low bits of the shifted sum are k (its own exponent bits are shifted out in PowerOfTwo).
        var result = series * PowerOfTwo(shifted.As<float, int>());
        return Vector.ConditionalSelect(Vector.LessThan(x, new Vector<float>(MinNormalExponent)), Vector<float>.Zero, result);
    }

    /// <summary>
    /// eʳ for the reduced argument r = x − k·ln 2, and x·log₂e + 1.5·2²³, whose low bits hold k = round(x·log₂e)
    /// (adding 1.5·2²³ rounds to nearest, with no conversion).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector<float> Series, Vector<float> Shifted) ReducedExp(Vector<float> x)
    {
        var shifted = Vector.FusedMultiplyAdd(x, new Vector<float>(1.44269504f), new Vector<float>(RoundingShift));
        var k = shifted - new Vector<float>(RoundingShift);
        var r = Vector.FusedMultiplyAdd(k, new Vector<float>(-Ln2Low), Vector.FusedMultiplyAdd(k, new Vector<float>(-Ln2High), x));
        // Σₙ₌₀⁷ rⁿ/n! by Estrin's scheme (pairs, then pairs of pairs): a dependency chain of three steps instead of
        // Horner's seven, so consecutive lanes overlap in the pipeline.
        var r2 = r * r;
        var low = Vector.FusedMultiplyAdd(r2, Vector.FusedMultiplyAdd(r, new Vector<float>(1f / 6), new Vector<float>(0.5f)), r + Vector<float>.One);
        var high = Vector.FusedMultiplyAdd(r2, Vector.FusedMultiplyAdd(r, new Vector<float>(1f / 5040), new Vector<float>(1f / 720)),
            Vector.FusedMultiplyAdd(r, new Vector<float>(1f / 120), new Vector<float>(1f / 24)));
        return (Vector.FusedMultiplyAdd(r2 * r2, high, low), shifted);
    }

    /// <summary>2ⁿ for −126 ≤ n ≤ 127, from its exponent field (only n's low 9 bits count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<float> PowerOfTwo(Vector<int> n) => Vector.ShiftLeft(n + new Vector<int>(127), 23).As<int, float>();

    /// <summary>
    /// ln x = k·ln 2 + ln(1 + f) with x = (1 + f)·2ᵏ, 1 + f ∈ [√½, √2). With s = f/(2 + f) (|s| ≤ 0.172) and t = s²,
    /// ln(1 + f) = 2·atanh s = f − s·(f − R) where R = 2t·(1/3 + t/5 + t²/7 + t³/9) (first omitted term below
    /// 3·10⁻⁹ relative): f is exact and the correction is small, so the rounding errors of s and R hardly show.
    /// Subnormal x is scaled by 2²³ first; ln 0 = −∞, ln ∞ = ∞, negative x and NaN give NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Log(Vector<float> x)
    {
        var subnormal = Vector.LessThan(x, new Vector<float>(1.17549435e-38f));
        var scaled = Vector.ConditionalSelect(subnormal, x * new Vector<float>(8388608f), x);
        var bits = scaled.As<float, int>();
        // m = the significand with exponent 0 (in [1, 2)), halved when above √2; k the matching power of two.
        var m = ((bits & new Vector<int>(0x007FFFFF)) | new Vector<int>(0x3F800000)).As<int, float>();
        var exponent = Vector.ShiftRightArithmetic(bits, 23) - new Vector<int>(127);
        var high = Vector.GreaterThan(m, new Vector<float>(1.41421356f));
        m = Vector.ConditionalSelect(high, m * new Vector<float>(0.5f), m);
        exponent -= high; // the comparison's lanes are −1 where true
        var k = Vector.ConvertToSingle(exponent) - Vector.ConditionalSelect(subnormal, new Vector<float>(23f), Vector<float>.Zero);
        var f = m - Vector<float>.One;
        var result = Vector.FusedMultiplyAdd(k, new Vector<float>(Ln2High), Vector.FusedMultiplyAdd(k, new Vector<float>(Ln2Low), Log1pOfSmall(f)));
        var special = Vector.ConditionalSelect(Vector.Equals(x, Vector<float>.Zero), new Vector<float>(float.NegativeInfinity),
            Vector.ConditionalSelect(Vector.Equals(x, new Vector<float>(float.PositiveInfinity)), new Vector<float>(float.PositiveInfinity), new Vector<float>(float.NaN)));
        var ordinary = Vector.GreaterThan(x, Vector<float>.Zero) & Vector.LessThan(x, new Vector<float>(float.PositiveInfinity));
        return Vector.ConditionalSelect(ordinary, result, special);
    }

    /// <summary>
    /// ln(1 + f) for √½ − 1 ≤ f ≤ √2 − 1, as in <see cref="Log"/>: f − s·(f − R), R = 2t·(1/3 + t/5 + t²/7 + t³/9)
    /// (Estrin's scheme).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<float> Log1pOfSmall(Vector<float> f)
    {
        var s = f / (new Vector<float>(2f) + f);
        var t = s * s;
        var sum = Vector.FusedMultiplyAdd(t * t, Vector.FusedMultiplyAdd(t, new Vector<float>(2f / 9), new Vector<float>(2f / 7)),
            Vector.FusedMultiplyAdd(t, new Vector<float>(2f / 5), new Vector<float>(2f / 3)));
        return Vector.FusedMultiplyAdd(-s, f - t * sum, f);
    }

    /// <summary>
    /// ln(1 + z) for z ∈ [0, 1] (as in softplus, where z = e^−|x|), with no division: ln(1 + z) = z + z²·h(z), where
    /// h(z) = (ln(1 + z) − z)/z² ∈ [−½, −0.307] is a degree-9 polynomial in t = 2z − 1 (fitted here by Chebyshev
    /// interpolation of h in float64, relative error below 10⁻⁸; coefficients rounded to float). The z² term is at most
    /// 0.44 of the result, so h's rounding errors are damped: within 1.5 ulp, tested against float64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Log1pOfUnitInterval(Vector<float> z)
    {
        var t = Vector.FusedMultiplyAdd(z, new Vector<float>(2f), -Vector<float>.One);
        var t2 = t * t;
        var t4 = t2 * t2;
        // Estrin's scheme: pairs, pairs of pairs, then the last pair times t⁸.
        var c01 = Vector.FusedMultiplyAdd(t, new Vector<float>(0.0896124765f), new Vector<float>(-0.378139585f));
        var c23 = Vector.FusedMultiplyAdd(t, new Vector<float>(0.00638531428f), new Vector<float>(-0.023307424f));
        var c45 = Vector.FusedMultiplyAdd(t, new Vector<float>(0.000525288109f), new Vector<float>(-0.00181026454f));
        var c67 = Vector.FusedMultiplyAdd(t, new Vector<float>(4.48997162e-05f), new Vector<float>(-0.00015125655f));
        var c89 = Vector.FusedMultiplyAdd(t, new Vector<float>(5.61305387e-06f), new Vector<float>(-1.78897117e-05f));
        var h = Vector.FusedMultiplyAdd(t4, Vector.FusedMultiplyAdd(t2, c67, c45), Vector.FusedMultiplyAdd(t2, c23, c01));
        h = Vector.FusedMultiplyAdd(t4 * t4, c89, h);
        return Vector.FusedMultiplyAdd(z * z, h, z);
    }
}
