using System.Text;

namespace LossNotebooks.Losses;

/// <summary>
/// The catalog as a Markdown reference (<c>docs/loss-reference.md</c>, written by <c>lossnb losses --markdown</c>):
/// per loss, in PyTorch's documentation pattern, the call, the unreduced formula, the reductions, the inputs, the
/// options with their defaults and an example. Generated from the declarations, so the defaults it prints are the
/// ones in the code.
/// </summary>
public static class LossReference
{
    /// <summary>The whole reference, losses by category then name.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("# Loss reference\n\n");
        text.Append("Generated from the `[Loss]` declarations of `LossNotebooks.Losses.Functional` by `lossnb losses --markdown`;\n");
        text.Append("do not edit by hand (a test compares this file with the generator's output).\n\n");
        text.Append("Every loss computes ℓ per element (or per sample) and then reduces: `Reduction.None` returns ℓ as is, `Mean` its\n");
        text.Append("average (weighted losses divide by the sum of the weights, as PyTorch does), `Sum` its total; `KlDiv` also takes\n");
        text.Append("`BatchMean`. Options are given by name in C# (`delta: 2`) and in spec strings (`huber(delta=2)`).\n\n");
        foreach (var group in LossCatalog.All.GroupBy(l => l.Category))
        {
            text.Append($"## {group.Key}\n\n");
            foreach (var loss in group) Entry(text, loss);
        }
        return text.ToString();
    }

    static void Entry(StringBuilder text, LossInfo loss)
    {
        var method = LossDeclarations.All.Single(d => d.Loss.Name == loss.Name).Method;
        text.Append($"### `{loss.Name}` — {loss.DisplayName}\n\n");
        text.Append($"`Functional.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.Name))})`");
        text.Append(loss.TorchName is null ? " · not in torch.nn" : $" · `{loss.TorchName}`");
        if (loss.Aliases.Count > 0) text.Append($" · aliases {string.Join(", ", loss.Aliases.Select(a => $"`{a}`"))}");
        text.Append($"\n\n$$\n{loss.Formula.Latex}\n$$\n\n");
        text.Append($"- **Task:** {loss.Task}; **properties:** {loss.Properties}\n");
        text.Append($"- **Inputs:** {string.Join(", ", loss.Inputs.Select(i => $"`{i}`"))}\n");
        text.Append($"- **Use when:** {loss.UseWhen}\n");
        if (loss.Options.Count > 0)
        {
            text.Append("\n| option | default | range | what it does |\n|---|---|---|---|\n");
            foreach (var option in loss.Options)
                text.Append($"| `{option.Name}` | {option.DefaultText} | {option.Range.Replace("|", "\\|")} | {option.Description} |\n");
        }
        var example = loss.Options.Count == 0 ? loss.Name : $"{loss.Name}({string.Join(", ", loss.Options.Select(o => $"{o.Name}={o.DefaultText}"))})";
        text.Append(loss.IsPairwise
            ? $"\nExample: `LossCatalog.Parse(\"{example}\").Compute(input, target)`, or `--loss \"{example}\"` in `lossnb compare`.\n\n"
            : $"\nExample: `Functional.{method.Name}({string.Join(", ", loss.Inputs)})` (it takes {loss.Inputs.Count} tensors, so it has no two-tensor spec form).\n\n");
    }
}
