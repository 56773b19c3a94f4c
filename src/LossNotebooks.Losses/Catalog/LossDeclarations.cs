using System.Reflection;
using System.Text;
using static TorchSharp.torch;

namespace LossNotebooks.Losses;

/// <summary>
/// Reads the catalog from its single declaration: the <see cref="Functional"/> methods marked with
/// <see cref="LossAttribute"/>. Names, defaults and kinds of options come from the signatures, so they are written once.
/// They are read once per process (what that costs: docs/benchmarks/catalog.md).
/// </summary>
internal static class LossDeclarations
{
    /// <summary>Every declared loss: its method and its attribute.</summary>
    public static IReadOnlyList<(MethodInfo Method, LossAttribute Loss)> All { get; } =
        typeof(Functional).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => (Method: m, Loss: m.GetCustomAttribute<LossAttribute>()!))
            .Where(d => d.Loss is not null)
            .ToList();

    /// <summary>A parameter is an input when it is a tensor the caller must give (weights and the like have defaults).</summary>
    public static bool IsInput(ParameterInfo parameter) => parameter.ParameterType == typeof(Tensor) && !parameter.HasDefaultValue;

    /// <summary>The catalog entry of a declaration.</summary>
    public static LossInfo ToInfo(MethodInfo method, LossAttribute loss)
    {
        var parameters = method.GetParameters();
        var inputs = parameters.Where(IsInput).ToList();
        var options = parameters.Where(p => p.GetCustomAttribute<OptionAttribute>() is not null).Select(ToOption).ToList();
        if (parameters.All(p => p.ParameterType != typeof(Reduction)))
            throw new InvalidOperationException($"{method.Name}: a declared loss takes a Reduction");
        return new LossInfo(loss.Name, loss.DisplayName, loss.Category, loss.Task, loss.Formula, loss.Properties, loss.UseWhen,
            inputs.Select(p => SnakeCase(p.Name!)).ToList(), options, loss.Aliases, inputs.Count == 2 ? PairCompute(method, parameters) : null,
            loss.InTorch ? "torch.nn.functional." + loss.Name : null);
    }

    static LossOption ToOption(ParameterInfo parameter)
    {
        var option = parameter.GetCustomAttribute<OptionAttribute>()!;
        var type = parameter.ParameterType;
        var kind = type == typeof(bool) ? LossOptionKind.Boolean
            : type == typeof(int) || type == typeof(long) ? LossOptionKind.Integer : LossOptionKind.Real;
        var value = type == typeof(Tensor) ? option.Neutral : Convert.ToDouble(parameter.DefaultValue);
        if (double.IsNaN(value)) throw new InvalidOperationException($"option {parameter.Name} has no default");
        return new LossOption(SnakeCase(parameter.Name!), value, option.Range, option.Description, kind, option.AcceptsList);
    }

    /// <summary>
    /// Calls the method with two input tensors, a reduction and option values by snake_case name; other parameters
    /// take their defaults. An option given a list calls the overload that takes a <c>double[]</c> in its place. How to
    /// fill each parameter is decided once, here, not on every call.
    /// </summary>
    static LossInfo.PairCompute PairCompute(MethodInfo method, ParameterInfo[] parameters)
    {
        var inputIndex = 0;
        var fills = parameters.Select(p => Fill(p, IsInput(p) ? inputIndex++ : -1)).ToArray();
        var listOverloads = parameters.Where(p => p.GetCustomAttribute<OptionAttribute>() is { AcceptsList: true })
            .ToDictionary(p => SnakeCase(p.Name!), p => (p.Position, Method: ListOverload(method, p)));
        return (input, target, reduction, options, lists) =>
        {
            var arguments = new object?[fills.Length];
            for (var i = 0; i < fills.Length; i++) arguments[i] = fills[i](input, target, reduction, options);
            var called = method;
            foreach (var (name, values) in lists)
            {
                var overload = listOverloads[name];
                arguments[overload.Position] = values;
                called = overload.Method;
            }
            return (Tensor)called.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null)!;
        };
    }

    /// <summary>The overload of <paramref name="method"/> with a <c>double[]</c> where <paramref name="option"/> is.</summary>
    static MethodInfo ListOverload(MethodInfo method, ParameterInfo option)
    {
        var types = method.GetParameters().Select(p => p.Position == option.Position ? typeof(double[]) : p.ParameterType).ToArray();
        return method.DeclaringType!.GetMethod(method.Name, types)
            ?? throw new InvalidOperationException($"{method.Name}: option {option.Name} accepts a list but no overload takes a double[] in its place");
    }

    delegate object? ParameterFill(Tensor input, Tensor target, Reduction reduction, IReadOnlyDictionary<string, double> options);

    static ParameterFill Fill(ParameterInfo parameter, int inputIndex)
    {
        if (inputIndex >= 0) return (x, y, _, _) => inputIndex == 0 ? x : y;
        var type = parameter.ParameterType;
        if (type == typeof(Reduction)) return (_, _, reduction, _) => reduction;
        var defaultValue = parameter.DefaultValue;
        if (parameter.GetCustomAttribute<OptionAttribute>() is not { } option) return (_, _, _, _) => defaultValue;
        var name = SnakeCase(parameter.Name!);
        if (type == typeof(bool)) return (_, _, _, o) => o[name] != 0;
        if (type == typeof(int)) return (_, _, _, o) => (int)o[name];
        if (type == typeof(long)) return (_, _, _, o) => (long)o[name];
        if (type == typeof(Tensor)) return (x, _, _, o) => o[name] == option.Neutral ? null : full_like(x, o[name]);
        return (_, _, _, o) => o[name];
    }

    /// <summary>A C# parameter name as PyTorch spells the option: <c>labelSmoothing</c> → <c>label_smoothing</c>.</summary>
    public static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }
        return text.ToString();
    }
}
