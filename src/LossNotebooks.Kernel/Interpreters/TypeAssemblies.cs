using System.Reflection;

namespace LossNotebooks.Kernel.Interpreters;

/// <summary>
/// The assemblies a cell must reference to name a type (its own, its generic arguments', its element type's) that
/// are neither the framework's nor emitted in memory: what an interpreter references before it declares a variable
/// of a type another language's cells brought (FSharp.Core's list from F#, TorchSharp's Tensor from C#).
/// </summary>
public static class TypeAssemblies
{
    static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    /// <summary>The assemblies to reference for <paramref name="type"/>, each once.</summary>
    public static IReadOnlyList<Assembly> Of(Type type)
    {
        var found = new HashSet<Assembly>();
        Collect(type, found);
        return found.Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location)
                                && !string.Equals(Path.GetDirectoryName(a.Location), FrameworkDirectory, StringComparison.Ordinal)).ToList();
    }

    static void Collect(Type type, HashSet<Assembly> found)
    {
        if (type.HasElementType) { Collect(type.GetElementType()!, found); return; }
        found.Add(type.Assembly);
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes) Collect(argument, found);
    }
}
