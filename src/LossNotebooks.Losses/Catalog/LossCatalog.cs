namespace LossNotebooks.Losses;

/// <summary>
/// Every loss of the library with its metadata: enumerate them, look one up by name or alias, or build one from a
/// spec string (<c>huber_loss(delta=2)</c>). Each entry is read from its declaration, the <see cref="Functional"/>
/// method marked <see cref="LossAttribute"/>: names, options and defaults are written once, in the method's signature.
/// </summary>
public static class LossCatalog
{
    static readonly Lazy<IReadOnlyList<LossInfo>> all = new(() => LossDeclarations.All.Select(d => LossDeclarations.ToInfo(d.Method, d.Loss))
        .OrderBy(l => l.Category).ThenBy(l => l.Name).ToList());

    static readonly Lazy<Dictionary<string, LossInfo>> byName = new(() =>
    {
        var map = new Dictionary<string, LossInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var loss in all.Value)
            foreach (var key in loss.Aliases.Prepend(loss.Name))
                if (!map.TryAdd(key, loss)) throw new InvalidOperationException($"duplicate loss name or alias '{key}'");
        return map;
    });

    /// <summary>All losses, by category then name.</summary>
    public static IReadOnlyList<LossInfo> All => all.Value;

    /// <summary>Every accepted alias and the loss it names.</summary>
    public static IReadOnlyDictionary<string, string> Aliases =>
        all.Value.SelectMany(l => l.Aliases.Select(a => (a, l.Name))).ToDictionary(p => p.a, p => p.Name);

    /// <summary>Finds a loss by name or alias (case-insensitive); null when there is none.</summary>
    public static LossInfo? TryFind(string nameOrAlias) => byName.Value.GetValueOrDefault(nameOrAlias.Trim());

    /// <summary>Finds a loss by name or alias; throws an <see cref="ArgumentException"/> listing the valid names.</summary>
    public static LossInfo Find(string nameOrAlias) => TryFind(nameOrAlias)
        ?? throw new ArgumentException($"unknown loss '{nameOrAlias}'. Valid names: {string.Join(", ", all.Value.Select(l => l.Name))}; " +
                                       $"aliases: {string.Join(", ", Aliases.Keys.Order())}", nameof(nameOrAlias));

    /// <summary>Builds a loss from a spec string such as <c>huber(delta=2)</c>; errors name the unknown loss or option.</summary>
    public static BoundLoss Parse(string spec)
    {
        var (name, options, lists) = LossSpec.Split(spec);
        return Find(name).With(options, lists);
    }
}
