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
public sealed record ModelColumns(string Name, IReadOnlyList<string> Columns)
{
    /// <summary>
    /// Parses <c>--pred a,b</c> (each column a model) or <c>--scores [name=]c0,c1,c2</c> (one model).
    /// </summary>
    public static IReadOnlyList<ModelColumns> FromPredictions(IEnumerable<string> arguments) =>
        arguments.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(c => new ModelColumns(c, new[] { c })).ToList();

    /// <summary>One model per <c>--scores</c> argument: <c>name=c0,c1,c2</c> or just the columns.</summary>
    public static IReadOnlyList<ModelColumns> FromScores(IEnumerable<string> arguments) =>
        arguments.Select(a =>
        {
            var equals = a.IndexOf('=');
            var name = equals > 0 ? a[..equals].Trim() : null;
            var columns = (equals > 0 ? a[(equals + 1)..] : a).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (columns.Length == 0) throw new ArgumentException($"--scores '{a}' names no column");
            return new ModelColumns(name ?? string.Join(",", columns), columns);
        }).ToList();
}

/// <summary>The task and score kind the comparison uses, and why.</summary>
/// <param name="Task">Regression, binary or multi-class.</param>
/// <param name="Scores">For classification: logits or probabilities.</param>
/// <param name="Classes">Number of classes (1 for regression).</param>
/// <param name="Reason">How it was decided, in a sentence the report shows.</param>
public sealed record TaskChoice(AnalysisTask Task, ScoreKind Scores, int Classes, string Reason)
{
    /// <summary>
    /// Decides the task from the columns unless <paramref name="task"/> is given: several score columns per model →
    /// multi-class; score columns given (<paramref name="fromScores"/>) with one column → binary; prediction columns
    /// → regression, unless the target is 0/1 and every prediction lies in [0, 1] (then binary probabilities).
    /// Scores are probabilities when they all lie in [0, 1] (and, for several classes, rows sum to 1), else logits.
    /// Checks labels against the class range and probabilities against [0, 1].
    /// </summary>
    public static TaskChoice Decide(CsvTable table, string target, IReadOnlyList<ModelColumns> models, bool fromScores,
        AnalysisTask? task = null, ScoreKind? scores = null)
    {
        var y = table.Columns[target];
        var width = models.Select(m => m.Columns.Count).Distinct().ToList();
        if (width.Count > 1) throw new ArgumentException($"every model needs the same number of score columns; got {string.Join(" and ", width)}");
        string reason;
        AnalysisTask chosen;
        if (task is { } forced)
        {
            chosen = forced;
            reason = $"{Describe(forced)} (as asked)";
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
        else if (y.All(v => v is 0 or 1) && models.All(m => table.Columns[m.Columns[0]].All(v => v is >= 0 and <= 1)))
        {
            chosen = AnalysisTask.Binary;
            reason = $"binary: the target '{target}' is 0/1 and every prediction lies in [0, 1] (use --task regression to override)";
        }
        else
        {
            chosen = AnalysisTask.Regression;
            reason = $"regression: one real-valued prediction column per model";
        }
        if (chosen == AnalysisTask.Regression)
        {
            if (width[0] != 1) throw new ArgumentException("regression takes one prediction column per model");
            return new TaskChoice(chosen, ScoreKind.Logits, 1, reason);
        }

        var classes = chosen == AnalysisTask.Binary ? 2 : width[0];
        if (chosen == AnalysisTask.Binary && width[0] != 1) throw new ArgumentException("binary classification takes one score column per model");
        if (chosen == AnalysisTask.MultiClass && width[0] < 2) throw new ArgumentException("multi-class classification takes one score column per class (at least 2)");
        CheckLabels(table, target, classes);
        var allScores = models.SelectMany(m => m.Columns).Distinct().ToList();
        var inUnit = allScores.All(c => table.Columns[c].All(v => v is >= 0 and <= 1));
        var rowsSumToOne = chosen == AnalysisTask.Binary || models.All(m => RowSumsNearOne(table, m.Columns));
        ScoreKind kind;
        if (scores is { } given)
        {
            kind = given;
            if (kind == ScoreKind.Probabilities && !inUnit)
            {
                var (column, line, value) = FirstOutsideUnit(table, allScores);
                throw new InvalidDataException($"{table.Path}, line {line}, column '{column}': probability {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside [0, 1]");
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
        return new TaskChoice(chosen, kind, classes, reason);
    }

    /// <summary>
    /// The task of a training target (no model columns yet, so the target alone decides): as asked; else binary for 0/1, multi-class for whole numbers 0…K−1 with
    /// 3 ≤ K ≤ 20 classes all present, regression otherwise.
    /// </summary>
    public static TaskChoice FromTarget(CsvTable table, string target, AnalysisTask? forced)
    {
        var y = table.Columns[target];
        var distinct = y.Distinct().Order().ToArray();
        var classLike = distinct.All(v => v == Math.Floor(v)) && distinct[0] == 0 && distinct[^1] == distinct.Length - 1;
        var task = forced ?? (classLike && distinct.Length == 2 ? AnalysisTask.Binary
            : classLike && distinct.Length is >= 3 and <= 20 ? AnalysisTask.MultiClass : AnalysisTask.Regression);
        var classes = task switch { AnalysisTask.Binary => 2, AnalysisTask.MultiClass => (int)distinct[^1] + 1, _ => 1 };
        if (task != AnalysisTask.Regression && !classLike)
            throw new InvalidDataException($"{table.Path}, column '{target}': classification needs labels 0…K−1; " +
                                           $"found {string.Join(", ", distinct.Take(5))}{(distinct.Length > 5 ? ", …" : "")}");
        var reason = forced is not null ? $"{task} (as asked)" : task switch
        {
            AnalysisTask.Binary => $"binary: the target '{target}' is 0/1",
            AnalysisTask.MultiClass => $"multi-class: the target '{target}' holds labels 0…{classes - 1}",
            _ => $"regression: the target '{target}' is real-valued",
        };
        return new TaskChoice(task, ScoreKind.Logits, classes, reason + " (override with --task)");
    }

    static string Describe(AnalysisTask task) => task switch
    {
        AnalysisTask.Regression => "regression",
        AnalysisTask.Binary => "binary classification",
        _ => "multi-class classification",
    };

    static string Describe(ScoreKind kind) => kind == ScoreKind.Logits ? "logits" : "probabilities";

    static void CheckLabels(CsvTable table, string target, int classes)
    {
        var y = table.Columns[target];
        for (var i = 0; i < y.Length; i++)
            if (y[i] != Math.Floor(y[i]) || y[i] < 0 || y[i] >= classes)
                throw new InvalidDataException($"{table.Path}, line {table.Lines[i]}, column '{target}': label {y[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
                                               $"is not a class index in 0…{classes - 1}");
    }

    static bool RowSumsNearOne(CsvTable table, IReadOnlyList<string> columns)
    {
        var data = columns.Select(c => table.Columns[c]).ToArray();
        for (var i = 0; i < table.Rows; i++)
        {
            var sum = 0.0;
            foreach (var column in data) sum += column[i];
            if (Math.Abs(sum - 1) > 1e-3) return false;
        }
        return true;
    }

    static (string Column, int Line, double Value) FirstOutsideUnit(CsvTable table, IEnumerable<string> columns)
    {
        foreach (var c in columns)
        {
            var values = table.Columns[c];
            for (var i = 0; i < values.Length; i++)
                if (values[i] is < 0 or > 1) return (c, table.Lines[i], values[i]);
        }
        throw new InvalidOperationException("no value outside [0, 1]");
    }
}
