using static TorchSharp.torch;

namespace LossNotebooks.Losses;

/// <summary>A loss with options bound, computing ℓ(input, target) for the losses that take two tensors.</summary>
/// <param name="Info">The loss.</param>
/// <param name="Options">Every option's value (defaults filled in).</param>
public sealed record BoundLoss(LossInfo Info, IReadOnlyDictionary<string, double> Options)
{
    /// <summary>Options given a list of values (<c>quantile=[0.1, 0.9]</c>), which take the place of their single value.</summary>
    public IReadOnlyDictionary<string, double[]> Lists { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Computes the loss with the bound options.</summary>
    public Tensor Compute(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
        => Info.Compute(input, target, reduction, Options, Lists);

    /// <summary>The canonical spec string, e.g. <c>huber_loss(delta=2)</c>; options at their defaults are left out.</summary>
    public string Spec
    {
        get
        {
            var changed = Info.Options.Where(o => Lists.ContainsKey(o.Name) || Options[o.Name] != o.Default)
                .Select(o => $"{o.Name}=" + (Lists.TryGetValue(o.Name, out var list) ? LossSpec.FormatList(list, o.Kind) : LossSpec.FormatValue(Options[o.Name], o.Kind)))
                .ToList();
            return changed.Count == 0 ? Info.Name : $"{Info.Name}({string.Join(", ", changed)})";
        }
    }

    /// <inheritdoc />
    public override string ToString() => Spec;
}

/// <summary>
/// Metadata of one loss: names, category, task, formula, options, properties and a one-line "use when", plus a way
/// to compute it from a spec for losses of two tensors.
/// </summary>
public sealed class LossInfo
{
    internal delegate Tensor PairCompute(Tensor input, Tensor target, Reduction reduction, IReadOnlyDictionary<string, double> options,
        IReadOnlyDictionary<string, double[]> lists);

    readonly PairCompute? compute;

    internal LossInfo(string name, string displayName, LossCategory category, LossTask task, string formula,
        LossProperties properties, string useWhen, IReadOnlyList<string> inputs, IReadOnlyList<LossOption> options,
        IReadOnlyList<string> aliases, PairCompute? compute, string? torchName)
    {
        Name = name; DisplayName = displayName; Category = category; Task = task; Formula = new LatexFormula(formula);
        Properties = properties; UseWhen = useWhen; Inputs = inputs; Options = options; Aliases = aliases;
        this.compute = compute; TorchName = torchName;
    }

    /// <summary>Stable snake_case name, PyTorch's functional name where it has one (<c>huber_loss</c>).</summary>
    public string Name { get; }
    /// <summary>Human-readable name (<c>Huber</c>).</summary>
    public string DisplayName { get; }
    /// <summary>Its family.</summary>
    public LossCategory Category { get; }
    /// <summary>The task it serves.</summary>
    public LossTask Task { get; }
    /// <summary>The formula of the per-element (or per-sample) loss in LaTeX.</summary>
    public LatexFormula Formula { get; }
    /// <summary>Its properties (convex, robust, bounded, input kind…).</summary>
    public LossProperties Properties { get; }
    /// <summary>One line: when to choose this loss.</summary>
    public string UseWhen { get; }
    /// <summary>The tensors it takes, in order (e.g. input, target; or anchor, positive, negative).</summary>
    public IReadOnlyList<string> Inputs { get; }
    /// <summary>Its options with defaults and valid ranges.</summary>
    public IReadOnlyList<LossOption> Options { get; }
    /// <summary>Short aliases accepted by spec strings (<c>huber</c>).</summary>
    public IReadOnlyList<string> Aliases { get; }
    /// <summary>The PyTorch name (<c>torch.nn.functional.huber_loss</c>), or null when torch.nn lacks it.</summary>
    public string? TorchName { get; }
    /// <summary>True when the catalog can compute it from two tensors (<see cref="Compute"/>).</summary>
    public bool IsPairwise => compute is not null;

    /// <summary>
    /// Binds option values (by snake_case name), and lists of values for the options that accept them; unnamed options
    /// take their defaults.
    /// </summary>
    public BoundLoss With(IReadOnlyDictionary<string, double>? options = null, IReadOnlyDictionary<string, double[]>? lists = null)
    {
        var values = Options.ToDictionary(o => o.Name, o => o.Default);
        foreach (var (key, value) in options ?? new Dictionary<string, double>())
        {
            CheckKnown(key);
            values[key] = value;
        }
        foreach (var (key, list) in lists ?? new Dictionary<string, double[]>())
        {
            CheckKnown(key);
            if (!Options.Single(o => o.Name == key).AcceptsList)
                throw new ArgumentException($"{Name}: option '{key}' takes one value, not a list");
            if (list.Length == 0) throw new ArgumentException($"{Name}: option '{key}' was given an empty list");
        }
        return new BoundLoss(this, values) { Lists = new Dictionary<string, double[]>(lists ?? new Dictionary<string, double[]>()) };
    }

    void CheckKnown(string key)
    {
        if (Options.All(o => o.Name != key))
            throw new ArgumentException(Options.Count == 0
                ? $"{Name} has no option '{key}': it takes no options"
                : $"{Name} has no option '{key}': valid options are {string.Join(", ", Options.Select(o => o.Name))}");
    }

    /// <summary>Computes the loss of two tensors with the given options (defaults for those not given) and lists.</summary>
    public Tensor Compute(Tensor input, Tensor target, Reduction reduction, IReadOnlyDictionary<string, double>? options = null,
        IReadOnlyDictionary<string, double[]>? lists = null)
    {
        if (compute is null)
            throw new InvalidOperationException($"{Name} takes {string.Join(", ", Inputs)}: call Functional directly, not the two-tensor catalog form");
        var bound = With(options, lists);
        return compute(input, target, reduction, bound.Options, bound.Lists);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
