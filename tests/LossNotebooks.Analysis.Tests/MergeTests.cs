using LossNotebooks.Analysis.Reports;
using LossNotebooks.Analysis.Streaming;

namespace LossNotebooks.Analysis.Tests;

/// <summary>Partitions' JSON reports merge into the whole's: means to 1e-12, top samples exactly, samples said to be pooled.</summary>
public class MergeTests
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-merge-").FullName;

    [Fact]
    public void PartitionsMergeToTheSingleRun()
    {
        var random = new Random(11);
        var rows = Enumerable.Range(0, 3000).Select(i =>
        {
            var y = random.NextDouble() * 1e3;
            return FormattableString.Invariant($"{y},{y + random.NextDouble() * 1e-3 + (i % 97 == 0 ? 50 * random.NextDouble() : 0)},{y + Math.Sin(i) * 1e5}");
        }).ToList();
        var whole = Path.Combine(folder, "whole.csv");
        File.WriteAllText(whole, "y,a,b\n" + string.Join("\n", rows) + "\n");
        var options = new ComparisonOptions { Losses = new[] { "mse", "mae", "log_cosh" }, TopK = 4, SampleRows = 500 };
        var single = LossComparison.Compare(whole, "y", new[] { "a", "b" }, options);

        var names = new List<string>();
        var parts = new List<ComparisonReport>();
        foreach (var (start, count) in new[] { (0, 1000), (1000, 1700), (2700, 300) })
        {
            var part = Path.Combine(folder, $"part-{start}.csv");
            File.WriteAllText(part, "y,a,b\n" + string.Join("\n", rows.Skip(start).Take(count)) + "\n");
            var json = Path.Combine(folder, $"part-{start}.json");
            File.WriteAllText(json, ReportExport.ToJson(LossComparison.Compare(part, "y", new[] { "a", "b" }, options)));
            names.Add(json);
            parts.Add(ReportExport.ComparisonFromJson(File.ReadAllText(json), json));   // through JSON, as --merge reads them
        }
        var merged = ComparisonMerge.Merge(parts, names);

        Assert.Equal(single.Rows, merged.Rows);
        foreach (var (s, m) in single.Table.Zip(merged.Table))
            foreach (var model in s.ValueByModel.Keys)
            {
                var relative = Math.Abs(m.ValueByModel[model] - s.ValueByModel[model]) / Math.Abs(s.ValueByModel[model]);
                Assert.True(relative <= 1e-12, $"{s.Loss} {model}: merged {m.ValueByModel[model]:R}, single {s.ValueByModel[model]:R}");
            }
        foreach (var (s, m) in single.Top.Zip(merged.Top))
        {
            Assert.Equal(s.Samples.Select(x => x.Row), m.Samples.Select(x => x.Row));
            Assert.Equal(s.Samples.Select(x => x.Loss), m.Samples.Select(x => x.Loss));
            Assert.Equal(s.Samples.Select(x => x.Share), m.Samples.Select(x => x.Share), new Tolerance(1e-12));
        }
        Assert.Equal(names, merged.MergedFrom);
        Assert.Equal(500 + 500 + 300, merged.SampleRows);   // each part's sample: at most 500 rows
        Assert.Equal(single.Robustness.Count, merged.Robustness.Count);
    }

    [Fact]
    public void AClassAbsentFromAPartIsAbsentFromTheWholeOnlyWhenEveryPartLacksIt()
    {
        var header = "species,p_cat,p_dog,p_fox\n";
        var parts = new[] { "cat,0.8,0.1,0.1\ncat,0.6,0.3,0.1\n", "dog,0.2,0.7,0.1\ncat,0.5,0.4,0.1\n" }.Select((rows, i) =>
        {
            var path = Path.Combine(folder, $"animals-{i}.csv");
            File.WriteAllText(path, header + rows);
            return LossComparison.Compare(path, "species", ModelColumns.FromScores(new[] { "m=p_cat,p_dog,p_fox" }), true, new ComparisonOptions { Losses = new[] { "nll" } });
        }).ToList();
        Assert.Equal(new[] { "dog", "fox" }, parts[0].Task.AbsentClasses);
        var merged = ComparisonMerge.Merge(parts, new[] { "a.json", "b.json" });
        Assert.Equal(new[] { "fox" }, merged.Task.AbsentClasses);
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.6) + Math.Log(0.7) + Math.Log(0.5)) / 4, merged.Table[0].ValueByModel["m"], 6);
    }

    [Fact]
    public void ReportsOfDifferentComparisonsAreRefused()
    {
        var path = Path.Combine(folder, "small.csv");
        File.WriteAllText(path, "y,a\n1,2\n3,3\n");
        var mse = LossComparison.Compare(path, "y", new[] { "a" }, new ComparisonOptions { Losses = new[] { "mse" } });
        var mae = LossComparison.Compare(path, "y", new[] { "a" }, new ComparisonOptions { Losses = new[] { "mae" } });
        Assert.Contains("their losses differ", Assert.Throws<ArgumentException>(() => ComparisonMerge.Merge(new[] { mse, mae }, new[] { "x.json", "y.json" })).Message);
        Assert.Contains("not a comparison report", Assert.Throws<InvalidDataException>(() => ReportExport.ComparisonFromJson("[1, 2]", "bad.json")).Message);
    }

    [Fact]
    public void CompensatedSumsKeepWhatPlainSumsLose()
    {
        // 1 + 1e-16 ten million times: a plain double sum stays at 1, the compensated one reaches 1 + 1e-9
        var sum = new CompensatedSum(1, 0);
        var plain = 1.0;
        for (var i = 0; i < 10_000_000; i++) { sum = sum.Add(1e-16); plain += 1e-16; }
        Assert.Equal(1.0, plain);
        Assert.Equal(1 + 1e-9, sum.Value, 1e-15);
    }

    [Fact]
    public void TheReservoirIsUniformAndSeeded()
    {
        // each of 100 rows is kept with probability 10/100; over 2,000 seeds each row's count is near 200
        var counts = new int[100];
        for (var seed = 0; seed < 2000; seed++)
        {
            var reservoir = new Reservoir(10, 1, seed);
            var values = new[] { new double[1] };
            for (var row = 0; row < 100; row++) { values[0][0] = row; reservoir.Offer(row, values, 0); }
            var (rows, columns) = reservoir.Sorted();
            Assert.Equal(rows.Select(r => (double)r), columns[0]);
            foreach (var r in rows) counts[r]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 140, 260));   // binomial(2000, 0.1): mean 200, sd 13.4
        Assert.Equal(Sample(5), Sample(5));
        Assert.NotEqual(Sample(5), Sample(6));

        static long[] Sample(int seed)
        {
            var reservoir = new Reservoir(10, 1, seed);
            var values = new[] { new double[1] };
            for (var row = 0; row < 1000; row++) reservoir.Offer(row, values, 0);
            return reservoir.Sorted().Rows;
        }
    }

    [Fact]
    public void TopKKeepsTheLargestAndPrefersEarlierRowsOnTies()
    {
        var top = new TopK<string>(3);
        foreach (var (value, row) in new[] { (1.0, 0L), (5.0, 1L), (3.0, 2L), (5.0, 3L), (4.0, 4L), (5.0, 0L), (double.NaN, 9L) })
            top.Offer(value, row, $"r{row}");
        Assert.Equal(new[] { (5.0, 0L), (5.0, 1L), (5.0, 3L) }, top.Largest().Select(e => (e.Value, e.Row)));
    }

    sealed class Tolerance(double relative) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= relative * Math.Max(Math.Abs(a), Math.Abs(b));
        public int GetHashCode(double value) => 0;
    }
}
