using System.Reflection;
using System.Runtime.Loader;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Interpreters;

/// <summary>
/// Interpreters a kernelspec names on the kernel's command line, <c>--interpreter TYPE,ASSEMBLY_PATH</c>: the assembly
/// is loaded into the host's context (its own dependencies found beside it), and the type, a public
/// <see cref="IInterpreter"/> with a parameterless constructor, is created when the kernel starts.
/// </summary>
public static class InterpreterPlugins
{
    /// <summary>The command-line option.</summary>
    public const string Option = "--interpreter";

    /// <summary>The interpreters the arguments name, in order; throws naming a value that cannot be used.</summary>
    public static IReadOnlyList<Func<IInterpreter>> FromArguments(IReadOnlyList<string> args)
    {
        var plugins = new List<Func<IInterpreter>>();
        for (var i = 0; i < args.Count - 1; i++)
            if (args[i] == Option) plugins.Add(Load(args[i + 1]));
        return plugins;
    }

    static Func<IInterpreter> Load(string value)
    {
        var comma = value.IndexOf(',', StringComparison.Ordinal);
        if (comma <= 0 || comma == value.Length - 1)
            throw new ArgumentException($"{Option} '{value}': expected TYPE,ASSEMBLY_PATH (e.g. My.ToyInterpreter,/opt/toy/Toy.dll)");
        var (typeName, path) = (value[..comma].Trim(), Path.GetFullPath(value[(comma + 1)..].Trim()));
        if (!File.Exists(path)) throw new IOException($"{Option}: no assembly {path}");
        var folder = Path.GetDirectoryName(path)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        var type = AssemblyLoadContext.Default.LoadFromAssemblyPath(path).GetType(typeName, throwOnError: false);
        if (type is null || !typeof(IInterpreter).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            throw new InvalidOperationException($"{Option}: {path} has no public IInterpreter class {typeName} with a parameterless constructor");
        return () =>
        {
            try { return (IInterpreter)Activator.CreateInstance(type)!; }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException($"{Option}: {typeName} did not start: {e.InnerException.Message}", e.InnerException);
            }
        };
    }
}
