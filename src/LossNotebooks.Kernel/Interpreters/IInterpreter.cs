using System.Reflection;
using LossNotebooks.Kernel.Display;
using LossNotebooks.Kernel.Execution;

namespace LossNotebooks.Kernel.Interpreters;

/// <summary>
/// One language of the kernel, as the server sees it (the split of ipykernel's <c>kernelbase</c>/<c>ipkernel</c> and
/// xeus's <c>xinterpreter</c>): the server owns the protocol — messages, status, replies, <c>stop_on_error</c> — and
/// an interpreter owns the language's state. All calls but <see cref="Interrupt"/> come from one thread at a time
/// (cells on the execution thread, language services off it, never concurrently with a cell that changes state
/// they read: an interpreter guards what they share).
/// </summary>
public interface IInterpreter
{
    /// <summary>What the kernel_info reply says of the language.</summary>
    LanguageInfo Language { get; }

    /// <summary>Compiles and runs one cell (its magic and directive lines already blanked by the pipeline).</summary>
    /// <param name="code">The cell's code; line numbers are the cell's own.</param>
    /// <param name="executionCount">The cell's execution count (names the cell in diagnostics).</param>
    /// <param name="output">Where the cell's displays and streams go while it runs.</param>
    CellOutcome Execute(string code, int executionCount, IOutputSink output);

    /// <summary>Makes assemblies loaded for a cell's <c>#r</c> directives (packages, projects, files) visible to later cells.</summary>
    void AddReferences(IReadOnlyList<Assembly> assemblies);

    /// <summary>Completions at a cursor (UTF-16 offset into <paramref name="code"/>).</summary>
    Task<Completions> CompleteAsync(string code, int cursor);

    /// <summary>Documentation of the symbol at a cursor, or null.</summary>
    Task<string?> InspectAsync(string code, int cursor);

    /// <summary><c>complete</c>, <c>incomplete</c> or <c>invalid</c> (the is_complete reply's status).</summary>
    string IsComplete(string code);

    /// <summary>
    /// Asks the running cell — or, when none runs yet, the next one — to stop at its next check (called from any
    /// thread). The request holds until <see cref="ClearInterrupt"/>.
    /// </summary>
    void Interrupt();

    /// <summary>Forgets an interrupt request (the server calls it after every cell).</summary>
    void ClearInterrupt();

    /// <summary>The top-level variables the cells have declared so far, newest definition of each name.</summary>
    IReadOnlyList<VariableInfo> Variables();

    /// <summary>Reads a top-level variable; false when no cell declared it.</summary>
    bool TryGetValue(string name, out object? value);

    /// <summary>
    /// Sets a top-level variable (declaring it, typed <paramref name="type"/>, when no cell has) so later cells use it
    /// by name; the value's object is shared, not copied.
    /// </summary>
    void SetValue(string name, object? value, Type type);

    /// <summary>Prepares the compiler (called once on the execution thread before the first cell, never during one).</summary>
    void WarmUp();

    /// <summary>Heavier preparation done when the kernel is idle (e.g. the completion workspace).</summary>
    void WarmUpWhenIdle();

    /// <summary>Where the last cell's time went, for the kernel log.</summary>
    string LastTimings { get; }
}

/// <summary>The <c>language_info</c> of a kernel_info reply, and the names a <c>#!lang</c> line may use.</summary>
/// <param name="Name">Jupyter's language name (<c>csharp</c>).</param>
/// <param name="Version">The language version.</param>
/// <param name="MimeType">The source mime type.</param>
/// <param name="FileExtension">A script file's extension, with the dot.</param>
/// <param name="PygmentsLexer">Pygments' lexer name.</param>
/// <param name="CodeMirrorMode">CodeMirror's mode.</param>
/// <param name="MagicNames">The <c>#!name</c> lines that select this language (<c>csharp</c>, <c>c#</c>, …).</param>
/// <param name="Banner">The kernel_info banner.</param>
/// <param name="Documentation">The language's documentation, for the kernel_info help links (null for none).</param>
public sealed record LanguageInfo(string Name, string Version, string MimeType, string FileExtension, string PygmentsLexer,
    string CodeMirrorMode, IReadOnlyList<string> MagicNames, string Banner, Uri? Documentation = null);

/// <summary>A top-level variable of an interpreter's session.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its declared type.</param>
/// <param name="Value">Its current value.</param>
public sealed record VariableInfo(string Name, Type Type, object? Value);
