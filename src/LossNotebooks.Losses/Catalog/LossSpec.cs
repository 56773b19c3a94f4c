using System.Globalization;
using System.Text.RegularExpressions;

namespace LossNotebooks.Losses;

/// <summary>
/// Spec strings that name a loss and its options: <c>huber_loss(delta=2)</c>, <c>cross_entropy(label_smoothing=0.1)</c>,
/// <c>mse</c>. Values are numbers or true/false.
/// </summary>
public static partial class LossSpec
{
    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(\((?<args>.*)\))?\s*$")]
    private static partial Regex SpecPattern();

    /// <summary>Splits a spec into the loss name and its option values; throws a <see cref="FormatException"/> naming the problem.</summary>
    public static (string Name, Dictionary<string, double> Options) Split(string spec)
    {
        var match = SpecPattern().Match(spec ?? "");
        if (!match.Success)
            throw new FormatException($"cannot read loss spec '{spec}': expected name or name(option=value, ...)");
        var options = new Dictionary<string, double>();
        var args = match.Groups["args"].Value;
        if (!string.IsNullOrWhiteSpace(args))
        {
            foreach (var part in args.Split(','))
            {
                var pieces = part.Split('=', 2);
                if (pieces.Length != 2 || pieces[0].Trim().Length == 0)
                    throw new FormatException($"cannot read '{part.Trim()}' in loss spec '{spec}': expected option=value");
                options[pieces[0].Trim()] = ParseValue(pieces[1].Trim(), spec!);
            }
        }
        return (match.Groups["name"].Value, options);
    }

    static double ParseValue(string text, string spec) => text.ToLowerInvariant() switch
    {
        "true" => 1,
        "false" => 0,
        "inf" or "+inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"cannot read value '{text}' in loss spec '{spec}': expected a number, true or false"),
    };

    /// <summary>Formats an option value as a spec string writes it.</summary>
    public static string FormatValue(double value, LossOptionKind kind) => kind switch
    {
        LossOptionKind.Boolean => value != 0 ? "true" : "false",
        _ when double.IsPositiveInfinity(value) => "inf",
        _ when double.IsNegativeInfinity(value) => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
