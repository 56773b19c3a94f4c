using System.Collections.Concurrent;

namespace LossNotebooks.Kernel.Interpreters;

/// <summary>
/// Hands an object to code an interpreter compiles (<c>#!share</c>, <c>#!set</c>): the value is put here under a
/// number, and the generated declaration takes it back by that number, so the object itself is shared, not copied.
/// </summary>
public static class ValueHandoff
{
    static readonly ConcurrentDictionary<int, object?> slots = new();
    static int next;

    /// <summary>Stores a value; the number takes it back once.</summary>
    public static int Put(object? value)
    {
        var id = Interlocked.Increment(ref next);
        slots[id] = value;
        return id;
    }

    /// <summary>Takes back the value stored under <paramref name="id"/> (generated code calls this).</summary>
    public static object? Take(int id) =>
        slots.TryRemove(id, out var value) ? value : throw new InvalidOperationException($"no value was handed over as {id}");
}
