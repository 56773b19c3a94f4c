using LossNotebooks.Analysis.Streaming;

namespace LossNotebooks.Analysis;

/// <summary>
/// Merges the reports of partitions of one data set (each from <c>lossnb compare … --json</c> on its part, wherever it
/// ran) into the report of the whole: the mean losses from the parts' compensated sums and row counts (equal to one run
/// on all rows to about one rounding), the top samples exactly (every global top-k row is in its part's top k), the
/// column summaries combined. The distribution, the curves' range and the robustness study come from the parts' samples
/// (each part weighted by its rows: the robustness values averaged so, the distribution drawn in proportion): the merged
/// report says so in <see cref="ComparisonReport.MergedFrom"/>.
/// </summary>
public static class ComparisonMerge
{
    /// <summary>Merges <paramref name="parts"/> (named by <paramref name="names"/>, e.g. their files), taken in order.</summary>
    public static ComparisonReport Merge(IReadOnlyList<ComparisonReport> parts, IReadOnlyList<string> names)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to merge");
        var first = parts[0];
        for (var p = 1; p < parts.Count; p++) Compatible(first, parts[p], names[0], names[p]);
        var rows = parts.Sum(p => p.Rows);
        var models = first.Models;
        var table = first.Table.Select((row, l) =>
        {
            var sums = models.ToDictionary(m => m.Name, m => parts.Aggregate(new CompensatedSum(), (s, part) => s.Add(part.Table[l].SumByModel[m.Name])));
            return new LossRow(row.Loss, sums.ToDictionary(s => s.Key, s => s.Value.Value / rows)) { SumByModel = sums };
        }).ToList();

        var offsets = parts.Select((_, p) => parts.Take(p).Sum(q => q.RowsRead)).ToArray();
        var top = first.Top.Select((t, i) =>
        {
            var total = table.First(r => r.Loss == t.Loss).SumByModel[t.Model].Value;
            var k = parts.Max(p => p.Top[i].Samples.Count);
            var samples = parts.SelectMany((p, q) => p.Top[i].Samples.Select(s => s with { Row = s.Row + offsets[q] }))
                .OrderByDescending(s => s.Loss).ThenBy(s => s.Row).Take(k)
                .Select(s => s with { Share = total == 0 ? 0 : s.Loss / total }).ToList();
            return new TopSamples(t.Loss, t.Model, samples);
        }).ToList();

        var sampleRows = parts.Sum(p => p.SampleRows);
        var robustness = first.Robustness.Select((r, i) => r with
        {
            Values = r.Values.Select((_, f) => parts.Sum(p => p.Robustness[i].Values[f] * p.Rows) / rows).ToArray(),
        }).ToList();
        var distribution = models.ToDictionary(m => m.Name, m => parts.SelectMany(p =>
        {
            var values = p.Distribution[m.Name];
            var share = (int)Math.Min(values.Length, Math.Round(5_000.0 * p.Rows / rows));
            return SampleStudies.Subset(values.Length, share, 7).Select(i => values[i]);
        }).ToArray());
        var evaluator = new LossEvaluator(first.Task, first.Table.Select(r => r.Loss).ToList());
        var columns = first.Columns.Select((c, k) => c with
        {
            Min = parts.Min(p => p.Columns[k].Min),
            Max = parts.Max(p => p.Columns[k].Max),
            Missing = parts.Sum(p => p.Columns[k].Missing),
            Kind = parts.All(p => p.Columns[k].Kind == c.Kind) ? c.Kind : "real",
        }).ToList();
        return first with
        {
            // a class is absent from the whole only when no part has a row labelled with it
            Task = first.Task with { AbsentClasses = parts.Select(p => (IEnumerable<string>)p.Task.AbsentClasses).Aggregate((a, b) => a.Intersect(b)).ToList() },
            Path = string.Join(" + ", parts.Select(p => p.Path).Distinct()),
            Description = $"{parts.Count} reports merged",
            RowsRead = parts.Sum(p => p.RowsRead),
            Rows = rows,
            RowsDropped = parts.Sum(p => p.RowsDropped),
            Columns = columns,
            Table = table,
            Top = top,
            Distribution = distribution,
            Curves = SampleStudies.Curves(evaluator, distribution.Values.SelectMany(v => v).ToArray()),
            Robustness = robustness,
            SampleRows = sampleRows,
            MergedFrom = names.ToList(),
            Timings = new ComparisonTimings(parts.Sum(p => p.Timings.PassSeconds), parts.Sum(p => p.Timings.StudySeconds)),
        };
    }

    static void Compatible(ComparisonReport a, ComparisonReport b, string nameA, string nameB)
    {
        string? why = a.Task.Task != b.Task.Task || a.Task.Scores != b.Task.Scores ? $"tasks differ ({a.Task.Reason} / {b.Task.Reason})"
            : !a.Table.Select(r => r.Loss).SequenceEqual(b.Table.Select(r => r.Loss)) ? "their losses differ"
            : !a.Models.Select(m => m.Name).SequenceEqual(b.Models.Select(m => m.Name)) ? "their models differ"
            : a.Target != b.Target ? "their targets differ"
            : !(a.Task.ClassNames ?? Array.Empty<string>()).SequenceEqual(b.Task.ClassNames ?? Array.Empty<string>()) ? "their classes differ"
            : a.Table.Any(r => r.SumByModel.Count == 0) || b.Table.Any(r => r.SumByModel.Count == 0) ? "a report has no sums (written by an older lossnb)"
            : a.Top.Count != b.Top.Count ? "their top samples differ in shape"
            : !a.Robustness.Select(r => r.Fractions).Zip(b.Robustness.Select(r => r.Fractions)).All(p => p.First.SequenceEqual(p.Second)) ? "their robustness fractions differ"
            : null;
        if (why is not null) throw new ArgumentException($"{nameA} and {nameB} cannot be merged: {why}");
    }
}
