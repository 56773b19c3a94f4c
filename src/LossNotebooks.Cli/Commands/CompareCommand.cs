using System.CommandLine;
using System.Globalization;
using LossNotebooks.Analysis;
using LossNotebooks.Analysis.Reports;
using LossNotebooks.Formatting.Reports;
using Spectre.Console;

namespace LossNotebooks.Cli.Commands;

/// <summary>
/// <c>lossnb compare data.csv --target y (--pred a,b | --scores [name=]p0,p1,p2 ...) [--loss SPEC]... [--html F] [--json F] [--csv F]</c>,
/// and the training study <c>lossnb compare data.csv --target y --features a,b,c --train</c>.
/// </summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A CSV or TSV file" };
        var target = new Option<string>("--target") { Description = "The target (or label) column", Required = true };
        var predictions = new Option<string[]>("--pred") { Description = "Prediction columns, one per model (repeat, or comma-separated)" };
        var scores = new Option<string[]>("--scores") { Description = "Class-score columns of one model, [name=]p0,p1,p2 (one column for binary); repeat per model" };
        var task = new Option<AnalysisTask?>("--task") { Description = "Regression, Binary or MultiClass (default: detected and reported)" };
        var scoresAs = new Option<ScoreKind?>("--scores-as") { Description = "Logits or Probabilities (default: detected)" };
        var losses = new Option<string[]>("--loss") { Description = "A loss spec such as huber(delta=2); repeat (a spec may contain commas). Default: the task's set" };
        var missing = new Option<MissingValuePolicy>("--missing") { Description = "Rows with missing values: Fail (default) or Drop", DefaultValueFactory = _ => MissingValuePolicy.Fail };
        var top = new Option<int>("--top") { Description = "Samples listed per loss and model", DefaultValueFactory = _ => 5 };
        var html = new Option<string?>("--html") { Description = "Write the report as a standalone offline HTML file" };
        var json = new Option<string?>("--json") { Description = "Write every number of the report as JSON" };
        var csv = new Option<string?>("--csv") { Description = "Write the loss table as CSV (loss,model,value,best)" };
        var features = new Option<string[]>("--features") { Description = "Feature columns for --train (comma-separated or repeated)" };
        var train = new Option<bool>("--train") { Description = "Fit a linear model and a small MLP under each loss and score them on held-out rows" };
        var command = new Command("compare", "Compare how losses judge models on your data, or which loss to train with (--train)")
            { file, target, predictions, scores, task, scoresAs, losses, missing, top, html, json, csv, features, train };
        command.SetAction(parse =>
        {
            try
            {
                if (parse.GetValue(train))
                {
                    var featureColumns = Split(parse.GetValue(features));
                    var study = ConsoleProgress.Run("Training under each loss", say => TrainingStudy.Run(parse.GetValue(file)!, parse.GetValue(target)!, featureColumns,
                        new TrainingOptions { Losses = parse.GetValue(losses), Task = parse.GetValue(task), Missing = parse.GetValue(missing) }));
                    ShowStudy(study);
                    var files = new List<(string, string)>();
                    if (parse.GetValue(html) is { } h) files.Add((h, TrainingStudyHtml.ToDocument(study)));
                    if (parse.GetValue(json) is { } j) files.Add((j, ReportExport.ToJson(study)));
                    ReportExport.WriteAll(files);
                    return 0;
                }
                var fromScores = parse.GetValue(scores) is { Length: > 0 };
                if (fromScores && parse.GetValue(predictions) is { Length: > 0 }) throw new ArgumentException("give --pred (regression) or --scores (classification), not both");
                var models = fromScores ? ModelColumns.FromScores(parse.GetValue(scores)!) : ModelColumns.FromPredictions(parse.GetValue(predictions) ?? Array.Empty<string>());
                var options = new ComparisonOptions
                {
                    Losses = parse.GetValue(losses),
                    Missing = parse.GetValue(missing),
                    Task = parse.GetValue(task),
                    Scores = parse.GetValue(scoresAs),
                    TopK = parse.GetValue(top),
                };
                var path = parse.GetValue(file)!;
                var report = new FileInfo(path) is { Exists: true, Length: > 50_000_000 }
                    ? ConsoleProgress.Run($"Reading {Path.GetFileName(path)}", say => LossComparison.Compare(path, parse.GetValue(target)!, models, fromScores,
                        options with { Progress = (done, total) => say($"{100.0 * done / total:F0} % of {total / 1e6:F0} MB") }))
                    : LossComparison.Compare(path, parse.GetValue(target)!, models, fromScores, options);
                ShowReport(report);
                ReportFiles.Write(report, parse.GetValue(html), parse.GetValue(json), parse.GetValue(csv));
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or FormatException or IOException)
            {
                Console.Error.WriteLine($"lossnb compare: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    static List<string> Split(IEnumerable<string>? values) =>
        (values ?? Array.Empty<string>()).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    static void ShowReport(ComparisonReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("loss");
        foreach (var model in report.Models) table.AddColumn(Markup.Escape(model.Name));
        foreach (var row in report.Table)
            table.AddRow(new[] { Markup.Escape(row.Loss) }.Concat(report.Models.Select(m =>
            {
                var text = row.ValueByModel[m.Name].ToString("G5", CultureInfo.InvariantCulture);
                return m.Name == row.Best ? $"[bold green]{text}[/]" : text;
            })).ToArray());
        AnsiConsole.Write(table);
        Console.WriteLine($"task: {report.Task.Reason}");
        Console.WriteLine($"{report.Rows} rows used of {report.RowsRead}, {report.RowsDropped} dropped for missing values; best per loss in bold");
        Console.WriteLine($"columns: {string.Join(", ", report.Columns.Select(c => $"{c.Name} ({c.Kind})"))}");
        Console.WriteLine($"time: parse {report.Timings.ParseSeconds:F2} s, losses {report.Timings.LossSeconds:F2} s, study {report.Timings.StudySeconds:F2} s");
    }

    static void ShowStudy(TrainingStudyReport study)
    {
        var best = study.BestPerMetric;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("loss").AddColumn("model");
        foreach (var m in study.MetricNames) table.AddColumn(Markup.Escape(m) + (TrainingStudyReport.HigherIsBetter(m) ? " ↑" : " ↓"));
        foreach (var fit in study.Fits)
            table.AddRow(new[] { Markup.Escape(fit.Loss), fit.Model }.Concat(study.MetricNames.Select(m =>
            {
                var text = fit.Metrics[m].ToString("G4", CultureInfo.InvariantCulture);
                return ReferenceEquals(best[m], fit) ? $"[bold green]{text}[/]" : text;
            })).ToArray());
        AnsiConsole.Write(table);
        Console.WriteLine($"task: {study.Task.Reason}; trained on {study.TrainRows} rows, scored on {study.TestRows} held-out rows; best per metric in bold");
    }
}
