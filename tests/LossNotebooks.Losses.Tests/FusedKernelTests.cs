using LossNotebooks.Losses.Fused;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

/// <summary>The fused CPU kernels equal libtorch (values and gradients), dispatch only where they apply, and sum accurately.</summary>
public class FusedKernelTests
{
    public static TheoryData<string, ScalarType, Reduction, long> Cases()
    {
        var data = new TheoryData<string, ScalarType, Reduction, long>();
        foreach (var loss in new[] { "mse", "l1", "huber", "huber2", "smooth_l1", "smooth_l1_0" })
            foreach (var type in new[] { ScalarType.Float32, ScalarType.Float64 })
                foreach (var reduction in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                    foreach (var n in new[] { 7L, 300_001L })
                        data.Add(loss, type, reduction, n);
        return data;
    }

    static Tensor Loss(string name, Tensor x, Tensor y, Reduction reduction) => name switch
    {
        "mse" => Functional.MseLoss(x, y, reduction),
        "l1" => Functional.L1Loss(x, y, reduction),
        "huber" => Functional.HuberLoss(x, y, reduction),
        "huber2" => Functional.HuberLoss(x, y, reduction, delta: 2),
        "smooth_l1" => Functional.SmoothL1Loss(x, y, reduction, beta: 0.5),
        _ => Functional.SmoothL1Loss(x, y, reduction, beta: 0),
    };

    static (Tensor Value, Tensor Grad) Run(string name, Tensor x, Tensor y, Reduction reduction, bool fused)
    {
        var input = x.detach().clone().requires_grad_(true);
        using var off = fused ? null : FusedKernels.Disable();
        var value = Loss(name, input, y, reduction);
        // A non-uniform upstream gradient for the unreduced loss checks that the backward multiplies by it.
        (reduction == Reduction.None ? (value * arange(value.numel(), dtype: value.dtype).reshape(value.shape)).sum() : value * 3).backward();
        return (value.detach(), input.grad!);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedEqualsLibtorch(string loss, ScalarType type, Reduction reduction, long n)
    {
        manual_seed(11);
        var x = (randn(n, dtype: ScalarType.Float64) * 2).to_type(type);
        var y = randn(n, dtype: ScalarType.Float64).to_type(type);
        x[0] = y[0]; // r = 0 exactly: the kink of L1, Huber at its center
        if (n > 3) x[1] = y[1] + 2; // r = δ for huber2: the boundary
        Assert.True(FusedKernels.Applies(x, y));
        var (fusedValue, fusedGrad) = Run(loss, x, y, reduction, fused: true);
        var (nativeValue, nativeGrad) = Run(loss, x, y, reduction, fused: false);
        var (rtol, atol) = type == ScalarType.Float32 ? (1e-5, 1e-5) : (1e-12, 1e-12);
        Assert.Equal(nativeValue.shape, fusedValue.shape);
        Assert.Equal(nativeValue.dtype, fusedValue.dtype);
        Assert.True(fusedValue.allclose(nativeValue, rtol, atol), $"value {fusedValue.to_type(ScalarType.Float64).sum().item<double>()} vs {nativeValue.to_type(ScalarType.Float64).sum().item<double>()}");
        Assert.True(fusedGrad.allclose(nativeGrad, rtol, atol), $"gradient differs: max |Δ| {(fusedGrad - nativeGrad).abs().max().to_type(ScalarType.Float64).item<double>()}, at 0: {fusedGrad[0].to_type(ScalarType.Float64).item<double>()} vs {nativeGrad[0].to_type(ScalarType.Float64).item<double>()}");
    }

    [Fact]
    public void OnlyContiguousSameShapeCpuFloatTensorsTakeTheFusedPath()
    {
        var x = randn(4, 3);
        Assert.True(FusedKernels.Applies(x, randn(4, 3)));
        Assert.False(FusedKernels.Applies(x.t(), randn(3, 4)), "non-contiguous");
        Assert.False(FusedKernels.Applies(x, randn(1, 3)), "broadcasting");
        Assert.False(FusedKernels.Applies(x.to_type(ScalarType.Float16), randn(4, 3).to_type(ScalarType.Float16)), "float16");
        Assert.False(FusedKernels.Applies(x, randn(4, 3).requires_grad_(true)), "target needs a gradient");
        using (FusedKernels.Disable()) Assert.False(FusedKernels.Applies(x, randn(4, 3)));
        // Everything else still computes, through libtorch:
        var t = randn(3, 4);
        Assert.True(Functional.MseLoss(x.t(), t).allclose(nn.functional.mse_loss(x.t(), t)));
    }

    [Fact]
    public async Task TheSwitchIsScopedAndFlowsWithTheAsyncContext()
    {
        Assert.True(FusedKernels.IsEnabled);
        using (FusedKernels.Disable())
        {
            await Task.Yield();
            Assert.False(FusedKernels.IsEnabled);
            Assert.False(await Task.Run(() => FusedKernels.IsEnabled));
            var other = await Task.Run(async () => { await Task.Delay(1); return FusedKernels.IsEnabled; });
            Assert.False(other);
        }
        Assert.True(FusedKernels.IsEnabled);
        var parallel = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            using var scope = i % 2 == 0 ? FusedKernels.Disable() : null;
            await Task.Delay(5);
            return FusedKernels.IsEnabled == (i % 2 == 1);
        })));
        Assert.All(parallel, Assert.True);
    }

    [Fact]
    public void Float32SumsOver1e7ElementsAreAsAccurateAsLibtorch()
    {
        manual_seed(5);
        var x = rand(10_000_000, dtype: ScalarType.Float64) * 10 + 100;
        var y = rand(10_000_000, dtype: ScalarType.Float64);
        var exact = nn.functional.mse_loss(x, y).item<double>();
        var (x32, y32) = (x.to_type(ScalarType.Float32), y.to_type(ScalarType.Float32));
        var exact32 = nn.functional.mse_loss(x32.to_type(ScalarType.Float64), y32.to_type(ScalarType.Float64)).item<double>(); // same rounded inputs
        var fused = Functional.MseLoss(x32, y32).item<float>();
        double native;
        using (FusedKernels.Disable()) native = Functional.MseLoss(x32, y32).item<float>();
        var fusedError = Math.Abs(fused - exact32) / exact32;
        var nativeError = Math.Abs(native - exact32) / exact32;
        Assert.True(fusedError <= Math.Max(nativeError, 1e-7), $"fused relative error {fusedError:E2}, libtorch {nativeError:E2}");
        Assert.True(Math.Abs(exact32 - exact) / exact < 1e-5);
    }
}
