using System.CommandLine;
using System.Net;
using System.Text;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Interpreters;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Kernel.Cells;

/// <summary>
/// <c>#!who</c> (the variables' names) and <c>#!whos</c> (name, type and a short value, as a table) of the cell's
/// language; <c>--all</c> lists every language's (a language not used yet has none).
/// </summary>
public sealed class WhoMagic(bool detailed) : IMagicHandler
{
    static readonly Option<bool> All = new("--all") { Description = "every language's variables" };
    readonly Command command = new(detailed ? "whos" : "who") { All };

    /// <summary><c>#!who</c>.</summary>
    public static WhoMagic Who { get; } = new(false);

    /// <summary><c>#!whos</c>.</summary>
    public static WhoMagic Whos { get; } = new(true);

    /// <inheritdoc />
    public IReadOnlyList<string> Names => new[] { command.Name };

    /// <inheritdoc />
    public string Summary => MagicArguments.Usage(command) + (detailed ? ": the variables with their types and values" : ": the variables' names");

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        var all = MagicArguments.Parse(command, line).GetValue(All);
        plan.Consume(line.Line);
        plan.Steps.Add(run =>
        {
            var languages = all ? run.Pipeline.Interpreters : new[] { run.Interpreter };
            var rows = languages.SelectMany(i => i.Variables().Select(v => (Language: i.Language.Name, Variable: v))).ToList();
            run.Output.Display(detailed ? Table(rows, all) : Names_(rows, all), null, update: false);
        });
    }

    static MimeBundle Names_(IReadOnlyList<(string Language, VariableInfo Variable)> rows, bool all)
    {
        var text = rows.Count == 0 ? "(no variables)" : string.Join(all ? "\n" : "\t",
            rows.GroupBy(r => r.Language).Select(g => (all ? g.Key + ": " : "") + string.Join("\t", g.Select(r => r.Variable.Name))));
        return MimeBundle.Of(("text/plain", text));
    }

    static MimeBundle Table(IReadOnlyList<(string Language, VariableInfo Variable)> rows, bool all)
    {
        var html = new StringBuilder("<table><thead><tr>").Append(all ? "<th>Language</th>" : "").Append("<th>Name</th><th>Type</th><th>Value</th></tr></thead><tbody>");
        var text = new StringBuilder();
        foreach (var (language, variable) in rows)
        {
            var type = CSharpTypeName.Short(variable.Type);
            var value = Short(variable.Value);
            html.Append("<tr>").Append(all ? $"<td>{language}</td>" : "")
                .Append($"<td>{WebUtility.HtmlEncode(variable.Name)}</td><td>{WebUtility.HtmlEncode(type)}</td><td>{WebUtility.HtmlEncode(value)}</td></tr>");
            text.AppendLine($"{(all ? language + "\t" : "")}{variable.Name}\t{type}\t{value}");
        }
        html.Append("</tbody></table>");
        return rows.Count == 0 ? MimeBundle.Of(("text/plain", "(no variables)")) : MimeBundle.Of(("text/html", html.ToString()), ("text/plain", text.ToString().TrimEnd()));
    }

    /// <summary>The value's plain text, on one line, at most 80 characters.</summary>
    static string Short(object? value)
    {
        string text;
        try { text = value is null ? "null" : value.ToDisplayString("text/plain"); }
        catch (Exception e) { text = $"<{e.GetType().Name}>"; }
        text = string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length <= 80 ? text : text[..79] + "…";
    }
}

/// <summary><c>#!lsmagic</c>: every magic this kernel supports, with its usage, and the reference directives.</summary>
public sealed class LsMagicMagic : IMagicHandler
{
    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = new[] { "lsmagic" };

    /// <inheritdoc />
    public string Summary => "#!lsmagic: list the supported magics";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        plan.Consume(line.Line);
        plan.Steps.Add(run =>
        {
            var rows = run.Pipeline.Handlers.Select(h => (Names: string.Join(", ", h.Names.Select(n => "#!" + n)), Summary: h.Summary))
                .Append((Names: "#r", Summary: "#r \"nuget: Name, Version\", #r \"project: path.csproj\", #r \"path.dll\": reference a package, project or assembly"))
                .Concat(run.Pipeline.ExtensionMagics.Select(m => (Names: "#!" + m.Name, Summary: $"{m.Description} (added by a .NET Interactive extension)")))
                .ToList();
            var html = new StringBuilder("<table><thead><tr><th>Magic</th><th>What it does</th></tr></thead><tbody>");
            foreach (var (names, summary) in rows) html.Append($"<tr><td><code>{WebUtility.HtmlEncode(names)}</code></td><td>{WebUtility.HtmlEncode(summary)}</td></tr>");
            html.Append("</tbody></table>");
            var text = string.Join("\n", rows.Select(r => $"{r.Names,-28} {r.Summary}"));
            run.Output.Display(MimeBundle.Of(("text/html", html.ToString()), ("text/plain", text)), null, update: false);
        });
    }
}

/// <summary><c>#!about</c>: the kernel, its version, the runtime and the languages.</summary>
public sealed class AboutMagic : IMagicHandler
{
    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = new[] { "about" };

    /// <inheritdoc />
    public string Summary => "#!about: the kernel's version, runtime and languages";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        plan.Consume(line.Line);
        plan.Steps.Add(run =>
        {
            var version = ProductVersion.Current;
            var languages = run.Pipeline.Interpreters.Select(i => $"{i.Language.Name} {i.Language.Version} (#!{string.Join(", #!", i.Language.Language.Names)})").ToList();
            var text = $"LossNotebooks kernel {version}\n.NET {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}\n" +
                       $"Languages: {string.Join("; ", languages)}";
            var html = $"<p><b>LossNotebooks kernel {version}</b><br>.NET {Environment.Version} on {WebUtility.HtmlEncode(System.Runtime.InteropServices.RuntimeInformation.OSDescription)}</p>" +
                       $"<ul>{string.Concat(languages.Select(l => $"<li>{WebUtility.HtmlEncode(l)}</li>"))}</ul>";
            run.Output.Display(MimeBundle.Of(("text/html", html), ("text/plain", text)), null, update: false);
        });
    }
}
