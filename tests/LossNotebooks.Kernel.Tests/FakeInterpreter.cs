using System.Reflection;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Execution;
using LossNotebooks.Kernel.Interpreters;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// A scripted interpreter for testing the server and the cell pipeline without a compiler (as ipykernel's tests run
/// the kernel in-process). Its language: <c>value X</c> shows X, <c>print X</c> streams X, <c>fail</c> is a user
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
    public LanguageInfo Language { get; } = new(name, "1.0", "text/x-" + name, "." + name, name, name,
        magicNames.Length > 0 ? magicNames : new[] { name }, $"{name} (fake)");

    /// <inheritdoc />
    public string LastTimings => "";

    /// <inheritdoc />
    public CellOutcome Execute(string code, int executionCount, IOutputSink output)
    {
        lock (Executed) Executed.Add(code);
        var text = code.Trim();
        if (text.StartsWith("value ", StringComparison.Ordinal)) return new CellOutcome { HasValue = true, Value = text[6..] };
        if (text.StartsWith("print ", StringComparison.Ordinal)) output.Stream("stdout", text[6..]);
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
