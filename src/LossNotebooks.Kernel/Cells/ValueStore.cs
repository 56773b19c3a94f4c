namespace LossNotebooks.Kernel.Cells;

/// <summary>
/// The values <c>#!value</c> cells stored (text, by name): the source <c>value</c> of <c>#!share --from value x</c>
/// and <c>#!set --value @value:x</c>, as .NET Interactive's value kernel was.
/// </summary>
public sealed class ValueStore
{
    readonly Dictionary<string, object?> values = new(StringComparer.Ordinal);

    /// <summary>The source name cells use for it.</summary>
    public const string Name = "value";

    /// <summary>Stores a value under a name (replacing an earlier one).</summary>
    public void Set(string name, object? value) => values[name] = value;

    /// <summary>Reads a stored value; false when none has that name.</summary>
    public bool TryGet(string name, out object? value) => values.TryGetValue(name, out value);

    /// <summary>The stored names, sorted.</summary>
    public IReadOnlyList<string> Names => values.Keys.Order(StringComparer.Ordinal).ToList();
}
