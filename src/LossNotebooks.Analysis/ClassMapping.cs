using System.Text.RegularExpressions;

namespace LossNotebooks.Analysis;

/// <summary>
/// How class labels written as names meet the models' score columns: the class order, each model's columns in that
/// order, and how the pairing was made, in a sentence the report shows.
/// </summary>
/// <param name="Names">Class names in index order; null when the labels are class indices already.</param>
/// <param name="Models">The models with their columns in class order (binary: the positive class's column).</param>
/// <param name="How">The pairing, e.g. <c>score columns matched to classes by name (p_setosa → setosa, …)</c>.</param>
/// <param name="AbsentFromTarget">Classes with score columns but no row labelled with them.</param>
public sealed record ClassMapping(IReadOnlyList<string>? Names, IReadOnlyList<ModelColumns> Models, string How, IReadOnlyList<string> AbsentFromTarget)
{
    /// <summary>
    /// Pairs labels and columns. Explicit classes (<c>setosa:p_a</c>) win; else, when the labels are names, a column
    /// whose header holds a class name as a word (<c>p_setosa</c>, <c>setosa_prob</c>, <c>score[setosa]</c>) is that
    /// class's, and other columns of the same pattern name classes absent from the target; else columns follow the
    /// ordinal sort order of the names. Binary: the one column scores the class its header names, else the second
    /// in sort order (<c>yes</c> of no/yes, <c>true</c> of false/true). Numeric labels are class indices: column k is class k.
    /// </summary>
    public static ClassMapping Resolve(IReadOnlyList<string>? labels, IReadOnlyList<ModelColumns> models)
    {
        if (models.Any(m => m.Classes is not null)) return Explicit(labels, models);
        if (labels is null) return new ClassMapping(null, models, "labels are class indices: score column k is class k", Array.Empty<string>());
        var sorted = labels.Order(StringComparer.Ordinal).ToList();
        var width = models[0].Columns.Count;
        if (width == 1) return Binary(sorted, models);

        var byName = models.Select(m => ByName(m, sorted)).ToList();
        if (byName.All(p => p is not null))
        {
            var names = byName[0]!.Select(p => p.Class).ToHashSet(StringComparer.Ordinal);
            if (byName.Any(p => !p!.Select(c => c.Class).ToHashSet(StringComparer.Ordinal).SetEquals(names)))
                throw new ArgumentException("the models' score columns name different classes; name them explicitly (--scores m=a:col,b:col,…)");
            var classes = names.Order(StringComparer.Ordinal).ToList();
            var ordered = models.Select((m, i) => m with { Columns = classes.Select(c => byName[i]!.First(p => p.Class == c).Column).ToList(), Classes = classes }).ToList();
            var absent = classes.Except(sorted, StringComparer.Ordinal).ToList();
            var pairs = string.Join(", ", byName[0]!.Select(p => $"{p.Column} → {p.Class}"));
            return new ClassMapping(classes, ordered, $"score columns matched to classes by name ({pairs})", absent);
        }
        if (width != sorted.Count)
            throw new ArgumentException($"the target has {sorted.Count} classes ({Join(sorted)}), the models {width} score columns whose headers do not " +
                                        $"name them; name each column's class: --scores {models[0].Name}=" +
                                        string.Join(",", models[0].Columns.Select((c, i) => $"{(i < sorted.Count ? sorted[i] : "CLASS")}:{c}")));
        var sortedModels = models.Select(m => m with { Classes = sorted }).ToList();
        return new ClassMapping(sorted, sortedModels,
            $"score columns taken in the ordinal sort order of the class names ({string.Join(", ", models[0].Columns.Select((c, i) => $"{c} → {sorted[i]}"))})",
            Array.Empty<string>());
    }

    static ClassMapping Binary(IReadOnlyList<string> sorted, IReadOnlyList<ModelColumns> models)
    {
        if (sorted.Count > 2)
            throw new ArgumentException($"the target has {sorted.Count} classes ({Join(sorted)}) but each model one score column; give one score column per class");
        var named = models.Select(m => sorted.Where(l => NamesClass(m.Columns[0], l)).ToList()).ToList();
        string positive, how;
        if (named.All(n => n.Count == 1) && named.Select(n => n[0]).Distinct().Count() == 1)
        {
            positive = named[0][0];
            how = $"the score is the probability (or logit) of '{positive}', which its header names";
        }
        else
        {
            if (sorted.Count < 2) throw new ArgumentException($"the target has one class ('{sorted[0]}'); name the scored class: --scores {models[0].Name}=CLASS:{models[0].Columns[0]}");
            positive = sorted[1];
            how = $"the score is the probability (or logit) of '{positive}', the second class in sort order ('{sorted[0]}' < '{positive}'); name another: --scores m={sorted[0]}:column";
        }
        var negative = sorted.FirstOrDefault(l => l != positive) ?? "not " + positive;
        var classes = new[] { negative, positive };
        return new ClassMapping(classes, models.Select(m => m with { Classes = classes }).ToList(), how, Array.Empty<string>());
    }

    static ClassMapping Explicit(IReadOnlyList<string>? labels, IReadOnlyList<ModelColumns> models)
    {
        if (models.Any(m => m.Classes is null)) throw new ArgumentException("name the classes of every model's columns, or of none (class:column)");
        if (models[0].Columns.Count == 1)
        {
            var positive = models[0].Classes![0];
            if (models.Any(m => m.Classes![0] != positive)) throw new ArgumentException("binary models must score the same class");
            var others = (labels ?? Array.Empty<string>()).Where(l => l != positive).ToList();
            if (others.Count > 1) throw new ArgumentException($"the target has {others.Count + 1} classes ({Join(labels!)}) but each model one score column");
            var classes = new[] { others.FirstOrDefault() ?? "not " + positive, positive };
            return new ClassMapping(classes, models.Select(m => m with { Classes = classes }).ToList(), $"the score is of '{positive}' (as given)", Array.Empty<string>());
        }
        var names = models[0].Classes!.Order(StringComparer.Ordinal).ToList();
        if (models.Any(m => !m.Classes!.ToHashSet().SetEquals(names)))
            throw new ArgumentException("every model must name the same classes");
        var ordered = models.Select(m => m with
        {
            Columns = names.Select(n => m.Columns[m.Classes!.ToList().IndexOf(n)]).ToList(),
            Classes = names,
        }).ToList();
        var absent = labels is null ? new List<string>() : names.Except(labels, StringComparer.Ordinal).ToList();
        return new ClassMapping(names, ordered, "score columns paired with classes as given", absent);
    }

    /// <summary>Each column's class when every label is named by exactly one column's header; null otherwise.</summary>
    static List<(string Column, string Class)>? ByName(ModelColumns model, IReadOnlyList<string> labels)
    {
        var pairs = new List<(string Column, string Class)>();
        (string Prefix, string Suffix)? pattern = null;
        foreach (var column in model.Columns)
        {
            var matches = labels.Where(l => NamesClass(column, l)).ToList();
            if (matches.Count > 1) return null;
            if (matches.Count == 1)
            {
                var at = column.IndexOf(matches[0], StringComparison.Ordinal);
                pattern ??= (column[..at], column[(at + matches[0].Length)..]);
                pairs.Add((column, matches[0]));
            }
            else pairs.Add((column, ""));
        }
        if (pattern is not { } p || labels.Any(l => pairs.Count(c => c.Class == l) != 1)) return null;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Class.Length > 0) continue;
            var column = pairs[i].Column;
            if (!column.StartsWith(p.Prefix, StringComparison.Ordinal) || !column.EndsWith(p.Suffix, StringComparison.Ordinal) ||
                column.Length <= p.Prefix.Length + p.Suffix.Length) return null;
            pairs[i] = (column, column[p.Prefix.Length..^p.Suffix.Length]);
        }
        return pairs.Select(c => c.Class).Distinct().Count() == pairs.Count ? pairs : null;
    }

    /// <summary>Whether a header holds a class name as a word: bounded by the header's ends or by characters that are not letters or digits.</summary>
    static bool NamesClass(string header, string label) =>
        label.Length > 0 && Regex.IsMatch(header, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(label)}(?![\p{{L}}\p{{N}}])", RegexOptions.CultureInvariant);

    static string Join(IEnumerable<string> items) => string.Join(", ", items.Take(8)) + (items.Count() > 8 ? ", …" : "");
}
