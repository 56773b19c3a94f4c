using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LossNotebooks.Analysis;
using Spectre.Console;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb compare data.csv --target y --pred a --pred b [--loss SPEC]... [--json FILE] [--missing drop]</c>.</summary>
public static class CompareCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A CSV or TSV file" };
        var target = new Option<string>("--target") { Description = "The target column", Required = true };
        var predictions = new Option<string[]>("--pred") { Description = "Prediction columns (repeat, or comma-separated)", AllowMultipleArgumentsPerToken = true };
        var losses = new Option<string[]>("--loss") { Description = "Loss specs such as huber(delta=2) (repeat; default: a regression set)" };
        var json = new Option<string?>("--json") { Description = "Also write the numbers as JSON to this file" };
        var missing = new Option<MissingValuePolicy>("--missing") { Description = "Rows with missing values: Fail (default) or Drop", DefaultValueFactory = _ => MissingValuePolicy.Fail };
        var command = new Command("compare", "Compare how losses judge several models' predictions on your data (regression for now)")
            { file, target, predictions, losses, json, missing };
        command.SetAction(parse =>
        {
            var models = (parse.GetValue(predictions) ?? Array.Empty<string>()).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            ComparisonResult result;
            try { result = LossComparison.Compare(parse.GetValue(file)!, parse.GetValue(target)!, models, parse.GetValue(losses), parse.GetValue(missing)); }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or FormatException)
            {
                Console.Error.WriteLine($"lossnb compare: {e.Message}");
                return 2;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("loss");
            foreach (var model in result.Models) table.AddColumn(Markup.Escape(model));
            foreach (var row in result.Table)
                table.AddRow(new[] { Markup.Escape(row.Loss) }.Concat(result.Models.Select(m =>
                {
                    var text = row.ValueByModel[m].ToString("G5", CultureInfo.InvariantCulture);
                    return m == row.Best ? $"[bold green]{text}[/]" : text;
                })).ToArray());
            AnsiConsole.Write(table);
            Console.WriteLine($"task: regression (target '{result.Target}'); {result.Rows} rows used, {result.RowsDropped} dropped for missing values; best per row in bold");
            if (parse.GetValue(json) is { } path)
                File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
