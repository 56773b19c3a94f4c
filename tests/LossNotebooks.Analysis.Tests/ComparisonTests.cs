using System.Text.Json;
using LossNotebooks.Analysis.Reports;
using LossNotebooks.Losses;
using LossNotebooks.Losses.Fused;
using static TorchSharp.torch;

namespace LossNotebooks.Analysis.Tests;

/// <summary>Loading a user's CSV and comparing losses across models; task detection; every bad input named.</summary>
public class ComparisonTests
{
    readonly string folder = Directory.CreateTempSubdirectory("lossnb-compare-").FullName;

    string Csv(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    static ComparisonOptions With(params string[] losses) => new() { Losses = losses };


    [Fact]
    public void NumbersEqualTheLibrary()
    {
        var path = Csv("small.csv", "y,a,b\n1,1.5,0\n2,2,4\n3,2.5,3\n10,4,9\n");
        var result = LossComparison.Compare(path, "y", new[] { "a", "b" }, With("mse", "huber(delta=2)"));
        var y = tensor(new[] { 1.0, 2, 3, 10 });
        var a = tensor(new[] { 1.5, 2, 2.5, 4 });
        Assert.Equal(Functional.MseLoss(a, y).item<double>(), result.Table[0].ValueByModel["a"], 12);
        Assert.Equal(Functional.HuberLoss(a, y, delta: 2).item<double>(), result.Table[1].ValueByModel["a"], 12);
        Assert.Equal("b", result.Table[0].Best);
        Assert.Equal(4, result.Rows);
        Assert.Equal(AnalysisTask.Regression, result.Task.Task);
        Assert.Equal(new[] { "integer", "real", "integer" }, result.Columns.Select(c => c.Kind));
    }

    [Fact]
    public void ComparisonsTakeTheFusedKernelsAndAgreeWithLibtorch()
    {
        var path = Path.Combine(TestRepository.Root(), "data", "diabetes-predictions.csv");
        var options = With("mse", "mae", "huber(delta=20)", "log_cosh", "tukey");
        ComparisonReport fused, native;
        using (var calls = FusedKernels.CountCalls())
        {
            fused = LossComparison.Compare(path, "progression", new[] { "pred_bmi", "pred_all" }, options);
            Assert.True(calls.Calls >= 4, $"{calls.Calls} fused calls"); // mse, mae, huber, tukey (log_cosh is fused from 2^21 rows)
        }
        using (FusedKernels.Disable()) native = LossComparison.Compare(path, "progression", new[] { "pred_bmi", "pred_all" }, options);
        foreach (var (f, n) in fused.Table.Zip(native.Table))
            foreach (var model in f.ValueByModel.Keys)
                Assert.Equal(n.ValueByModel[model], f.ValueByModel[model], 9);
    }

    [Fact]
    public void TopSamplesAreTheLargestPerSampleLossesWithTheirLines()
    {
        var path = Csv("top.csv", "y,p\n0,0.1\n0,3\n0,-0.5\n0,1\n");
        var result = LossComparison.Compare(path, "y", new[] { "p" }, With("mse") with { TopK = 2 });
        var top = Assert.Single(result.Top).Samples;
        Assert.Equal(new[] { path + ", line 3", path + ", line 5" }, top.Select(s => s.Location));   // residuals 3 and 1
        Assert.Equal(new[] { 1L, 3L }, top.Select(s => s.Row));
        Assert.Equal(9.0, top[0].Loss, 12);
        Assert.Equal(9.0 / (0.01 + 9 + 0.25 + 1), top[0].Share, 12);
        Assert.Equal(3.0, top[0].Abscissa, 12);
    }

    [Fact]
    public void RobustnessStartsAtTheCleanValueAndTheRobustLossMovesLeast()
    {
        var rows = Enumerable.Range(0, 200).Select(i => $"{i % 7},{i % 7 + 0.1 * ((i * 37) % 11 - 5)}");
        var result = LossComparison.Compare(Csv("robust.csv", "y,p\n" + string.Join("\n", rows)), "y", new[] { "p" }, With("mse", "mae", "tukey"));
        foreach (var row in result.Robustness)
            Assert.Equal(result.Table.Single(t => t.Loss == row.Loss).ValueByModel["p"], row.Values[0], 10);
        double Moved(string loss) => result.Robustness.Single(r => r.Loss.StartsWith(loss)).Ratios[^1];
        Assert.True(Moved("mse") > Moved("l1"), $"mse moved ×{Moved("mse")}, l1 ×{Moved("l1")}");
        // Tukey's biweight saturates at c²/6 (c = 4.685): a corrupted sample adds at most that much, however far it lies.
        var tukey = result.Robustness.Single(r => r.Loss.StartsWith("tukey"));
        for (var f = 1; f < tukey.Fractions.Length; f++)
            Assert.True(tukey.Values[f] - tukey.Values[0] <= tukey.Fractions[f] * 4.685 * 4.685 / 6 + 1e-9, $"tukey at {tukey.Fractions[f]}: {tukey.Values[f]}");
    }

    [Fact]
    public void BinaryScoresAreDetectedAndEqualTheLibrary()
    {
        var path = Csv("binary.csv", "label,good,bad\n1,0.9,0.4\n0,0.2,0.7\n1,0.8,0.5\n0,0.1,0.3\n");
        var result = LossComparison.Compare(path, "label", ModelColumns.FromScores(new[] { "good", "bad" }), fromScores: true);
        Assert.Equal((AnalysisTask.Binary, ScoreKind.Probabilities), (result.Task.Task, result.Task.Scores));
        Assert.Contains("probabilities", result.Task.Reason);
        var p = tensor(new[] { 0.9, 0.2, 0.8, 0.1 });
        var y = tensor(new[] { 1.0, 0, 1, 0 });
        Assert.Equal(Functional.BinaryCrossEntropy(p, y).item<double>(), result.Table.Single(r => r.Loss == "binary_cross_entropy").ValueByModel["good"], 9);
        Assert.Equal("good", result.Table[0].Best);
        // soft margin on logits with ±1 labels is the logistic loss: the same number as BCE
        Assert.Equal(result.Table[0].ValueByModel["good"], result.Table.Single(r => r.Loss == "soft_margin_loss").ValueByModel["good"], 9);
    }

    [Fact]
    public void PredictionsOfAZeroOneTargetInTheUnitIntervalAreBinaryUnlessOverridden()
    {
        var path = Csv("zeroone.csv", "y,p\n1,0.9\n0,0.2\n");
        Assert.Equal(AnalysisTask.Binary, LossComparison.Compare(path, "y", new[] { "p" }).Task.Task);
        Assert.Equal(AnalysisTask.Regression, LossComparison.Compare(path, "y", new[] { "p" }, new ComparisonOptions { Task = AnalysisTask.Regression }).Task.Task);
    }

    [Fact]
    public void MultiClassLogitsEqualTheLibrary()
    {
        var path = Csv("multi.csv", "label,a0,a1,a2\n0,2,0.5,-1\n2,0.1,0.2,3\n1,1,1.5,0\n");
        var result = LossComparison.Compare(path, "label", ModelColumns.FromScores(new[] { "m=a0,a1,a2" }), fromScores: true, With("ce", "nll", "multi_margin"));
        Assert.Equal((AnalysisTask.MultiClass, ScoreKind.Logits, 3), (result.Task.Task, result.Task.Scores, result.Task.Classes));
        var logits = tensor(new[] { 2.0, 0.5, -1, 0.1, 0.2, 3, 1, 1.5, 0 }).reshape(3, 3);
        var labels = tensor(new long[] { 0, 2, 1 });
        var ce = Functional.CrossEntropy(logits, labels).item<double>();
        Assert.Equal(ce, result.Table[0].ValueByModel["m"], 9);
        Assert.Equal(ce, result.Table[1].ValueByModel["m"], 9);  // nll over log-softmax is cross-entropy
        Assert.True(result.Distribution["m"].All(m => m > 0), "every sample is classified right: positive margins");
    }

    [Fact]
    public void LabelsOutsideTheClassRangeAndProbabilitiesOutsideTheUnitIntervalAreNamed()
    {
        var labels = Csv("labels.csv", "label,a0,a1,a2\n0,1,2,3\n3,1,2,3\n");
        Assert.Contains("line 3, column 'label': label 3 is not a class index in 0…2",
            Assert.Throws<InvalidDataException>(() => LossComparison.Compare(labels, "label", ModelColumns.FromScores(new[] { "a0,a1,a2" }), true)).Message);
        var probabilities = Csv("prob.csv", "y,p\n1,0.5\n0,1.5\n");
        Assert.Contains("line 3, column 'p': probability 1.5 is outside [0, 1]",
            Assert.Throws<InvalidDataException>(() => LossComparison.Compare(probabilities, "y", ModelColumns.FromScores(new[] { "p" }), true,
                new ComparisonOptions { Scores = ScoreKind.Probabilities })).Message);
    }

    [Fact]
    public void TsvIsReadByExtension()
    {
        var path = Csv("small.tsv", "y\tp\n1\t2\n3\t3\n");
        Assert.Equal(0.5, LossComparison.Compare(path, "y", new[] { "p" }, With("mse")).Table[0].ValueByModel["p"], 12);
    }

    [Fact]
    public void AbsentColumnListsTheColumns()
    {
        var e = Assert.Throws<ArgumentException>(() => LossComparison.Compare(Csv("c.csv", "y,p\n1,2\n"), "y", new[] { "q" }));
        Assert.Contains("no column 'q'; the columns are y, p", e.Message);
    }

    [Fact]
    public void NonNumericValueNamesFileLineAndColumn()
    {
        var e = Assert.Throws<InvalidDataException>(() => LossComparison.Compare(Csv("n.csv", "y,p\n1,2\n3,abc\n"), "y", new[] { "p" }));
        Assert.EndsWith("n.csv, line 3, column 'p': 'abc' is not a number", e.Message);
    }

    [Fact]
    public void ARowWithFewerFieldsThanTheHeaderIsNamed()
    {
        var e = Assert.Throws<InvalidDataException>(() => LossComparison.Compare(Csv("short.csv", "y,p,q\n1,2,3\n4,5\n"), "y", new[] { "p" }));
        Assert.EndsWith("short.csv, line 3: 2 fields, but the header has 3", e.Message);
    }

    [Fact]
    public void EmptyAndHeaderOnlyFilesAreErrors()
    {
        Assert.Contains("the file is empty", Assert.Throws<InvalidDataException>(() => LossComparison.Compare(Csv("e.csv", ""), "y", new[] { "p" })).Message);
        Assert.Contains("header but no data rows", Assert.Throws<InvalidDataException>(() => LossComparison.Compare(Csv("h.csv", "y,p\n"), "y", new[] { "p" })).Message);
    }

    [Fact]
    public void MissingValuesFailOrAreDroppedAndCounted()
    {
        var path = Csv("m.csv", "y,p\n1,2\n3,\n5,5\n");
        Assert.Contains("line 3, column 'p': missing value", Assert.Throws<InvalidDataException>(() => LossComparison.Compare(path, "y", new[] { "p" })).Message);
        var result = LossComparison.Compare(path, "y", new[] { "p" }, With("mae") with { Missing = MissingValuePolicy.Drop });
        Assert.Equal((2, 1), (result.Rows, result.RowsDropped));
        Assert.Equal(1, result.Columns.Single(c => c.Name == "p").Missing);
        Assert.Equal(0.5, result.Table[0].ValueByModel["p"], 12);
        Assert.Equal(new[] { path + ", line 2", path + ", line 4" }, result.Top[0].Samples.Select(s => s.Location).Order());
    }

    [Fact]
    public void LossesThatDoNotFitTheTaskAreRefusedWithTheOnesThatDo()
    {
        var message = Assert.Throws<ArgumentException>(() => LossComparison.Compare(Csv("c2.csv", "y,p\n1,2\n"), "y", new[] { "p" }, With("ce"))).Message;
        Assert.Contains("cross_entropy does not apply to Regression data; losses for it: ", message);
        Assert.Contains("mse_loss", message);
        Assert.DoesNotContain("cross_entropy,", message);
    }

    [Fact]
    public void EveryPairwiseRegressionLossDeclaredInTheCatalogReachesTheComparison()
    {
        var declared = LossCatalog.All.Where(l => l.Task == LossTask.Regression && l.IsPairwise).Select(l => l.Name).ToList();
        Assert.Contains("gaussian_nll_loss", LossCatalog.All.Select(l => l.Name));
        Assert.Equal(declared, LossEvaluator.SupportedLosses(AnalysisTask.Regression));
        Assert.Superset(new HashSet<string> { "mse_loss", "l1_loss", "huber_loss", "barron_loss", "poisson_nll_loss" }, declared.ToHashSet());
        var path = Csv("all.csv", "y,p\n1,1.5\n2,2.5\n3,2\n");
        var report = LossComparison.Compare(path, "y", new[] { "p" }, new ComparisonOptions { Losses = declared });
        Assert.Equal(declared.Count, report.Table.Count);
    }

    [Fact]
    public void ReportsExportEveryNumberAsJsonAndTheTableAsCsv()
    {
        var path = Csv("esc.csv", "y,<b>x</b>\n1,2\n3,3\n");
        var report = LossComparison.Compare(path, "y", new[] { "<b>x</b>" }, With("mse"));
        Assert.Contains("mse_loss,<b>x</b>,0.5,true", ReportExport.ToCsv(report));
        var json = JsonDocument.Parse(ReportExport.ToJson(report)).RootElement;
        Assert.Equal(0.5, json.GetProperty("table")[0].GetProperty("value_by_model").GetProperty("<b>x</b>").GetDouble(), 12);
    }

    [Fact]
    public void TrainingStudyPrefersTheRobustLossOnDataWithOutliers()
    {
        var random = new Random(3);
        var lines = Enumerable.Range(0, 200).Select(i =>
        {
            var x = random.NextDouble() * 4 - 2;
            var y = 2 * x + 1 + 0.1 * (random.NextDouble() - 0.5) + (i % 10 == 0 ? 40 : 0);   // 10 % gross outliers
            return FormattableString.Invariant($"{x},{y}");
        });
        var report = TrainingStudy.Run(Csv("train.csv", "x,y\n" + string.Join("\n", lines)), "y", new[] { "x" },
            new TrainingOptions { Losses = new[] { "mse", "mae" }, Epochs = 300 });
        Assert.Equal(AnalysisTask.Regression, report.Task.Task);
        Assert.Equal((160, 40), (report.TrainRows, report.TestRows));
        Assert.Equal(4, report.Fits.Count);
        double Median(string loss) => report.Fits.Single(f => f.Loss == loss && f.Model == "linear").Metrics["abs_err_q50"];
        Assert.True(Median("l1_loss") < Median("mse_loss"), $"median |error|: mae-trained {Median("l1_loss")}, mse-trained {Median("mse_loss")}");
    }

    [Fact]
    public void TrainingStudyScoresClassifiers()
    {
        var data = Path.Combine(TestRepository.Root(), "data", "iris-scores.csv");
        var report = TrainingStudy.Run(data, "species", new[] { "sepal_length", "sepal_width", "petal_length", "petal_width" },
            new TrainingOptions { Losses = new[] { "ce" }, Epochs = 200 });
        Assert.Equal((AnalysisTask.MultiClass, 3), (report.Task.Task, report.Task.Classes));
        Assert.All(report.Fits, f => Assert.True(f.Metrics["accuracy"] > 0.85, $"{f.Model}: accuracy {f.Metrics["accuracy"]}"));
        Assert.All(report.Fits, f => Assert.InRange(f.Metrics["auc"], 0.9, 1.0));
    }

    [Fact]
    public void AucCountsTiesAsHalf()
    {
        Assert.Equal(1.0, Metrics.Auc(new[] { 0.1, 0.2, 0.8, 0.9 }, new[] { false, false, true, true }));
        Assert.Equal(0.5, Metrics.Auc(new[] { 0.5, 0.5 }, new[] { false, true }));
        Assert.Equal(0.75, Metrics.Auc(new[] { 0.1, 0.4, 0.35, 0.8 }, new[] { false, false, true, true }), 12);
    }
}
