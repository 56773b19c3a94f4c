using System.Reflection;
using LossNotebooks.Jupyter;

namespace LossNotebooks.Kernel.Abstractions;

/// <summary>
/// One language of the kernel, as the server sees it (the split of ipykernel's <c>kernelbase</c>/<c>ipkernel</c> and
/// xeus's <c>xinterpreter</c>): the server owns the protocol — messages, status, replies, <c>stop_on_error</c> — and
/// an interpreter owns the language's state. All calls but <see cref="Interrupt"/> come from one thread at a time
/// (cells on the execution thread, language services off it, never concurrently with a cell that changes state
/// they read: an interpreter guards what they share). A new language implements <see cref="Language"/> and
/// <see cref="Execute"/>; every other member has a default that does without it (no completions, no variables…).
/// </summary>
public interface IInterpreter
{
    /// <summary>What the kernel_info reply says of the language.</summary>
    LanguageInfo Language { get; }

    /// <summary>Compiles and runs one cell (its magic and directive lines already blanked by the pipeline).</summary>
    /// <param name="code">The cell's code; line numbers are the cell's own.</param>
    /// <param name="executionCount">The cell's execution count (names the cell in diagnostics).</param>
    /// <param name="output">
    /// Where the cell's displays and streams go while it runs: the host routes what user code writes to
    /// <see cref="Console"/> here too.
    /// </param>
    CellOutcome Execute(string code, int executionCount, IOutputSink output);

    /// <summary>Makes assemblies loaded for a cell's <c>#r</c> directives (packages, projects, files) visible to later cells.</summary>
    void AddReferences(IReadOnlyList<Assembly> assemblies) { }

    /// <summary>Completions at a cursor (UTF-16 offset into <paramref name="code"/>).</summary>
    Task<Completions> CompleteAsync(string code, int cursor) => Task.FromResult(Completions.None(cursor));

    /// <summary>Documentation of the symbol at a cursor, or null.</summary>
    Task<string?> InspectAsync(string code, int cursor) => Task.FromResult<string?>(null);

    /// <summary><c>complete</c>, <c>incomplete</c> or <c>invalid</c> (the is_complete reply's status).</summary>
    string IsComplete(string code) => "complete";

    /// <summary>
    /// Asks the running cell — or, when none runs yet, the next one — to stop at its next check (called from any
    /// thread). The request holds until <see cref="ClearInterrupt"/>.
    /// </summary>
    void Interrupt() { }

    /// <summary>Forgets an interrupt request (the server calls it after every cell).</summary>
    void ClearInterrupt() { }

    /// <summary>The top-level variables the cells have declared so far, newest definition of each name.</summary>
    IReadOnlyList<VariableInfo> Variables() => Array.Empty<VariableInfo>();

    /// <summary>Reads a top-level variable; false when no cell declared it.</summary>
    bool TryGetValue(string name, out object? value)
    {
        value = null;
        return false;
    }

    /// <summary>
    /// Sets a top-level variable (declaring it, typed <paramref name="type"/>, when no cell has) so later cells use it
    /// by name; the value's object is shared, not copied.
    /// </summary>
    void SetValue(string name, object? value, Type type) =>
        throw new NotSupportedException($"{Language.Language.DisplayName} cells cannot receive values");

    /// <summary>
    /// The value of an expression over the session's top-level variables (a debugger's <c>evaluate</c> away from a
    /// stop). Without a language's own evaluation, only a variable's name is understood.
    /// </summary>
    object? Evaluate(string expression) =>
        TryGetValue(expression.Trim(), out var value) ? value : throw new NotSupportedException($"{Language.Language.DisplayName} cells evaluate only variable names here");

    /// <summary>Prepares the compiler (called once on the execution thread before the first cell, never during one).</summary>
    void WarmUp() { }

    /// <summary>Heavier preparation done when the kernel is idle (e.g. the completion workspace).</summary>
    void WarmUpWhenIdle() { }

    /// <summary>Where the last cell's time went, for the kernel log.</summary>
    string LastTimings => "";
}

/// <summary>An interpreter's language: its record (names, files, highlighting) and what kernel_info says of this implementation.</summary>
/// <param name="Language">The language's record, as every reader of cells knows it.</param>
/// <param name="Version">The language version.</param>
/// <param name="Banner">The kernel_info banner.</param>
/// <param name="Documentation">The language's documentation, for the kernel_info help links (null for none).</param>
public sealed record LanguageInfo(Language Language, string Version, string Banner, Uri? Documentation = null)
{
    /// <summary>The language's name (<c>csharp</c>).</summary>
    public string Name => Language.Name;
}

/// <summary>A top-level variable of an interpreter's session.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its declared type.</param>
/// <param name="Value">Its current value.</param>
public sealed record VariableInfo(string Name, Type Type, object? Value);
