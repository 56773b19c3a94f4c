using System.Reflection;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Interpreters;

/// <summary>
/// An interpreter created on its first real use (a cell, a completion, a value set into it); until then it has no
/// variables and nothing to interrupt, and costs nothing.
/// </summary>
/// <param name="language">The language, known before loading.</param>
/// <param name="load">Creates the interpreter (once; a failure is thrown to the caller and retried next time).</param>
public sealed class LazyInterpreter(LanguageInfo language, Func<IInterpreter> load) : IInterpreter
{
    IInterpreter? loaded;
    readonly List<Assembly> pending = new(); // references other languages' cells loaded before this one started

    /// <summary>True once the interpreter exists.</summary>
    public bool IsLoaded => loaded is not null;

    IInterpreter Loaded
    {
        get
        {
            if (loaded is not null) return loaded;
            var created = load();
            if (pending.Count > 0) created.AddReferences(pending.Distinct().ToList());
            pending.Clear();
            return loaded = created;
        }
    }

    /// <inheritdoc />
    public LanguageInfo Language => language;

    /// <inheritdoc />
    public string LastTimings => loaded?.LastTimings ?? "";

    /// <inheritdoc />
    public CellOutcome Execute(string code, int executionCount, IOutputSink output) => Loaded.Execute(code, executionCount, output);

    /// <inheritdoc />
    public void AddReferences(IReadOnlyList<Assembly> assemblies)
    {
        if (loaded is null) pending.AddRange(assemblies);
        else loaded.AddReferences(assemblies);
    }

    /// <inheritdoc />
    public Task<Completions> CompleteAsync(string code, int cursor) => Loaded.CompleteAsync(code, cursor);

    /// <inheritdoc />
    public Task<string?> InspectAsync(string code, int cursor) => Loaded.InspectAsync(code, cursor);

    /// <inheritdoc />
    public string IsComplete(string code) => Loaded.IsComplete(code);

    /// <inheritdoc />
    public void Interrupt() => loaded?.Interrupt();

    /// <inheritdoc />
    public void ClearInterrupt() => loaded?.ClearInterrupt();

    /// <inheritdoc />
    public IReadOnlyList<VariableInfo> Variables() => loaded?.Variables() ?? Array.Empty<VariableInfo>();

    /// <inheritdoc />
    public bool TryGetValue(string name, out object? value)
    {
        value = null;
        return loaded is not null && loaded.TryGetValue(name, out value);
    }

    /// <inheritdoc />
    public void SetValue(string name, object? value, Type type) => Loaded.SetValue(name, value, type);

    /// <inheritdoc />
    public object? Evaluate(string expression) => Loaded.Evaluate(expression);

    /// <inheritdoc />
    public void WarmUp() => Loaded.WarmUp();

    /// <inheritdoc />
    public void WarmUpWhenIdle()
    {
        if (loaded is not null) loaded.WarmUpWhenIdle();
    }
}
