using System.CommandLine;
using System.Text.Json;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using Microsoft.DotNet.Interactive.Formatting;

namespace LossNotebooks.Kernel.Cells;

/// <summary>
/// <c>#!share --from LANG NAME [--as X] [--mime-type M]</c>: a variable of another language becomes a variable of the
/// cell's language. Both run in one process, so the object itself is shared; it arrives with its declared type where
/// the cell's language can name that type (a framework, package or project type: a TorchSharp tensor is the same
/// tensor), else as <c>object</c> (a type a cell declared). With <c>--mime-type application/json</c> it arrives as
/// a <see cref="JsonElement"/> copy (a string is read as JSON text); with another mime type, as the formatter's text for it.
/// </summary>
public sealed class ShareMagic : IMagicHandler
{
    static readonly Option<string> From = new("--from") { Description = "the language (or value) to take the variable from", Required = true };
    static readonly Option<string?> As = new("--as") { Description = "the name in this cell's language (default: the same)" };
    static readonly Argument<string> Name = new("name") { Description = "the variable" };
    static readonly Command Command = new("share", "share a variable of another language") { From, As, Name, SharedValues.MimeType };

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = new[] { "share" };

    /// <inheritdoc />
    public string Summary => MagicArguments.Usage(Command) + ": take a variable of another language";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        var arguments = MagicArguments.Parse(Command, line);
        var (from, name, target, mime) = (arguments.GetValue(From)!, arguments.GetValue(Name)!, arguments.GetValue(As), arguments.GetValue(SharedValues.MimeType));
        plan.Consume(line.Line);
        plan.Steps.Add(run =>
        {
            var (value, type) = SharedValues.Read(run.Pipeline, from, name);
            SharedValues.Write(run.Interpreter, target ?? name, value, type, mime);
        });
    }
}

/// <summary>
/// <c>#!set --name X --value V [--mime-type M]</c>: sets a variable of the cell's language to a literal string, or to
/// another language's variable written <c>@LANG:NAME</c> (as <c>#!share</c> does).
/// </summary>
public sealed class SetMagic : IMagicHandler
{
    static readonly Option<string> Name = new("--name") { Description = "the variable to set", Required = true };
    static readonly Option<string> Value = new("--value") { Description = "a literal, or @LANG:NAME for another language's variable", Required = true };
    static readonly Command Command = new("set", "set a variable") { Name, Value, SharedValues.MimeType };

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = new[] { "set" };

    /// <inheritdoc />
    public string Summary => MagicArguments.Usage(Command) + ": set a variable to a literal or to @LANG:NAME";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        var arguments = MagicArguments.Parse(Command, line);
        var (name, value, mime) = (arguments.GetValue(Name)!, arguments.GetValue(Value)!, arguments.GetValue(SharedValues.MimeType));
        plan.Consume(line.Line);
        plan.Steps.Add(run =>
        {
            if (value.StartsWith('@') && value.IndexOf(':') is var colon and > 1)
            {
                var (shared, type) = SharedValues.Read(run.Pipeline, value[1..colon], value[(colon + 1)..]);
                SharedValues.Write(run.Interpreter, name, shared, type, mime);
            }
            else if (mime == SharedValues.Json) SharedValues.Write(run.Interpreter, name, SharedValues.ParseJson(value, name), typeof(JsonElement), null);
            else SharedValues.Write(run.Interpreter, name, value, typeof(string), null);
        });
    }
}

/// <summary>
/// <c>#!value --name X [--from-file PATH | --from-url URL] [--mime-type M]</c>: the rest of the cell (or the file, or
/// the body of an HTTP GET) is stored as text under a name, for <c>#!share --from value X</c>; with a mime type it is
/// also displayed as that.
/// </summary>
public sealed class ValueMagic : IMagicHandler
{
    static readonly Option<string> Name = new("--name") { Description = "the name to store the text under", Required = true };
    static readonly Option<string?> FromFile = new("--from-file") { Description = "read the text from this file instead of the cell" };
    static readonly Option<string?> FromUrl = new("--from-url") { Description = "read the text from this URL (HTTP GET) instead of the cell" };
    static readonly Command Command = new("value", "store text") { Name, FromFile, FromUrl, SharedValues.MimeType };
    static readonly TimeSpan UrlTimeout = TimeSpan.FromSeconds(100);

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = new[] { "value" };

    /// <inheritdoc />
    public string Summary => MagicArguments.Usage(Command) + ": store the cell's text (or a file's) for #!share --from value";

    /// <inheritdoc />
    public void Apply(MagicLine line, CellPlan plan)
    {
        var arguments = MagicArguments.Parse(Command, line);
        var (name, file, url, mime) = (arguments.GetValue(Name)!, arguments.GetValue(FromFile), arguments.GetValue(FromUrl), arguments.GetValue(SharedValues.MimeType));
        if (file is not null && url is not null) throw new MagicException("#!value: give --from-file or --from-url, not both");
        var text = plan.After(line.Line);
        plan.Consume(line.Line);
        plan.ConsumeRest(line.Line);
        plan.Steps.Add(run =>
        {
            if (file is not null)
            {
                var path = Path.GetFullPath(file);
                if (!File.Exists(path)) throw new MagicException($"#!value: no file {path}");
                text = File.ReadAllText(path);
            }
            if (url is not null) text = Fetch(url);
            run.Pipeline.Values.Set(name, text);
            if (mime is not null) run.Output.Display(MimeBundle.Of((mime, text), ("text/plain", text)), null, update: false);
        });
    }

    /// <summary>The body of a GET of <paramref name="url"/>; a bad URL, an unreachable host or a non-success status is a clear error.</summary>
    static string Fetch(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new MagicException($"#!value --from-url: '{url}' is not an http or https URL");
        using var client = new HttpClient { Timeout = UrlTimeout };
        try
        {
            using var response = client.GetAsync(uri).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
                throw new MagicException($"#!value --from-url: GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }
        catch (HttpRequestException e) { throw new MagicException($"#!value --from-url: GET {uri} failed: {e.Message}"); }
        catch (TaskCanceledException) { throw new MagicException($"#!value --from-url: GET {uri} got no answer within {UrlTimeout.TotalSeconds:F0} s"); }
    }
}

/// <summary>Reading and writing the values the sharing magics move between languages.</summary>
static class SharedValues
{
    public const string Json = "application/json";

    public static readonly Option<string?> MimeType = new("--mime-type") { Description = "copy through this representation (application/json: a JsonElement)" };

    /// <summary>A variable of a language (or of the value store), with its declared type.</summary>
    public static (object? Value, Type Type) Read(CellPipeline pipeline, string source, string name)
    {
        if (source.Equals(ValueStore.Name, StringComparison.OrdinalIgnoreCase))
        {
            if (pipeline.Values.TryGet(name, out var stored)) return (stored, stored?.GetType() ?? typeof(string));
            throw new MagicException($"no value named '{name}' was stored by #!value (stored: {List(pipeline.Values.Names)})");
        }
        var interpreter = pipeline.FindInterpreter(source)
            ?? throw new MagicException($"unknown language '{source}' (languages: {string.Join(", ", pipeline.Interpreters.Select(i => i.Language.Name).Append(ValueStore.Name))})");
        if (!interpreter.TryGetValue(name, out var value))
            throw new MagicException($"{interpreter.Language.Name} has no variable '{name}' (its variables: {List(interpreter.Variables().Select(v => v.Name))})");
        var declared = interpreter.Variables().FirstOrDefault(v => v.Name == name)?.Type ?? value?.GetType() ?? typeof(object);
        return (value, declared);
    }

    /// <summary>Sets a variable of <paramref name="target"/>: the object itself, or its copy in <paramref name="mime"/>.</summary>
    public static void Write(IInterpreter target, string name, object? value, Type type, string? mime)
    {
        if (mime == Json) (value, type) = (ParseJson(value as string ?? JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object)), name), typeof(JsonElement));
        else if (mime is not null) (value, type) = (value.ToDisplayString(mime), typeof(string));
        try { target.SetValue(name, value, type); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new MagicException($"could not set {target.Language.Name} variable '{name}': {e.Message}");
        }
    }

    public static JsonElement ParseJson(string json, string name)
    {
        try { return JsonDocument.Parse(json).RootElement.Clone(); }
        catch (JsonException e) { throw new MagicException($"the value for '{name}' is not JSON: {e.Message}"); }
    }

    static string List(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
