using System.CommandLine;
using System.Text.Json;
using LossNotebooks.Losses;
using Spectre.Console;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb losses [NAME] [--json | --markdown]</c>: the loss catalog in the terminal, as JSON, or as the Markdown reference.</summary>
public static class LossesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "A loss name or alias to show in detail", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Write JSON for tools instead of a table" };
        var markdown = new Option<bool>("--markdown") { Description = "Write the Markdown reference of every loss (docs/loss-reference.md)" };
        var command = new Command("losses", "List the loss catalog, or show one loss with its formula") { name, json, markdown };
        command.SetAction(parse =>
        {
            if (!parse.GetValue(markdown)) return Run(parse.GetValue(name), parse.GetValue(json));
            Console.Out.Write(LossReference.Markdown());
            return 0;
        });
        return command;
    }

    static int Run(string? name, bool json)
    {
        LossInfo? one = null;
        if (name is not null)
        {
            one = LossCatalog.TryFind(name);
            if (one is null)
            {
                Console.Error.WriteLine($"lossnb losses: unknown loss '{name}'. Valid names: {string.Join(", ", LossCatalog.All.Select(l => l.Name))}");
                return 2;
            }
        }
        var losses = one is null ? LossCatalog.All : new[] { one };
        if (json) Console.WriteLine(JsonSerializer.Serialize(losses.Select(ToJson), new JsonSerializerOptions { WriteIndented = true }));
        else if (one is not null) ShowOne(one);
        else ShowTable(losses);
        return 0;
    }

    static object ToJson(LossInfo l) => new
    {
        name = l.Name,
        display_name = l.DisplayName,
        category = l.Category.ToString(),
        task = l.Task.ToString(),
        formula = l.Formula.Latex,
        properties = l.Properties.ToString().Split(", "),
        use_when = l.UseWhen,
        inputs = l.Inputs,
        aliases = l.Aliases,
        torch = l.TorchName,
        options = l.Options.Select(o => new { name = o.Name, @default = o.DefaultText, range = o.Range, description = o.Description }),
    };

    static string Options(LossInfo l) => l.Options.Count == 0 ? "—" : string.Join(", ", l.Options.Select(o => $"{o.Name}={o.DefaultText}"));

    static void ShowTable(IEnumerable<LossInfo> losses)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Name", "Category", "Options (defaults)", "Use when");
        foreach (var l in losses)
            table.AddRow(Markup.Escape(l.Name), l.Category.ToString(), Markup.Escape(Options(l)), Markup.Escape(l.UseWhen));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]{LossCatalog.All.Count} losses. Aliases: {Markup.Escape(string.Join(", ", LossCatalog.Aliases.Keys.Order()))}[/]");
    }

    static void ShowOne(LossInfo l)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string key, string value) => grid.AddRow($"[bold]{key}[/]", Markup.Escape(value));
        Row("Name", l.Name);
        Row("Display name", l.DisplayName);
        Row("Category / task", $"{l.Category} / {l.Task}");
        Row("Formula (LaTeX)", l.Formula.Latex);
        Row("Inputs", string.Join(", ", l.Inputs));
        Row("Properties", l.Properties.ToString());
        Row("Use when", l.UseWhen);
        Row("Aliases", l.Aliases.Count == 0 ? "—" : string.Join(", ", l.Aliases));
        Row("PyTorch", l.TorchName ?? "— (not in torch.nn)");
        foreach (var o in l.Options) Row($"  {o.Name}", $"default {o.DefaultText}; {o.Range}; {o.Description}");
        AnsiConsole.Write(new Panel(grid).Header(Markup.Escape(l.DisplayName)));
    }
}
