using System.ComponentModel;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// Captures a cell's trailing expression without knowing its type in advance: the compiler's overload resolution
/// picks <see cref="Of{T}(Func{T})"/> for an expression with a value and <see cref="Of(Action)"/> for a void call,
/// so a cell needs no extra compilation to learn whether it shows a value. Generated code calls these.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CellValue
{
    /// <summary>Stands for "the trailing expression was void": nothing to show.</summary>
    public static readonly object None = new();

    /// <summary>Evaluates an expression with a value.</summary>
    public static object? Of<T>(Func<T> expression) => expression();

    /// <summary>Evaluates a void expression.</summary>
    public static object Of(Action expression)
    {
        expression();
        return None;
    }

    /// <summary>
    /// Stores a pattern variable of a top-level statement in its field (<c>e is T x</c> in C# scripts declares a
    /// field x); true, so it can stand in the pattern's <c>&amp;&amp;</c> chain.
    /// </summary>
    public static bool Hoist<T>(out T field, T value)
    {
        field = value;
        return true;
    }

    /// <summary>Evaluates an awaited expression with a value.</summary>
    public static async Task<object?> OfAsync<T>(Func<Task<T>> expression) => await expression();

    /// <summary>Evaluates an awaited void expression.</summary>
    public static async Task<object> OfAsync(Func<Task> expression)
    {
        await expression();
        return None;
    }
}
