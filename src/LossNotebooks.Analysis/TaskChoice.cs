using System.Globalization;
using LossNotebooks.Analysis.Data;

namespace LossNotebooks.Analysis;

/// <summary>What the data asks of the losses.</summary>
public enum AnalysisTask
{
    /// <summary>Real-valued target, one prediction column per model.</summary>
    Regression,
    /// <summary>Labels 0/1, one score column per model.</summary>
    Binary,
    /// <summary>Labels 0…C−1, C score columns per model.</summary>
    MultiClass,
}

/// <summary>How class scores are given.</summary>
public enum ScoreKind
{
    /// <summary>Unnormalized scores (logits).</summary>
    Logits,
    /// <summary>Probabilities in [0, 1] (for several classes, rows summing to 1).</summary>
    Probabilities,
}

/// <summary>A model: its name and the columns holding its predictions (one) or class scores (one for binary, C).</summary>
/// <param name="Name">The name shown in reports.</param>
/// <param name="Columns">Its columns, in class order.</param>
/// <param name="Classes">The class of each column when named (<c>setosa:p_a</c>) or matched; null when columns follow class indices.</param>
public sealed record ModelColumns(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string>? Classes = null)
{
    /// <summary>
    /// Parses <c>--pred a,b</c> (each column a model) or <c>--scores [name=]c0,c1,c2</c> (one model).
    /// </summary>
    public static IReadOnlyList<ModelColumns> FromPredictions(IEnumerable<string> arguments) =>
        arguments.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(c => new ModelColumns(c, new[] { c })).ToList();

    /// <summary>
    /// One model per <c>--scores</c> argument: <c>name=c0,c1,c2</c>, just the columns, or columns with their classes
    /// (<c>name=setosa:p_a,versicolor:p_b</c>; a binary model names the class its one column scores).
    /// </summary>
    public static IReadOnlyList<ModelColumns> FromScores(IEnumerable<string> arguments) =>
        arguments.Select(a =>
        {
            var equals = a.IndexOf('=');
            var name = equals > 0 ? a[..equals].Trim() : null;
            var entries = (equals > 0 ? a[(equals + 1)..] : a).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (entries.Length == 0) throw new ArgumentException($"--scores '{a}' names no column");
            var named = entries.Count(e => e.Contains(':'));
            if (named != 0 && named != entries.Length) throw new ArgumentException($"--scores '{a}': name the class of every column (class:column) or of none");
            var columns = entries.Select(e => e[(e.IndexOf(':') + 1)..].Trim()).ToList();
            var classes = named == 0 ? null : entries.Select(e => e[..e.IndexOf(':')].Trim()).ToList();
            if (classes is not null && classes.Distinct().Count() != classes.Count) throw new ArgumentException($"--scores '{a}' names a class twice");
            return new ModelColumns(name ?? string.Join(",", columns), columns, classes);
        }).ToList();
}

/// <summary>The task and score kind the comparison uses, and why.</summary>
/// <param name="Task">Regression, binary or multi-class.</param>
/// <param name="Scores">For classification: logits or probabilities.</param>
/// <param name="Classes">Number of classes (1 for regression).</param>
/// <param name="Reason">How it was decided, in a sentence the report shows.</param>
public sealed record TaskChoice(AnalysisTask Task, ScoreKind Scores, int Classes, string Reason)
{
    /// <summary>Class names in index order when the labels are written as names; null when they are class indices.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>How labels and score columns were paired (classification), in a sentence; null for regression.</summary>
    public string? Mapping { get; init; }

    /// <summary>Classes with score columns that no row is labelled with (allowed, and reported).</summary>
    public IReadOnlyList<string> AbsentClasses { get; init; } = Array.Empty<string>();

    /// <summary>The pairing and the classes no row has, as the report states them; null for regression.</summary>
    public string? ClassesNote => Mapping is null ? null
        : Mapping + (AbsentClasses.Count > 0 ? $"; no row is labelled {string.Join(", ", AbsentClasses)}" : "");

    /// <summary>
    /// Decides the task from the profile of the rows read unless <paramref name="task"/> is given: labels written as names →
    /// binary with one score column per model, multi-class with several; otherwise several score columns per model →
    /// multi-class; score columns given (<paramref name="fromScores"/>) with one column → binary; prediction columns →
    /// regression, unless the target is 0/1 and every prediction lies in [0, 1] (then binary probabilities). Scores are
    /// probabilities when they all lie in [0, 1] (and, for several classes, rows sum to 1), else logits. Checks numeric
    /// labels against the class range and probabilities against [0, 1], naming the row.
    /// </summary>
    public static TaskChoice Decide(TabularSource source, DataProfile profile, string target, ClassMapping mapping, bool fromScores,
        AnalysisTask? task = null, ScoreKind? scores = null)
    {
        var models = mapping.Models;
        var width = models.Select(m => m.Columns.Count).Distinct().ToList();
        if (width.Count > 1) throw new ArgumentException($"every model needs the same number of score columns; got {string.Join(" and ", width)}");
        var named = mapping.Names is not null;
        string reason;
        AnalysisTask chosen;
        if (task is { } forced)
        {
            chosen = forced;
            reason = $"{Describe(forced)} (as asked)";
        }
        else if (named)
        {
            chosen = width[0] == 1 ? AnalysisTask.Binary : AnalysisTask.MultiClass;
            reason = $"{Describe(chosen)}: the target '{target}' holds class names, {width[0]} score column{(width[0] == 1 ? "" : "s")} per model";
        }
        else if (width[0] > 1)
        {
            chosen = AnalysisTask.MultiClass;
            reason = $"multi-class: {width[0]} score columns per model";
        }
        else if (fromScores)
        {
            chosen = AnalysisTask.Binary;
            reason = "binary: one score column per model";
        }
        else if (profile.TargetValues.All(v => v is 0 or 1) && models.All(m => profile.InUnit(ReadIndex(profile, m.Columns[0]))))
        {
            chosen = AnalysisTask.Binary;
            reason = $"binary: the target '{target}' is 0/1 and every prediction lies in [0, 1] (use --task regression to override)";
        }
        else
        {
            chosen = AnalysisTask.Regression;
            reason = "regression: one real-valued prediction column per model";
        }
        if (chosen == AnalysisTask.Regression)
        {
            if (named) throw new ArgumentException($"the target '{target}' holds class names; regression needs numbers");
            if (width[0] != 1) throw new ArgumentException("regression takes one prediction column per model");
            return new TaskChoice(chosen, ScoreKind.Logits, 1, reason);
        }

        var classes = chosen == AnalysisTask.Binary ? 2 : width[0];
        if (chosen == AnalysisTask.Binary && width[0] != 1) throw new ArgumentException("binary classification takes one score column per model");
        if (chosen == AnalysisTask.MultiClass && width[0] < 2) throw new ArgumentException("multi-class classification takes one score column per class (at least 2)");
        if (!named) CheckLabels(source, profile, classes);
        var allScores = models.SelectMany(m => m.Columns).Distinct().Select(c => ReadIndex(profile, c)).ToList();
        var inUnit = allScores.All(profile.InUnit);
        var rowsSumToOne = chosen == AnalysisTask.Binary || profile.RowsSumToOne.All(b => b);
        ScoreKind kind;
        if (scores is { } given)
        {
            kind = given;
            if (kind == ScoreKind.Probabilities && !inUnit)
            {
                var k = allScores.First(k => !profile.InUnit(k));
                var row = profile.FirstRows(k).OutsideUnit;
                throw new InvalidDataException($"{source.Locate(row)}, column '{profile.Reads[k].Name}': probability " +
                                               $"{source.ValueAt(row, profile.Reads[k].Name)} is outside [0, 1]");
            }
            reason += $"; scores are {Describe(kind)} (as asked)";
        }
        else
        {
            kind = inUnit && rowsSumToOne ? ScoreKind.Probabilities : ScoreKind.Logits;
            reason += kind == ScoreKind.Probabilities
                ? "; scores read as probabilities (all in [0, 1]" + (chosen == AnalysisTask.MultiClass ? ", rows sum to 1)" : ")")
                : "; scores read as logits";
        }
        return new TaskChoice(chosen, kind, classes, reason)
        {
            ClassNames = mapping.Names,
            Mapping = mapping.How,
            AbsentClasses = mapping.AbsentFromTarget,
        };
    }

    /// <summary>
    /// The task of a training target (no model columns, so the target alone decides): as asked; else binary for 0/1
    /// or two class names, multi-class for whole numbers 0…K−1 with 3 ≤ K ≤ 20 classes all present or for 3 or more
    /// class names, regression otherwise.
    /// </summary>
    public static TaskChoice FromTarget(string source, IReadOnlyCollection<double> values, IReadOnlyList<string>? names, string target, AnalysisTask? forced)
    {
        var distinct = values.Order().ToArray();
        var classLike = names is not null || distinct.All(v => v == Math.Floor(v)) && distinct[0] == 0 && distinct[^1] == distinct.Length - 1;
        var count = names?.Count ?? distinct.Length;
        var task = forced ?? (classLike && count == 2 ? AnalysisTask.Binary
            : classLike && (names is not null || count is >= 3 and <= 20) ? AnalysisTask.MultiClass : AnalysisTask.Regression);
        var classes = task switch { AnalysisTask.Binary => 2, AnalysisTask.MultiClass => names?.Count ?? (int)distinct[^1] + 1, _ => 1 };
        if (task != AnalysisTask.Regression && !classLike)
            throw new InvalidDataException($"{source}, column '{target}': classification needs labels 0…K−1 or class names; " +
                                           $"found {string.Join(", ", distinct.Take(5).Select(v => v.ToString(CultureInfo.InvariantCulture)))}{(distinct.Length > 5 ? ", …" : "")}");
        if (task == AnalysisTask.Regression && names is not null) throw new ArgumentException($"the target '{target}' holds class names; regression needs numbers");
        var reason = forced is not null ? $"{task} (as asked)" : task switch
        {
            AnalysisTask.Binary => names is null ? $"binary: the target '{target}' is 0/1" : $"binary: the target '{target}' holds two class names ({names[0]} = 0, {names[1]} = 1)",
            AnalysisTask.MultiClass => names is null ? $"multi-class: the target '{target}' holds labels 0…{classes - 1}"
                : $"multi-class: the target '{target}' holds {names.Count} class names, indexed in sort order",
            _ => $"regression: the target '{target}' is real-valued",
        };
        return new TaskChoice(task, ScoreKind.Logits, classes, reason + " (override with --task)") { ClassNames = names };
    }

    static int ReadIndex(DataProfile profile, string column) => profile.Reads.Select((r, k) => (r, k)).First(p => p.r.Name == column && p.r.Classes is null).k;

    static string Describe(AnalysisTask task) => task switch
    {
        AnalysisTask.Regression => "regression",
        AnalysisTask.Binary => "binary classification",
        _ => "multi-class classification",
    };

    static string Describe(ScoreKind kind) => kind == ScoreKind.Logits ? "logits" : "probabilities";

    static void CheckLabels(TabularSource source, DataProfile profile, int classes)
    {
        var (min, max) = profile.Range(0);
        var rows = profile.FirstRows(0);
        var bad = !profile.Integral(0) ? rows.Fraction : min < 0 ? rows.Min : max >= classes ? rows.Max : -1;
        if (bad < 0) return;
        throw new InvalidDataException($"{source.Locate(bad)}, column '{profile.Reads[0].Name}': label {source.ValueAt(bad, profile.Reads[0].Name)} " +
                                       $"is not a class index in 0…{classes - 1}");
    }
}
