using System.Globalization;

namespace LossNotebooks.Formatting;

/// <summary>A claim a notebook makes that stopped being true; the message names the claim and the values.</summary>
public sealed class ClaimFailedException(string message) : Exception(message);

/// <summary>
/// Claims of a notebook's prose, asserted next to the text that makes them (cells tagged <c>check</c>): each passing
/// claim prints one line (<c>✓ claim</c>), a failing one throws <see cref="ClaimFailedException"/>, so running the
/// notebook (<c>lossnb run</c>, the course site) fails when a stated number or conclusion stops being true.
/// Training results may differ across CPUs (vector widths): state a tolerance or a margin, never assert a timing.
/// </summary>
public static class Check
{
    /// <summary>Asserts that <paramref name="holds"/> is true.</summary>
    /// <param name="claim">The claim in the prose's words, e.g. "Huber wins the mean metrics".</param>
    /// <param name="holds">Whether it holds.</param>
    /// <param name="detail">What was observed, shown with a failure (and after a passing claim when given).</param>
    public static void That(string claim, bool holds, string? detail = null)
    {
        if (!holds) throw new ClaimFailedException($"claim failed: {claim}{(detail is null ? "" : $" ({detail})")}");
        Console.WriteLine(detail is null ? $"✓ {claim}" : $"✓ {claim} ({detail})");
    }

    /// <summary>Asserts |<paramref name="actual"/> − <paramref name="expected"/>| ≤ <paramref name="tolerance"/>.</summary>
    /// <param name="claim">The quantity as the prose names it, e.g. "MSE with the outlier".</param>
    /// <param name="actual">The computed value.</param>
    /// <param name="expected">The value the prose states.</param>
    /// <param name="tolerance">The allowed absolute difference (0 for exact values).</param>
    public static void Near(string claim, double actual, double expected, double tolerance = 0)
    {
        var text = $"{claim} = {Format(actual)}, stated {Format(expected)}{(tolerance > 0 ? $" ± {Format(tolerance)}" : "")}";
        if (!(Math.Abs(actual - expected) <= tolerance)) throw new ClaimFailedException($"claim failed: {text}");
        Console.WriteLine($"✓ {text}");
    }

    /// <summary>Asserts that two values are equal (by <see cref="object.Equals(object?)"/>).</summary>
    /// <param name="claim">What the prose says is equal.</param>
    /// <param name="actual">The computed value.</param>
    /// <param name="expected">The value the prose states.</param>
    public static void Equal<T>(string claim, T actual, T expected)
    {
        var text = $"{claim}: {actual}, stated {expected}";
        if (!EqualityComparer<T>.Default.Equals(actual, expected)) throw new ClaimFailedException($"claim failed: {text}");
        Console.WriteLine($"✓ {text}");
    }

    static string Format(double value) => value.ToString("G10", CultureInfo.InvariantCulture);
}
