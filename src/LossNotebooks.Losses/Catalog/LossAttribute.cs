namespace LossNotebooks.Losses;

/// <summary>
/// Declares a <see cref="Functional"/> method as a catalog loss. The method is the single declaration: its signature
/// gives the inputs (the tensor parameters without a default), the reduction and, through <see cref="OptionAttribute"/>
/// on parameters, the options with their defaults; this attribute adds what a signature cannot say. The catalog,
/// the module classes and the tests' dispatch are derived from it (<see cref="LossCatalog"/>).
/// </summary>
/// <param name="name">Stable snake_case name, PyTorch's functional name where it has one.</param>
/// <param name="displayName">Human-readable name.</param>
/// <param name="category">Its family.</param>
/// <param name="task">The task it serves.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LossAttribute(string name, string displayName, LossCategory category, LossTask task) : Attribute
{
    /// <summary>Stable snake_case name (<c>huber_loss</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Human-readable name (<c>Huber</c>).</summary>
    public string DisplayName { get; } = displayName;

    /// <summary>Its family.</summary>
    public LossCategory Category { get; } = category;

    /// <summary>The task it serves.</summary>
    public LossTask Task { get; } = task;

    /// <summary>The per-element (or per-sample) loss in LaTeX, before any reduction.</summary>
    public string Formula { get; set; } = "";

    /// <summary>Properties a reader can reason with (convex, robust, input kind…).</summary>
    public LossProperties Properties { get; set; }

    /// <summary>One line: when to choose this loss.</summary>
    public string UseWhen { get; set; } = "";

    /// <summary>Short names accepted by spec strings.</summary>
    public string[] Aliases { get; set; } = Array.Empty<string>();

    /// <summary>False for losses torch.nn does not have (then the catalog gives no PyTorch name).</summary>
    public bool InTorch { get; set; } = true;
}

/// <summary>
/// Marks a parameter of a <see cref="LossAttribute"/> method as a catalog option: its snake_case name, its default
/// (the parameter's own default value) and its kind (from its type: bool, integer or real) come from the signature.
/// </summary>
/// <param name="range">Its valid range in words (<c>&gt; 0</c>, <c>[0, 1]</c>).</param>
/// <param name="description">What it does, in one line.</param>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false)]
public sealed class OptionAttribute(string range, string description) : Attribute
{
    /// <summary>Its valid range in words.</summary>
    public string Range { get; } = range;

    /// <summary>What it does, in one line.</summary>
    public string Description { get; } = description;

    /// <summary>
    /// True when a spec may give a list of values (<c>quantile(quantile=[0.1, 0.5, 0.9])</c>): the method then has an
    /// overload taking a <c>double[]</c> at this parameter's position, which computes the loss for all of them.
    /// </summary>
    public bool AcceptsList { get; set; }

    /// <summary>
    /// For a tensor parameter offered as a number (e.g. <c>pos_weight</c>): the value that means "not given" (the
    /// parameter stays null); any other value becomes a tensor of that value shaped like the input.
    /// </summary>
    public double Neutral { get; set; } = double.NaN;
}
