using System.Reflection;
using System.Text.Json.Nodes;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Debugging;

/// <summary>
/// Jupyter's debug protocol for this kernel: the Debug Adapter Protocol requests a front end sends in
/// <c>debug_request</c> (as JupyterLab's debugger sends them, and the kernel-side ones ipykernel added: <c>dumpCell</c>,
/// <c>debugInfo</c>, <c>inspectVariables</c>, <c>richInspectVariables</c>, <c>copyToGlobals</c>), answered from the
/// <see cref="DebugEngine"/>, the cells' paths (<see cref="CellFiles"/>) and the interpreters' top-level variables.
/// Events go out through <c>publish</c> as DAP events (the server sends them as <c>debug_event</c>). Requests may run
/// user code (getters, formatters, evaluations): the server calls <see cref="Handle"/> off its socket thread.
/// </summary>
public sealed partial class DebugAdapter : IDisposable
{
    readonly CellFiles files;
    readonly IReadOnlyList<IInterpreter> interpreters;
    readonly Func<int?> executionThread;
    readonly Action<JsonObject> publish;
    readonly VariableTable variables = new();
    readonly Dictionary<string, string> sources = new(StringComparer.Ordinal);
    int sequence;

    /// <summary>
    /// An adapter over the kernel's interpreters (the default one first); <paramref name="executionThread"/> gives the
    /// managed id of the thread cells run on; <paramref name="publish"/> sends a DAP event.
    /// </summary>
    public DebugAdapter(CellFiles files, IReadOnlyList<IInterpreter> interpreters, Func<int?> executionThread, Action<JsonObject> publish)
    {
        this.files = files;
        this.interpreters = interpreters;
        this.executionThread = executionThread;
        this.publish = publish;
        Engine = new DebugEngine(Raise);
    }

    /// <summary>Lets a stopped cell run on and removes the cells' files.</summary>
    public void Dispose()
    {
        Engine.Detach();
        files.Delete();
    }

    /// <summary>The engine the instrumented cells report to.</summary>
    public DebugEngine Engine { get; }

    /// <summary>A cell is about to run as execution <paramref name="count"/>: its code names its path (what breakpoints are set on).</summary>
    public void CellStarting(int count, string code)
    {
        var path = files.PathOf(code);
        lock (sources) sources[path] = code;
        Engine.RegisterCell($"cell{count}", path);
    }

    void Raise(string name, JsonObject body)
    {
        if (name == "continued") variables.Clear();
        publish(new JsonObject { ["seq"] = Interlocked.Increment(ref sequence), ["type"] = "event", ["event"] = name, ["body"] = body });
    }

    /// <summary>Answers one request (a DAP request object) with its response object.</summary>
    public JsonObject Handle(JsonObject request)
    {
        var command = (string?)request["command"] ?? "";
        var arguments = request["arguments"] as JsonObject ?? new JsonObject();
        JsonObject? body;
        string? failure = null;
        try { body = Answer(command, arguments); }
        catch (Exception e)
        {
            body = null;
            failure = (e is TargetInvocationException { InnerException: { } inner } ? inner : e).Message;
        }
        var response = new JsonObject
        {
            ["seq"] = Interlocked.Increment(ref sequence),
            ["type"] = "response",
            ["request_seq"] = request["seq"]?.DeepClone(),
            ["success"] = failure is null && body is not null,
            ["command"] = command,
            ["body"] = body ?? new JsonObject(),
        };
        if (failure is not null || body is null) response["message"] = failure ?? $"'{command}' is not a request this kernel's debugger answers";
        return response;
    }

    JsonObject? Answer(string command, JsonObject arguments) => command switch
    {
        "initialize" => Initialize(),
        "attach" => Attach(),
        "disconnect" => Do(Engine.Detach),
        "debugInfo" => DebugInfo(),
        "dumpCell" => DumpCell((string?)arguments["code"] ?? ""),
        "setBreakpoints" => SetBreakpoints(arguments),
        "setExceptionBreakpoints" => Do(() => Engine.SetExceptionFilters(Strings(arguments["filters"]))),
        "configurationDone" => new JsonObject(),
        "threads" => Threads(),
        "stackTrace" => StackTrace(arguments),
        "scopes" => Scopes((int?)arguments["frameId"] ?? 0),
        "variables" => new JsonObject
        {
            ["variables"] = Array(variables.Children((int?)arguments["variablesReference"] ?? 0, (int?)arguments["start"] ?? 0, (int?)arguments["count"] ?? 0)),
        },
        "evaluate" => Evaluate((string?)arguments["expression"] ?? "", (int?)arguments["frameId"]),
        "continue" => Resume(Resumption.Continue, new JsonObject { ["allThreadsContinued"] = true }),
        "next" => Resume(Resumption.Next, new JsonObject()),
        "stepIn" => Resume(Resumption.StepIn, new JsonObject()),
        "stepOut" => Resume(Resumption.StepOut, new JsonObject()),
        "pause" => Do(Engine.Pause),
        "source" => Source(arguments),
        "inspectVariables" => new JsonObject { ["variables"] = Array(Globals()) },
        "richInspectVariables" => RichInspect((string?)arguments["variableName"] ?? "", (int?)arguments["frameId"]),
        "copyToGlobals" => CopyToGlobals(arguments),
        "modules" => new JsonObject { ["modules"] = new JsonArray(), ["totalModules"] = 0 },
        _ => null,
    };

    static JsonObject Do(Action action)
    {
        action();
        return new JsonObject();
    }

    static IEnumerable<string> Strings(JsonNode? node) => (node as JsonArray ?? new JsonArray()).Select(n => (string?)n ?? "");

    static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode?)i).ToArray());

    JsonObject Initialize()
    {
        Raise("initialized", new JsonObject());
        return new JsonObject
        {
            ["supportsConfigurationDoneRequest"] = true,
            ["supportsConditionalBreakpoints"] = true,
            ["supportsHitConditionalBreakpoints"] = true,
            ["supportsEvaluateForHovers"] = true,
            ["supportsExceptionInfoRequest"] = false,
            ["supportsSetVariable"] = false,
            ["supportsStepBack"] = false,
            ["supportsDelayedStackTraceLoading"] = false,
            ["supportsLogPoints"] = false,
            ["exceptionBreakpointFilters"] = Array(DebugEngine.ExceptionFilters.Select(f => new JsonObject
            {
                ["filter"] = f.Filter,
                ["label"] = f.Label,
                ["description"] = f.Description,
                ["default"] = false,
            })),
        };
    }

    JsonObject Attach()
    {
        Engine.Attach();
        if (executionThread() is { } thread) Raise("thread", new JsonObject { ["reason"] = "started", ["threadId"] = thread });
        return new JsonObject();
    }

    JsonObject DebugInfo()
    {
        var stopped = Engine.Stopped;
        return new JsonObject
        {
            ["isStarted"] = Engine.IsAttached,
            ["hashMethod"] = CellFiles.HashMethod,
            ["hashSeed"] = CellFiles.HashSeed,
            ["tmpFilePrefix"] = files.Prefix,
            ["tmpFileSuffix"] = files.Suffix,
            ["breakpoints"] = Array(Engine.Breakpoints.Select(b => new JsonObject
            {
                ["source"] = b.Key,
                ["breakpoints"] = Array(b.Value.Select(Describe)),
            })),
            ["stoppedThreads"] = stopped is null ? new JsonArray() : new JsonArray(stopped.ThreadId),
            ["richRendering"] = true,
            ["exceptionPaths"] = new JsonArray(),
            ["copyToGlobals"] = true,
        };
    }

    static JsonObject Describe(Breakpoint breakpoint)
    {
        var json = new JsonObject { ["line"] = breakpoint.Line };
        if (!string.IsNullOrWhiteSpace(breakpoint.Condition)) json["condition"] = breakpoint.Condition;
        if (!string.IsNullOrWhiteSpace(breakpoint.HitCondition)) json["hitCondition"] = breakpoint.HitCondition;
        return json;
    }

    JsonObject DumpCell(string code)
    {
        var path = files.Dump(code);
        lock (sources) sources[path] = code;
        return new JsonObject { ["sourcePath"] = path };
    }

    string? CodeOf(string path)
    {
        lock (sources)
            if (sources.TryGetValue(path, out var code)) return code;
        return path.StartsWith(files.Prefix, StringComparison.Ordinal) && File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>
    /// A cell's breakpoints, each moved to the first line at or after it where a statement starts (a blank line or a
    /// comment has none); a line after the last statement is not verified.
    /// </summary>
    JsonObject SetBreakpoints(JsonObject arguments)
    {
        var path = (string?)arguments["source"]?["path"] ?? throw new ArgumentException("setBreakpoints needs source.path");
        var code = CodeOf(path);
        var lines = code is null ? null : StatementLines.Of(code);
        var requested = (arguments["breakpoints"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(b => new Breakpoint(
            (int?)b["line"] ?? 0, (string?)b["condition"], (string?)b["hitCondition"])).ToList();
        var placed = requested.Select(b => b with { Line = lines is null ? b.Line : lines.FirstOrDefault(l => l >= b.Line) }).ToList();
        Engine.SetBreakpoints(path, placed.Where(b => b.Line > 0).DistinctBy(b => b.Line).ToList());
        return new JsonObject
        {
            ["breakpoints"] = Array(requested.Zip(placed, (asked, put) =>
            {
                var json = new JsonObject { ["verified"] = put.Line > 0, ["line"] = put.Line > 0 ? put.Line : asked.Line, ["source"] = new JsonObject { ["path"] = path } };
                if (put.Line == 0) json["message"] = "no statement at or after this line";
                return json;
            })),
        };
    }

    JsonObject Threads()
    {
        var threads = new JsonArray();
        if (executionThread() is { } id) threads.Add(new JsonObject { ["id"] = id, ["name"] = "cells" });
        if (Engine.Stopped is { } stopped && stopped.ThreadId != executionThread())
            threads.Add(new JsonObject { ["id"] = stopped.ThreadId, ["name"] = stopped.ThreadName });
        return new JsonObject { ["threads"] = threads };
    }

    JsonObject StackTrace(JsonObject arguments)
    {
        var frames = Engine.Stopped?.Frames ?? System.Array.Empty<DebugFrame>();
        var start = (int?)arguments["startFrame"] ?? 0;
        var levels = (int?)arguments["levels"] ?? 0;
        var shown = frames.Select((frame, index) =>
        {
            var site = Probe.SiteOf(frame.Site);
            return new JsonObject
            {
                ["id"] = index + 1,
                ["name"] = frame.Function,
                ["line"] = site.Line,
                ["column"] = site.Column,
                ["source"] = new JsonObject { ["name"] = Path.GetFileName(site.Path), ["path"] = site.Path },
            };
        }).Skip(start);
        if (levels > 0) shown = shown.Take(levels);
        return new JsonObject { ["stackFrames"] = Array(shown), ["totalFrames"] = frames.Count };
    }

    JsonObject Resume(Resumption how, JsonObject body) =>
        Engine.Resume(how) ? body : throw new InvalidOperationException("no thread is stopped");

    JsonObject Source(JsonObject arguments)
    {
        var path = (string?)arguments["source"]?["path"] ?? "";
        return new JsonObject { ["content"] = CodeOf(path) ?? throw new FileNotFoundException($"no cell has the path {path}") };
    }
}
