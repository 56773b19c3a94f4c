using System.Reflection;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

/// <summary>
/// Calls a loss by its fixture name through one of the library's faces. The call is read from the loss's declaration
/// (the <see cref="Functional"/> method marked <see cref="LossAttribute"/>, or the <see cref="FromScratch"/> method of
/// the same name): tensors by parameter name, options from the fixture's keyword arguments by snake_case name, every
/// other parameter at its default. A keyword argument no parameter takes is an error, never silently dropped.
/// </summary>
public static class FixtureDispatch
{
    public enum Face { EntryPoint, FromScratch }

    static readonly Dictionary<string, MethodInfo> Declared = LossDeclarations.All.ToDictionary(d => d.Loss.Name, d => d.Method);

    /// <summary>Inputs a fixture stores in another form than the method takes (CTC's keep the logits, whose gradient they give).</summary>
    static readonly Dictionary<string, Func<IReadOnlyDictionary<string, Tensor>, Tensor>> StoredOtherwise = new()
    {
        ["log_probs"] = t => t["logits"].log_softmax(-1),
    };

    /// <summary>Losses with a separate transparent form in <see cref="FromScratch"/>.</summary>
    public static IReadOnlySet<string> WithScratchForm { get; } =
        Declared.Where(d => ScratchForm(d.Value) is not null).Select(d => d.Key).ToHashSet();

    static MethodInfo? ScratchForm(MethodInfo declared) => typeof(FromScratch).GetMethod(declared.Name, BindingFlags.Public | BindingFlags.Static);

    public static Tensor Call(Fixture f, IReadOnlyDictionary<string, Tensor> t, Face face = Face.EntryPoint)
    {
        var method = Method(f);
        if (face == Face.FromScratch) method = ScratchForm(method) ?? throw new InvalidOperationException($"{f.Fn} has no FromScratch form");
        var parameters = method.GetParameters();
        var unknown = f.Kwargs.Keys.Where(k => k != "reduction" && parameters.All(p => LossDeclarations.SnakeCase(p.Name!) != k)).ToList();
        if (unknown.Count > 0) throw new InvalidOperationException($"fixture {f.Name}: {method.DeclaringType!.Name}.{method.Name} takes no {string.Join(", ", unknown)}");
        var arguments = parameters.Select(p => Argument(p, f, t)).ToArray();
        return (Tensor)method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null)!;
    }

    /// <summary>The declaration of the fixture's function; several quantiles take the overload made for them.</summary>
    static MethodInfo Method(Fixture f)
    {
        if (f.Fn == "quantile_loss" && f.Numbers("quantiles") is not null)
            return typeof(Functional).GetMethod(nameof(Functional.QuantileLoss), new[] { typeof(Tensor), typeof(Tensor), typeof(double[]), typeof(Reduction) })!;
        return Declared.TryGetValue(f.Fn, out var method) ? method : throw new InvalidOperationException($"no declared loss for fixture function {f.Fn}");
    }

    static object? Argument(ParameterInfo p, Fixture f, IReadOnlyDictionary<string, Tensor> t)
    {
        var name = LossDeclarations.SnakeCase(p.Name!);
        var type = p.ParameterType;
        if (type == typeof(Reduction)) return f.Reduction;
        if (type == typeof(Tensor))
        {
            if (t.TryGetValue(p.Name!, out var given) || t.TryGetValue(name, out given)) return given;
            if (StoredOtherwise.TryGetValue(name, out var derive)) return derive(t);
            return p.HasDefaultValue ? f.TensorKwarg(name) : throw new InvalidOperationException($"fixture {f.Name} has no tensor {p.Name}");
        }
        if (type == typeof(double[])) return f.Numbers(name);
        if (type == typeof(bool)) return f.Flag(name, (bool)p.DefaultValue!);
        if (type == typeof(int)) return (int)f.Number(name, (int)p.DefaultValue!);
        if (type == typeof(long)) return (long)f.Number(name, (long)p.DefaultValue!);
        if (type == typeof(double)) return f.Number(name, (double)p.DefaultValue!);
        return p.DefaultValue; // e.g. a custom distance function
    }
}
