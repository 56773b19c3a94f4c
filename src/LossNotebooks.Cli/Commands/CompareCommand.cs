using System.CommandLine;
using System.Globalization;
using LossNotebooks.Analysis;
using LossNotebooks.Analysis.Data;
using LossNotebooks.Analysis.Reports;
using LossNotebooks.Formatting.Reports;
using Spectre.Console;

namespace LossNotebooks.Cli.Commands;

/// <summary>
/// <c>lossnb compare DATA --target y (--pred a,b | --scores [name=][class:]p0,… ...) [--loss SPEC]... [--html F] [--json F] [--csv F]</c>
/// on a CSV of any dialect, Parquet or JSON lines (a file, folder or glob); the training study
/// <c>lossnb compare DATA --target y --features a,b,c --train</c>; and <c>lossnb compare --merge a.json b.json …</c>, the
/// report of partitions' reports.
/// </summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string?>("data")
        {
            Description = "A CSV/TSV (any delimiter, quoting, decimal comma; .gz too), Parquet or JSON-lines file, a folder of them, or a glob",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var target = new Option<string?>("--target") { Description = "The target (or label) column: numbers, class indices or class names" };
        var predictions = new Option<string[]>("--pred") { Description = "Prediction columns, one per model (repeat, or comma-separated)" };
        var scores = new Option<string[]>("--scores")
        {
            Description = "Class-score columns of one model, [name=]p0,p1,p2 or [name=]class:column,… (one column for binary); repeat per model",
        };
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
        var delimiter = new Option<string?>("--delimiter") { Description = "The CSV field delimiter: a character, or tab (default: detected)" };
        var decimalSeparator = new Option<string?>("--decimal") { Description = "The CSV decimal separator, . or , (default: detected)" };
        var threads = new Option<int?>("--threads") { Description = "Threads reading the data (default: all cores)" };
        var memoryLimit = new Option<string>("--memory-limit") { Description = "Memory the reader may use before spilling to disk", DefaultValueFactory = _ => "512MB" };
        var tempDirectory = new Option<string?>("--temp-directory") { Description = "Where the reader spills (default: a fresh temporary folder)" };
        var merge = new Option<string[]>("--merge") { Description = "Merge the --json reports of partitions of one data set", AllowMultipleArgumentsPerToken = true };
        var command = new Command("compare", "Compare how losses judge models on your data, or which loss to train with (--train)")
            { file, target, predictions, scores, task, scoresAs, losses, missing, top, html, json, csv, features, train, delimiter, decimalSeparator, threads, memoryLimit, tempDirectory, merge };
        command.SetAction(parse =>
        {
            try
            {
                if (parse.GetValue(merge) is { Length: > 0 } parts)
                {
                    var merged = ComparisonMerge.Merge(parts.Select(p => ReportExport.ComparisonFromJson(File.ReadAllText(p), p)).ToList(), parts);
                    ShowReport(merged);
                    ReportFiles.Write(merged, parse.GetValue(html), parse.GetValue(json), parse.GetValue(csv));
                    return 0;
                }
                var path = parse.GetValue(file) ?? throw new ArgumentException("name the data (a file, folder or glob), or --merge reports");
                var targetColumn = parse.GetValue(target) ?? throw new ArgumentException("name the target column (--target)");
                var read = new DataReadOptions
                {
                    Delimiter = Character(parse.GetValue(delimiter), "--delimiter"),
                    Decimal = parse.GetValue(decimalSeparator) switch
                    {
                        null => null,
                        "." => '.',
                        "," => ',',
                        var other => throw new ArgumentException($"--decimal takes . or ,; got '{other}'"),
                    },
                    Threads = parse.GetValue(threads) ?? Environment.ProcessorCount,
                    MemoryLimit = parse.GetValue(memoryLimit)!,
                    TempDirectory = parse.GetValue(tempDirectory),
                };
                if (parse.GetValue(train))
                {
                    var featureColumns = Split(parse.GetValue(features));
                    var study = ConsoleProgress.Track(progress => TrainingStudy.Run(path, targetColumn, featureColumns,
                        new TrainingOptions { Losses = parse.GetValue(losses), Task = parse.GetValue(task), Missing = parse.GetValue(missing), Read = read, Progress = progress }));
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
                var report = ConsoleProgress.Track(progress => LossComparison.Compare(path, targetColumn, models, fromScores, new ComparisonOptions
                {
                    Losses = parse.GetValue(losses),
                    Missing = parse.GetValue(missing),
                    Task = parse.GetValue(task),
                    Scores = parse.GetValue(scoresAs),
                    TopK = parse.GetValue(top),
                    Read = read,
                    Progress = progress,
                }));
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

    static char? Character(string? value, string option) => value switch
    {
        null => null,
        "tab" or "\\t" or "\t" => '\t',
        { Length: 1 } => value[0],
        _ => throw new ArgumentException($"{option} takes one character (or tab); got '{value}'"),
    };

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
        if (report.Description is { } description) Console.WriteLine($"read: {description}");
        Console.WriteLine($"task: {report.Task.Reason}");
        if (report.Task.ClassesNote is { } mapping) Console.WriteLine($"classes: {mapping}");
        Console.WriteLine($"{report.Rows} rows used of {report.RowsRead}, {report.RowsDropped} dropped for missing values; best per loss in bold");
        Console.WriteLine($"columns: {string.Join(", ", report.Columns.Select(c => $"{c.Name} ({c.Kind})"))}");
        Console.WriteLine(ComparisonReportHtml.SampleNote(report));
        Console.WriteLine($"time: reading and losses {report.Timings.PassSeconds:F2} s, study {report.Timings.StudySeconds:F2} s");
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
        Console.WriteLine($"task: {study.Task.Reason}; trained on {study.TrainRows} rows, scored on {study.TestRows} held-out rows" +
                          (study.RowsRead > study.TrainRows + study.TestRows ? $" (a seeded sample of the {study.RowsRead} rows)" : "") + "; best per metric in bold");
    }
}
