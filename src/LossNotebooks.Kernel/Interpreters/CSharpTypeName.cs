namespace LossNotebooks.Kernel.Interpreters;

/// <summary>Writes a runtime type as C# source (<c>global::System.Collections.Generic.List&lt;global::System.Int32&gt;</c>).</summary>
public static class CSharpTypeName
{
    /// <summary>
    /// The type as C# code can name it, or null when it cannot be named from a cell (not public, or declared by a
    /// cell's emitted assembly, which later cells reach only through their own base classes).
    /// </summary>
    public static string? Of(Type type)
    {
        if (type.IsArray) return Of(type.GetElementType()!) is { } element ? $"{element}[{new string(',', type.GetArrayRank() - 1)}]" : null;
        if (type.IsPointer || type.IsByRef || type.IsGenericParameter || !type.IsVisible || IsCellType(type)) return null;
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
            if (tick < 0) { parts.Add(name); continue; }
            var count = int.Parse(name[(tick + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            parts.Add($"{name[..tick]}<{string.Join(", ", arguments.Skip(used).Take(count))}>");
            used += count;
        }
        var prefix = string.IsNullOrEmpty(type.Namespace) ? "global::" : $"global::{type.Namespace}.";
        return prefix + string.Join(".", parts);
    }

    /// <summary>
    /// A type's name for people, without namespaces: <c>List&lt;Int32&gt;</c>; with <paramref name="keywords"/>, as C#
    /// writes it: <c>List&lt;int&gt;</c>, <c>float[]</c>.
    /// </summary>
    public static string Short(Type type, bool keywords = false)
    {
        if (keywords && Keyword(type) is { } keyword) return keyword;
        if (keywords && type.IsArray) return Short(type.GetElementType()!, true) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        var tick = type.Name.IndexOf('`');
        return !type.IsGenericType || tick < 0 ? type.Name : $"{type.Name[..tick]}<{string.Join(", ", type.GetGenericArguments().Select(t => Short(t, keywords)))}>";
    }

    static string? Keyword(Type type) => type.IsEnum ? null : type == typeof(object) ? "object" : Type.GetTypeCode(type) switch
    {
        TypeCode.Int32 => "int",
        TypeCode.Int64 => "long",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        TypeCode.Boolean => "bool",
        TypeCode.String => "string",
        TypeCode.Char => "char",
        TypeCode.Byte => "byte",
        TypeCode.Decimal => "decimal",
        _ => null,
    };

    /// <summary>Types in assemblies emitted in memory: C# cells (named <c>cells-…</c>) and F# Interactive's.</summary>
    static bool IsCellType(Type type) => type.Assembly.IsDynamic || string.IsNullOrEmpty(type.Assembly.Location)
        || (type.Assembly.GetName().Name?.StartsWith("cells-", StringComparison.Ordinal) ?? false);
}
