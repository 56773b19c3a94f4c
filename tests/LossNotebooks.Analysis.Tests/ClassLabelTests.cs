using System.Globalization;

namespace LossNotebooks.Analysis.Tests;

/// <summary>Labels as written: class names and booleans, paired with score columns by name, by sort order or as given.</summary>
public class ClassLabelTests
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-labels-").FullName;

    static readonly string[] Iris = { "setosa", "versicolor", "virginica" };

    // 30 rows of three-class probabilities; the label of row i is class i % 3, the scores favour it most of the time
    static readonly (int Label, double[] P)[] Rows = Enumerable.Range(0, 30).Select(i =>
    {
        var label = i % 3;
        var p = new double[3];
        var right = i % 5 == 0 ? 0.2 : 0.7;
        for (var k = 0; k < 3; k++) p[k] = k == label ? right : (1 - right) / 2;
        return (label, p);
    }).ToArray();

    string Write(string name, string header, Func<(int Label, double[] P), string> row)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, header + "\n" + string.Join("\n", Rows.Select(row)) + "\n");
        return path;
    }

    static string P(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    ComparisonReport Indexed() => LossComparison.Compare(Write("indexed.csv", "species,p0,p1,p2", r => $"{r.Label},{string.Join(",", r.P.Select(P))}"),
        "species", ModelColumns.FromScores(new[] { "m=p0,p1,p2" }), fromScores: true);

    static void SameNumbers(ComparisonReport expected, ComparisonReport actual)
    {
        foreach (var (e, a) in expected.Table.Zip(actual.Table)) Assert.Equal(e.ValueByModel["m"], a.ValueByModel["m"], 1e-12);
    }

    [Fact]
    public void HeadersThatNameTheClassesPairByName()
    {
        // columns in another order than the sorted names: pairing by name must reorder them
        foreach (var (header, column) in new (string, Func<string, string>)[] { ("p_{0}", c => $"p_{c}"), ("{0}_prob", c => $"{c}_prob"), ("score[{0}]", c => $"score[{c}]") })
        {
            var order = new[] { 2, 0, 1 };
            var path = Write($"named-{header.Length}.csv", "species," + string.Join(",", order.Select(k => column(Iris[k]))),
                r => $"{Iris[r.Label]},{string.Join(",", order.Select(k => P(r.P[k])))}");
            var report = LossComparison.Compare(path, "species", ModelColumns.FromScores(new[] { "m=" + string.Join(",", order.Select(k => column(Iris[k]))) }), true);
            SameNumbers(Indexed(), report);
            Assert.Equal(Iris, report.Task.ClassNames);
            Assert.Contains("by name", report.Task.Mapping);
            Assert.Contains($"{column("virginica")} → virginica", report.Task.Mapping);
        }
    }

    [Fact]
    public void OtherHeadersFollowTheSortOrderOfTheNames()
    {
        var path = Write("sorted.csv", "species,a,b,c", r => $"{Iris[r.Label]},{string.Join(",", r.P.Select(P))}");
        var report = LossComparison.Compare(path, "species", ModelColumns.FromScores(new[] { "m=a,b,c" }), true);
        SameNumbers(Indexed(), report);
        Assert.Contains("ordinal sort order", report.Task.Mapping);
        Assert.Contains("a → setosa", report.Task.Mapping);
    }

    [Fact]
    public void ClassesCanBeNamedExplicitly()
    {
        var path = Write("explicit.csv", "species,x,y,z", r => $"{Iris[r.Label]},{P(r.P[2])},{P(r.P[0])},{P(r.P[1])}");
        var report = LossComparison.Compare(path, "species", ModelColumns.FromScores(new[] { "m=virginica:x,setosa:y,versicolor:z" }), true);
        SameNumbers(Indexed(), report);
        Assert.Contains("as given", report.Task.Mapping);
    }

    [Fact]
    public void AScoreColumnForAClassNoRowHasIsAllowedAndReported()
    {
        // labels only setosa/versicolor; the model also scores virginica
        var path = Path.Combine(folder, "absent.csv");
        File.WriteAllText(path, "species,p_setosa,p_versicolor,p_virginica\nsetosa,0.8,0.1,0.1\nversicolor,0.2,0.7,0.1\nsetosa,0.6,0.3,0.1\n");
        var report = LossComparison.Compare(path, "species", ModelColumns.FromScores(new[] { "m=p_setosa,p_versicolor,p_virginica" }), true,
            new ComparisonOptions { Losses = new[] { "nll" } });
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.6)) / 3, report.Table[0].ValueByModel["m"], 6);
        Assert.Equal(new[] { "virginica" }, report.Task.AbsentClasses);
        Assert.EndsWith("; no row is labelled virginica", report.Task.ClassesNote);
    }

    [Fact]
    public void ALabelWithNoScoreColumnIsNamedWithItsLine()
    {
        var path = Path.Combine(folder, "unknown.csv");
        File.WriteAllText(path, "species,p_setosa,p_versicolor\nsetosa,0.8,0.2\nversicolor,0.3,0.7\nvirginica,0.5,0.5\n");
        var e = Assert.Throws<InvalidDataException>(() =>
            LossComparison.Compare(path, "species", ModelColumns.FromScores(new[] { "m=setosa:p_setosa,versicolor:p_versicolor" }), true));
        Assert.Equal($"{path}, line 4, column 'species': label 'virginica' has no score column (the classes scored are setosa, versicolor)", e.Message);
    }

    [Theory]
    [InlineData("yes", "no")]
    [InlineData("true", "false")]
    [InlineData("True", "False")]
    public void BooleanLabelsScoreTheirPositiveClass(string positive, string negative)
    {
        var path = Path.Combine(folder, $"bool-{positive}.csv");
        File.WriteAllText(path, $"buys,score\n{positive},0.9\n{negative},0.2\n{positive},0.6\n{negative},0.4\n");
        var report = LossComparison.Compare(path, "buys", ModelColumns.FromScores(new[] { "m=score" }), true, new ComparisonOptions { Losses = new[] { "bce" } });
        var expected = -(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.6) + Math.Log(0.6)) / 4;
        Assert.Equal(expected, report.Table[0].ValueByModel["m"], 5);
        Assert.Equal(AnalysisTask.Binary, report.Task.Task);
        Assert.Contains($"'{positive}'", report.Task.Mapping);
    }

    [Fact]
    public void ABinaryScoreColumnThatNamesAClassScoresThatClass()
    {
        // sorted, 'benign' comes first and would be the negative class; the header names it, so its score is P(benign)
        var path = Path.Combine(folder, "named-binary.csv");
        File.WriteAllText(path, "diagnosis,p_benign\nbenign,0.9\nmalignant,0.2\nbenign,0.6\n");
        var report = LossComparison.Compare(path, "diagnosis", ModelColumns.FromScores(new[] { "m=p_benign" }), true, new ComparisonOptions { Losses = new[] { "bce" } });
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.6)) / 3, report.Table[0].ValueByModel["m"], 5);
        Assert.Contains("'benign', which its header names", report.Task.Mapping);
    }

    [Fact]
    public void ABooleanParquetColumnIsALabel()
    {
        var path = Path.Combine(folder, "bool.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM (VALUES (true, 0.9), (false, 0.2), (true, 0.6)) t(label, p)) TO '{path}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        var report = LossComparison.Compare(path, "label", ModelColumns.FromScores(new[] { "p" }), true, new ComparisonOptions { Losses = new[] { "bce" } });
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.6)) / 3, report.Table[0].ValueByModel["p"], 5);
    }

    [Fact]
    public void TheTrainingStudyTakesClassNames()
    {
        var data = Path.Combine(TestRepository.Root(), "data", "iris-scores.csv");
        var lines = File.ReadAllLines(data);
        var header = lines[0].Split(',');
        var species = Array.IndexOf(header, "species");
        var named = Path.Combine(folder, "iris-named.csv");
        File.WriteAllLines(named, lines.Take(1).Concat(lines.Skip(1).Select(l =>
        {
            var fields = l.Split(',');
            fields[species] = Iris[int.Parse(fields[species], CultureInfo.InvariantCulture)];
            return string.Join(",", fields);
        })));
        var features = new[] { "sepal_length", "sepal_width", "petal_length", "petal_width" };
        var options = new TrainingOptions { Losses = new[] { "ce" }, Epochs = 50 };
        var byName = TrainingStudy.Run(named, "species", features, options);
        var byIndex = TrainingStudy.Run(data, "species", features, options);
        Assert.Equal(Iris, byName.Task.ClassNames);
        Assert.Equal(byIndex.Fits.Select(f => f.Metrics["log_loss"]), byName.Fits.Select(f => f.Metrics["log_loss"]));
    }
}
