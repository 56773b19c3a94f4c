using System.Reflection;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// A scripted interpreter for testing the server and the cell pipeline without a compiler (as ipykernel's tests run
/// the kernel in-process). Its language: <c>value X</c> shows X, <c>print X</c> streams X through the sink, <c>console X</c>
/// writes X to Console, <c>background X</c> writes X to Console.Error from a task, <c>fail</c> is a user
/// error, <c>crash</c> throws out of the interpreter, <c>wait</c> blocks until interrupted; anything else does nothing.
/// </summary>
public sealed class FakeInterpreter(string name, params string[] magicNames) : IInterpreter
{
    readonly Dictionary<string, object?> variables = new();
    readonly ManualResetEventSlim interrupted = new();

    /// <summary>Every code string Execute received, in order.</summary>
    public List<string> Executed { get; } = new();

    /// <summary>Every code string a language service received.</summary>
    public List<string> Serviced { get; } = new();

    /// <inheritdoc />
    public LanguageInfo Language { get; } = new(new Language(name, LanguageKind.Code, magicNames.Where(m => m != name).ToList(),
        new[] { "." + name }, "text/x-" + name, name, name, "none", name), "1.0", $"{name} (fake)");

    /// <inheritdoc />
    public string LastTimings => "";

    /// <inheritdoc />
    public CellOutcome Execute(string code, int executionCount, IOutputSink output)
    {
        lock (Executed) Executed.Add(code);
        var text = code.Trim();
        if (text.StartsWith("value ", StringComparison.Ordinal)) return new CellOutcome { HasValue = true, Value = text[6..] };
        foreach (var line in text.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith("print ", StringComparison.Ordinal)) output.Stream("stdout", line[6..]);
            if (line.StartsWith("console ", StringComparison.Ordinal)) Console.WriteLine(line[8..]);
            if (line.StartsWith("background ", StringComparison.Ordinal)) Task.Run(() => Console.Error.WriteLine(line[11..])).Wait();
        }
        if (text == "fail") return new CellOutcome { Error = new CellError("FakeError", "it failed", new[] { "FakeError: it failed" }) };
        if (text == "crash") throw new InvalidOperationException("a bug in the interpreter");
        if (text == "wait")
        {
            if (!interrupted.Wait(TimeSpan.FromSeconds(20))) return new CellOutcome { Error = new CellError("Timeout", "never interrupted", Array.Empty<string>()) };
            return new CellOutcome { Error = new CellError("KeyboardInterrupt", "interrupted", Array.Empty<string>()) };
        }
        return CellOutcome.Nothing;
    }

    /// <inheritdoc />
    public void AddReferences(IReadOnlyList<Assembly> assemblies) { }

    /// <inheritdoc />
    public Task<Completions> CompleteAsync(string code, int cursor)
    {
        lock (Serviced) Serviced.Add(code);
        return Task.FromResult(new Completions(new[] { new CompletionCandidate(name + "_completion", "keyword", null) }, cursor, cursor));
    }

    /// <inheritdoc />
    public Task<string?> InspectAsync(string code, int cursor) => Task.FromResult<string?>(null);

    /// <inheritdoc />
    public string IsComplete(string code)
    {
        lock (Serviced) Serviced.Add(code);
        return code.TrimEnd().EndsWith('{') ? "incomplete" : "complete";
    }

    /// <inheritdoc />
    public void Interrupt() => interrupted.Set();

    /// <inheritdoc />
    public void ClearInterrupt() => interrupted.Reset();

    /// <inheritdoc />
    public IReadOnlyList<VariableInfo> Variables() => variables.Select(v => new VariableInfo(v.Key, v.Value?.GetType() ?? typeof(object), v.Value)).ToList();

    /// <inheritdoc />
    public bool TryGetValue(string name, out object? value) => variables.TryGetValue(name, out value);

    /// <inheritdoc />
    public void SetValue(string name, object? value, Type type) => variables[name] = value;

    /// <inheritdoc />
    public void WarmUp() { }

    /// <inheritdoc />
    public void WarmUpWhenIdle() { }
}
