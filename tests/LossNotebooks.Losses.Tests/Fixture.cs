using System.Text.Json;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

/// <summary>One reference case written by fixtures/generate.py from PyTorch.</summary>
public sealed class Fixture
{
    public required string Name { get; init; }
    public required string Fn { get; init; }
    public required Dictionary<string, JsonElement> Args { get; init; }
    public required Dictionary<string, JsonElement> Kwargs { get; init; }
    public required JsonElement Value { get; init; }
    public required Dictionary<string, JsonElement> Grads { get; init; }

    public override string ToString() => Name;

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    static readonly Lazy<Dictionary<string, Fixture>> all = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "losses.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = doc.RootElement.GetProperty("cases").Deserialize<List<Fixture>>(Options)!;
        return cases.ToDictionary(c => c.Name);
    });

    public static IReadOnlyDictionary<string, Fixture> All => all.Value;

    public static IEnumerable<object[]> Names => All.Keys.Select(k => new object[] { k });

    /// <summary>A tensor from its JSON form {dtype, shape, data}; float inputs named in grads require grad.</summary>
    public static Tensor ToTensor(JsonElement json)
    {
        var shape = json.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var data = json.GetProperty("data");
        if (json.GetProperty("dtype").GetString() == "int64")
            return tensor(data.EnumerateArray().Select(e => e.GetInt64()).ToArray(), dtype: ScalarType.Int64).reshape(shape);
        var values = data.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
            ? double.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : e.GetDouble()).ToArray();
        return tensor(values, dtype: ScalarType.Float64).reshape(shape);
    }

    public Dictionary<string, Tensor> Inputs()
    {
        var inputs = Args.ToDictionary(a => a.Key, a => ToTensor(a.Value));
        foreach (var name in Grads.Keys) inputs[name] = inputs[name].requires_grad_(true);
        return inputs;
    }

    public Tensor? TensorKwarg(string name) => Kwargs.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Object ? ToTensor(v) : null;
    public double Number(string name, double fallback) => Kwargs.TryGetValue(name, out var v)
        ? v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : v.GetDouble()
        : fallback;
    public double[]? Numbers(string name) => Kwargs.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Array
        ? v.EnumerateArray().Select(e => e.GetDouble()).ToArray() : null;
    public bool Flag(string name, bool fallback) => Kwargs.TryGetValue(name, out var v) ? v.GetBoolean() : fallback;
    public Reduction Reduction => Kwargs.TryGetValue("reduction", out var v) ? ReductionNames.Parse(v.GetString()!) : Reduction.Mean;
}
