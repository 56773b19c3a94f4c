using static TorchSharp.torch;

namespace LossNotebooks.Analysis;

/// <summary>Held-out metrics of the training study.</summary>
public static class Metrics
{
    /// <summary>The metric names of a task, in display order.</summary>
    public static IReadOnlyList<string> Names(AnalysisTask task) => task == AnalysisTask.Regression
        ? new[] { "mse", "mae", "abs_err_q50", "abs_err_q90", "abs_err_q99" }
        : new[] { "accuracy", "log_loss", "auc" };

    /// <summary>Scores predictions (regression), logits [N] (binary) or logits [N, C] against the targets.</summary>
    public static IReadOnlyDictionary<string, double> Score(TaskChoice task, Tensor scores, double[] target)
    {
        if (task.Task == AnalysisTask.Regression)
        {
            var prediction = scores.data<double>().ToArray();
            var errors = prediction.Zip(target, (p, y) => p - y).ToArray();
            var absolute = errors.Select(Math.Abs).Order().ToArray();
            return new Dictionary<string, double>
            {
                ["mse"] = errors.Average(e => e * e),
                ["mae"] = absolute.Average(),
                ["abs_err_q50"] = Quantile(absolute, 0.5),
                ["abs_err_q90"] = Quantile(absolute, 0.9),
                ["abs_err_q99"] = Quantile(absolute, 0.99),
            };
        }
        double[][] probabilities;
        if (task.Task == AnalysisTask.Binary)
        {
            var p = scores.sigmoid().data<double>().ToArray();
            probabilities = p.Select(v => new[] { 1 - v, v }).ToArray();
        }
        else
        {
            var p = scores.softmax(1).data<double>().ToArray();
            var c = task.Classes;
            probabilities = Enumerable.Range(0, target.Length).Select(i => p.AsSpan(i * c, c).ToArray()).ToArray();
        }
        var labels = target.Select(v => (int)v).ToArray();
        var accuracy = labels.Select((y, i) => Array.IndexOf(probabilities[i], probabilities[i].Max()) == y ? 1.0 : 0.0).Average();
        var logLoss = labels.Select((y, i) => -Math.Log(Math.Clamp(probabilities[i][y], 1e-15, 1))).Average();
        var auc = task.Task == AnalysisTask.Binary
            ? Auc(probabilities.Select(p => p[1]).ToArray(), labels.Select(y => y == 1).ToArray())
            : Enumerable.Range(0, task.Classes).Select(k => Auc(probabilities.Select(p => p[k]).ToArray(), labels.Select(y => y == k).ToArray()))
                .Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        return new Dictionary<string, double> { ["accuracy"] = accuracy, ["log_loss"] = logLoss, ["auc"] = auc };
    }

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    /// <summary>
    /// Area under the ROC curve: the probability that a random positive scores above a random negative (ties count
    /// half), from ranks (Mann–Whitney U). NaN when a class is absent.
    /// </summary>
    public static double Auc(double[] score, bool[] positive)
    {
        var order = Enumerable.Range(0, score.Length).OrderBy(i => score[i]).ToArray();
        var ranks = new double[score.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && score[order[j + 1]] == score[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        double positives = positive.Count(p => p), negatives = positive.Length - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        var rankSum = ranks.Where((_, i) => positive[i]).Sum();
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }
}
