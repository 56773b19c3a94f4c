namespace LossNotebooks.Kernel.FSharp;

/// <summary>Writes a runtime type as F# source (<c>System.Collections.Generic.List&lt;System.Int32&gt;</c>).</summary>
public static class FSharpTypeName
{
    /// <summary>
    /// The type as an F# cell can name it, or null when it cannot: not public, or declared by code a session emitted in
    /// memory (a C# or F# cell), which F# Interactive cannot reference.
    /// </summary>
    public static string? Of(Type type)
    {
        if (type.IsArray) return Of(type.GetElementType()!) is { } element ? $"{element}[{new string(',', type.GetArrayRank() - 1)}]" : null;
        if (type.IsPointer || type.IsByRef || type.IsGenericParameter || !type.IsVisible) return null;
        if (type.Assembly.IsDynamic || string.IsNullOrEmpty(type.Assembly.Location)) return null;
        var arguments = type.GetGenericArguments().Select(Of).ToList();
        if (arguments.Any(a => a is null)) return null;
        var used = 0;
        var parts = new List<string>();
        var nesting = new List<Type>();
        for (var t = type; t is not null; t = t.DeclaringType) nesting.Insert(0, t);
        foreach (var t in nesting)
        {
            var name = t.Name;
            var tick = name.IndexOf('`');
            if (tick < 0) { parts.Add(Escape(name)); continue; }
            var count = int.Parse(name[(tick + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            parts.Add($"{Escape(name[..tick])}<{string.Join(", ", arguments.Skip(used).Take(count))}>");
            used += count;
        }
        var prefix = string.IsNullOrEmpty(type.Namespace) ? "global." : $"global.{string.Join(".", type.Namespace.Split('.').Select(Escape))}.";
        return prefix + string.Join(".", parts);
    }

    static string Escape(string identifier) => identifier.All(c => char.IsLetterOrDigit(c) || c == '_') ? identifier : $"``{identifier}``";
}
