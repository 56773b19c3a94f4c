using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

/// <summary>Every loss against PyTorch 1.13 reference values and input gradients (float64).</summary>
public class FixtureTests
{
    const double Tolerance = 1e-9;

    public static IEnumerable<object[]> AllCases => Fixture.Names;

    /// <summary>
    /// Where a transparent form differs from PyTorch at an exact boundary (each documented on its FromScratch method):
    /// BCE at probabilities exactly 0 and 1 (the formula's 0·∞ gives a NaN gradient; libtorch's backward divides by
    /// max(x(1 − x), 1e−12)); smooth L1 with β = 0 at r = 0 (|r|'s subgradient 0; libtorch's kernel gives −1).
    /// </summary>
    static readonly HashSet<string> ScratchEdgeCases = new() { "bce_edges", "smooth_l1_beta0" };

    public static IEnumerable<object[]> ScratchCases =>
        Fixture.All.Values.Where(f => FixtureDispatch.WithScratchForm.Contains(f.Fn) && !ScratchEdgeCases.Contains(f.Name))
            .Select(f => new object[] { f.Name });

    [Theory]
    [MemberData(nameof(AllCases))]
    public void EntryPointMatchesPyTorch(string name) => Check(Fixture.All[name], FixtureDispatch.Face.EntryPoint);

    /// <summary>The same cases through the fused CPU kernels wherever they apply, below their size thresholds too.</summary>
    [Theory]
    [MemberData(nameof(AllCases))]
    public void FusedKernelsMatchPyTorch(string name)
    {
        using var anySize = LossNotebooks.Losses.Fused.FusedKernels.AtAnySize();
        Check(Fixture.All[name], FixtureDispatch.Face.EntryPoint);
    }

    /// <summary>The same cases with the fused CPU kernels switched off: libtorch's path matches PyTorch too.</summary>
    [Theory]
    [MemberData(nameof(AllCases))]
    public void EntryPointMatchesPyTorchWithoutFusedKernels(string name)
    {
        using var off = LossNotebooks.Losses.Fused.FusedKernels.Disable();
        Check(Fixture.All[name], FixtureDispatch.Face.EntryPoint);
    }

    [Theory]
    [MemberData(nameof(ScratchCases))]
    public void FromScratchFormMatchesPyTorch(string name) => Check(Fixture.All[name], FixtureDispatch.Face.FromScratch);

    [Fact]
    public void The_transparent_forms_differ_at_their_documented_boundaries_only_as_documented()
    {
        using var scope = NewDisposeScope();
        var atZero = zeros(1, dtype: ScalarType.Float64).requires_grad_(true);
        FromScratch.SmoothL1Loss(atZero, zeros(1, dtype: ScalarType.Float64), beta: 0).backward();
        Assert.Equal(0.0, atZero.grad!.item<double>());
        var viaLibtorch = zeros(1, dtype: ScalarType.Float64).requires_grad_(true);
        Functional.SmoothL1Loss(viaLibtorch, zeros(1, dtype: ScalarType.Float64), beta: 0).backward();
        Assert.Equal(-1.0, viaLibtorch.grad!.item<double>());

        var certain = tensor(new[] { 0.0, 1.0 }).requires_grad_(true);
        FromScratch.BinaryCrossEntropy(certain, tensor(new[] { 0.0, 1.0 })).backward();
        Assert.True(certain.grad!.isnan().all().item<bool>());
    }

    [Fact]
    public void EveryCatalogLossHasFixtures()
    {
        var covered = Fixture.All.Values.Select(f => f.Fn).ToHashSet();
        var missing = LossCatalog.All.Select(l => l.Name).Where(n => !covered.Contains(n)).ToList();
        Assert.Empty(missing);
    }

    static void Check(Fixture fixture, FixtureDispatch.Face face)
    {
        using var scope = NewDisposeScope();
        var inputs = fixture.Inputs();
        var value = FixtureDispatch.Call(fixture, inputs, face);
        AssertClose(Fixture.ToTensor(fixture.Value), value, $"{fixture.Name} value");
        if (fixture.Grads.Count == 0) return;
        var weights = value.numel() > 1 ? linspace(0.5, 1.5, value.numel(), dtype: ScalarType.Float64).reshape(value.shape) : ones_like(value);
        (value * weights).sum().backward();
        foreach (var (argument, expected) in fixture.Grads)
        {
            var grad = inputs[argument].grad ?? zeros_like(inputs[argument]);
            AssertClose(Fixture.ToTensor(expected), grad, $"{fixture.Name} d/d{argument}");
        }
    }

    internal static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: expected shape [{string.Join(", ", expected.shape)}], got [{string.Join(", ", actual.shape)}]");
        var e = expected.to_type(ScalarType.Float64).flatten().data<double>().ToArray();
        var a = actual.detach().to_type(ScalarType.Float64).flatten().data<double>().ToArray();
        for (var i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i])) { Assert.True(double.IsNaN(a[i]), $"{what}[{i}]: expected NaN, got {a[i]}"); continue; }
            if (double.IsInfinity(e[i])) { Assert.Equal(e[i], a[i]); continue; }
            var tolerance = Tolerance * Math.Max(1, Math.Abs(e[i]));
            Assert.True(Math.Abs(e[i] - a[i]) <= tolerance, $"{what}[{i}]: expected {e[i]:R}, got {a[i]:R}");
        }
    }
}
