using System.Globalization;
using System.Text.RegularExpressions;

namespace LossNotebooks.Losses;

/// <summary>
/// Spec strings that name a loss and its options: <c>huber_loss(delta=2)</c>, <c>cross_entropy(label_smoothing=0.1)</c>,
/// <c>mse</c>. Values are numbers, true/false, or for options that take them lists of numbers
/// (<c>quantile(quantile=[0.1, 0.5, 0.9])</c>).
/// </summary>
public static partial class LossSpec
{
    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(\((?<args>.*)\))?\s*$")]
    private static partial Regex SpecPattern();

    /// <summary>
    /// Splits a spec into the loss name, its single option values and its list values; throws a
    /// <see cref="FormatException"/> naming the problem.
    /// </summary>
    public static (string Name, Dictionary<string, double> Options, Dictionary<string, double[]> Lists) Split(string spec)
    {
        var match = SpecPattern().Match(spec ?? "");
        if (!match.Success)
            throw new FormatException($"cannot read loss spec '{spec}': expected name or name(option=value, ...)");
        var options = new Dictionary<string, double>();
        var lists = new Dictionary<string, double[]>();
        var args = match.Groups["args"].Value;
        if (!string.IsNullOrWhiteSpace(args))
        {
            foreach (var part in TopLevelParts(args, spec!))
            {
                var pieces = part.Split('=', 2);
                if (pieces.Length != 2 || pieces[0].Trim().Length == 0)
                    throw new FormatException($"cannot read '{part.Trim()}' in loss spec '{spec}': expected option=value");
                var (name, value) = (pieces[0].Trim(), pieces[1].Trim());
                if (value.StartsWith('['))
                {
                    if (!value.EndsWith(']'))
                        throw new FormatException($"cannot read '{value}' in loss spec '{spec}': a list is [value, value, ...]");
                    var items = value[1..^1].Split(',', StringSplitOptions.TrimEntries);
                    if (items.Length == 0 || items.Any(i => i.Length == 0))
                        throw new FormatException($"cannot read '{value}' in loss spec '{spec}': a list needs at least one value and no empty ones");
                    lists[name] = items.Select(i => ParseValue(i, spec!)).ToArray();
                }
                else options[name] = ParseValue(value, spec!);
            }
        }
        return (match.Groups["name"].Value, options, lists);
    }

    /// <summary>The comma-separated parts of an argument list, leaving the commas inside [ ] to the lists.</summary>
    static IEnumerable<string> TopLevelParts(string args, string spec)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == '[') depth++;
            else if (args[i] == ']' && --depth < 0) throw new FormatException($"cannot read loss spec '{spec}': ']' without '['");
            else if (args[i] == ',' && depth == 0)
            {
                yield return args[start..i];
                start = i + 1;
            }
        }
        if (depth != 0) throw new FormatException($"cannot read loss spec '{spec}': '[' without ']'");
        yield return args[start..];
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

    /// <summary>Formats a list of option values as a spec string writes it: <c>[0.1, 0.5, 0.9]</c>.</summary>
    public static string FormatList(IEnumerable<double> values, LossOptionKind kind) => "[" + string.Join(", ", values.Select(v => FormatValue(v, kind))) + "]";

    /// <summary>Formats an option value as a spec string writes it.</summary>
    public static string FormatValue(double value, LossOptionKind kind) => kind switch
    {
        LossOptionKind.Boolean => value != 0 ? "true" : "false",
        _ when double.IsPositiveInfinity(value) => "inf",
        _ when double.IsNegativeInfinity(value) => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
