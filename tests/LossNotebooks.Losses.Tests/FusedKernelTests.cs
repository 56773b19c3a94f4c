using LossNotebooks.Losses.Fused;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

/// <summary>The fused CPU kernels equal libtorch (values and gradients), dispatch only where they apply, and sum accurately.</summary>
public class FusedKernelTests
{
    static readonly string[] Losses =
    {
        "mse", "l1", "huber", "huber2", "smooth_l1", "smooth_l1_0", "log_cosh", "quantile", "tukey", "barron1", "barron2", "barron0",
        "barron_-inf", "barron_inf", "barron_-2.5", "bce", "bce_weighted", "bce_logits", "bce_logits_weighted", "bce_logits_pos_weight",
        "soft_margin", "poisson_log", "poisson_rate_full",
    };

    public static TheoryData<string, ScalarType, Reduction, long> Cases()
    {
        var data = new TheoryData<string, ScalarType, Reduction, long>();
        foreach (var loss in Losses)
            foreach (var type in new[] { ScalarType.Float32, ScalarType.Float64 })
                foreach (var reduction in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                    foreach (var n in new[] { 7L, 300_001L })
                        data.Add(loss, type, reduction, n);
        return data;
    }

    /// <summary>Input and target in each loss's domain, shaped [n, 3] (the last dimension is pos_weight's).</summary>
    static (Tensor X, Tensor Y) Inputs(SeededRandom random, string loss, long n, ScalarType type)
    {
        var shape = new[] { n, 3L };
        Tensor x, y;
        if (loss.StartsWith("bce_logits") || loss == "soft_margin")
        {
            x = random.Normal(shape, ScalarType.Float64) * 4;
            y = loss == "soft_margin" ? random.Integers(0, 2, shape, ScalarType.Float64) * 2 - 1 : random.Uniform(shape, ScalarType.Float64);
            x[0, 0] = 0; // σ(0), softplus(0)
            x[0, 1] = 60; // far out: e^−|x| underflows nowhere it matters
        }
        else if (loss.StartsWith("bce"))
        {
            x = random.Uniform(shape, ScalarType.Float64);
            y = random.Uniform(shape, ScalarType.Float64);
            x[0, 0] = 0; // ln 0 clamped at −100, gradient through the 1e-12 floor
            x[0, 1] = 1;
        }
        else if (loss.StartsWith("poisson"))
        {
            x = loss == "poisson_log" ? random.Normal(shape, ScalarType.Float64) : random.Uniform(shape, ScalarType.Float64) * 5;
            y = random.Integers(0, 6, shape, ScalarType.Float64);
        }
        else
        {
            x = random.Normal(shape, ScalarType.Float64) * 2;
            y = random.Normal(shape, ScalarType.Float64);
            x[0, 0] = y[0, 0]; // d = 0 exactly: the kink of L1, Huber at its center
            x[0, 1] = y[0, 1] + 2; // d = δ for huber2: the boundary
        }
        return (x.to_type(type), y.to_type(type));
    }

    static Tensor Loss(string name, Tensor x, Tensor y, Reduction reduction)
    {
        var weight = (arange(x.numel(), dtype: x.dtype).reshape(x.shape) % 5 + 0.5).to_type(x.dtype);
        var posWeight = tensor(new[] { 0.5, 1.0, 3.0 }).to_type(x.dtype);
        return name switch
        {
            "mse" => Functional.MseLoss(x, y, reduction),
            "l1" => Functional.L1Loss(x, y, reduction),
            "huber" => Functional.HuberLoss(x, y, reduction),
            "huber2" => Functional.HuberLoss(x, y, reduction, delta: 2),
            "smooth_l1" => Functional.SmoothL1Loss(x, y, reduction, beta: 0.5),
            "smooth_l1_0" => Functional.SmoothL1Loss(x, y, reduction, beta: 0),
            "log_cosh" => Functional.LogCoshLoss(x, y, reduction),
            "quantile" => Functional.QuantileLoss(x, y, 0.3, reduction),
            "tukey" => Functional.TukeyBiweightLoss(x, y, 1.5, reduction),
            "bce" => Functional.BinaryCrossEntropy(x, y, reduction: reduction),
            "bce_weighted" => Functional.BinaryCrossEntropy(x, y, weight, reduction),
            "bce_logits" => Functional.BinaryCrossEntropyWithLogits(x, y, reduction: reduction),
            "bce_logits_weighted" => Functional.BinaryCrossEntropyWithLogits(x, y, weight, reduction),
            "bce_logits_pos_weight" => Functional.BinaryCrossEntropyWithLogits(x, y, weight, reduction, posWeight),
            "soft_margin" => Functional.SoftMarginLoss(x, y, reduction),
            "poisson_log" => Functional.PoissonNllLoss(x, y, reduction: reduction),
            "poisson_rate_full" => Functional.PoissonNllLoss(x, y, logInput: false, full: true, reduction: reduction),
            _ when name.StartsWith("barron") => Functional.BarronLoss(x, y, double.Parse(name["barron".Length..].TrimStart('_').Replace("inf", "Infinity"),
                System.Globalization.CultureInfo.InvariantCulture), scale: 2, reduction: reduction),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    static (Tensor Value, Tensor Grad) Run(string name, Tensor x, Tensor y, Reduction reduction, bool fused)
    {
        var input = x.detach().clone().requires_grad_(true);
        using var off = fused ? null : FusedKernels.Disable();
        var value = Loss(name, input, y, reduction);
        // A non-uniform upstream gradient for the unreduced loss checks that the backward multiplies by it.
        (reduction == Reduction.None ? (value * arange(value.numel(), dtype: value.dtype).reshape(value.shape)).sum() : value * 3).backward();
        return (value.detach(), input.grad!);
    }

    /// <summary>
    /// float64: the fused kernel equals libtorch elementwise to 1e-9. float32: both round, and where a formula cancels
    /// (eˣ − y, σ(x) − y, tanh of a small residual) they round differently, so the fused result is held to libtorch's
    /// own accuracy: its largest error against the float64 truth is at most twice libtorch's, or 10⁻⁶ of the largest
    /// value.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedEqualsLibtorch(string loss, ScalarType type, Reduction reduction, long n)
    {
        using var scope = NewDisposeScope(); // ~1e6-element tensors per case: free them now, not at finalization
        using var anySize = FusedKernels.AtAnySize(); // the kernels themselves, below the dispatch thresholds too
        using var random = new SeededRandom(11);
        var (x, y) = Inputs(random, loss, n, type);
        Assert.True(FusedKernels.Applies(x, y));
        var (fusedValue, fusedGrad) = Run(loss, x, y, reduction, fused: true);
        var (nativeValue, nativeGrad) = Run(loss, x, y, reduction, fused: false);
        Assert.Equal(nativeValue.shape, fusedValue.shape);
        Assert.Equal(nativeValue.dtype, fusedValue.dtype);
        var (truthValue, truthGrad) = type == ScalarType.Float64
            ? (nativeValue, nativeGrad)
            : Run(loss, x.to_type(ScalarType.Float64), y.to_type(ScalarType.Float64), reduction, fused: false);
        AssertClose("value", fusedValue, nativeValue, truthValue, x, y);
        AssertClose("gradient", fusedGrad, nativeGrad, truthGrad, x, y);
    }

    static void AssertClose(string what, Tensor fused, Tensor native, Tensor truth, Tensor x, Tensor y)
    {
        if (fused.dtype == ScalarType.Float64)
        {
            var at = fused.isclose(native, 1e-9, 1e-9, true).logical_not().reshape(-1).nonzero();
            if (at.numel() == 0) return;
            var first = at[0].item<long>();
            double Of(Tensor tensor) => tensor.reshape(-1)[first].item<double>();
            Assert.Fail($"{what} differs at {at.numel()} elements, first {first}: fused {Of(fused):R}, libtorch {Of(native):R}" +
                        (fused.numel() == x.numel() ? $" (x = {Of(x):R}, y = {Of(y):R})" : ""));
        }
        var (f, n, t) = (fused.to_type(ScalarType.Float64), native.to_type(ScalarType.Float64), truth);
        var finite = t.isfinite();
        Assert.True(f.isfinite().eq(finite).all().item<bool>(), $"{what}: fused and float64 differ in which elements are finite");
        double Largest(Tensor error) => where(finite, error.abs(), zeros_like(error)).max().item<double>();
        var (fusedError, nativeError, scale) = (Largest(f - t), Largest(n - t), Largest(t));
        Assert.True(fusedError <= Math.Max(2 * nativeError, 1e-6 * scale),
            $"{what}: largest error fused {fusedError:E3}, libtorch {nativeError:E3} (largest value {scale:E3})");
    }

    /// <summary>Forward only (no autograd): the fused path at every size, the smallest included.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedForwardEqualsLibtorch(string loss, ScalarType type, Reduction reduction, long n)
    {
        using var scope = NewDisposeScope(); // ~1e6-element tensors per case: free them now, not at finalization
        using var anySize = FusedKernels.AtAnySize(); // the kernels themselves, below the dispatch thresholds too
        using var random = new SeededRandom(12);
        var (x, y) = Inputs(random, loss, n, type);
        Tensor fused, native;
        using (no_grad())
        {
            fused = Loss(loss, x, y, reduction);
            using (FusedKernels.Disable()) native = Loss(loss, x, y, reduction);
        }
        var truth = type == ScalarType.Float64 ? native : Loss(loss, x.to_type(ScalarType.Float64), y.to_type(ScalarType.Float64), reduction);
        AssertClose("value", fused, native, truth, x, y);
    }

    public static TheoryData<long, long, bool, double, Reduction, ScalarType> CrossEntropyCases()
    {
        var data = new TheoryData<long, long, bool, double, Reduction, ScalarType>();
        foreach (var (rows, classes) in new[] { (7L, 5L), (300L, 1003L) })
            foreach (var weighted in new[] { false, true })
                foreach (var smoothing in new[] { 0.0, 0.1 })
                    foreach (var reduction in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
                        foreach (var type in new[] { ScalarType.Float32, ScalarType.Float64 })
                            data.Add(rows, classes, weighted, smoothing, reduction, type);
        return data;
    }

    [Theory]
    [MemberData(nameof(CrossEntropyCases))]
    public void FusedCrossEntropyEqualsLibtorch(long rows, long classes, bool weighted, double smoothing, Reduction reduction, ScalarType type)
    {
        using var scope = NewDisposeScope(); // ~1e6-element tensors per case: free them now, not at finalization
        using var anySize = FusedKernels.AtAnySize(); // the kernels themselves, below the dispatch thresholds too
        using var random = new SeededRandom(13);
        var x = (random.Normal([rows, classes], ScalarType.Float64) * 3).to_type(type);
        var target = random.Integers(0, classes, [rows]);
        target[1] = -100; // ignored rows contribute nothing
        target[rows - 1] = -100;
        var weight = weighted ? (random.Uniform([classes], ScalarType.Float64) + 0.1).to_type(type) : null;
        (Tensor Value, Tensor Grad) Run(Tensor scores, bool fused)
        {
            var input = scores.detach().clone().requires_grad_(true);
            using var off = fused ? null : FusedKernels.Disable();
            var value = Functional.CrossEntropy(input, target, weight?.to_type(scores.dtype), reduction: reduction, labelSmoothing: smoothing);
            (reduction == Reduction.None ? (value * arange(rows, dtype: value.dtype)).sum() : value * 3).backward();
            return (value.detach(), input.grad!);
        }
        Tensor ForwardOnly()
        {
            using var noGrad = no_grad();
            return Functional.CrossEntropy(x, target, weight, reduction: reduction, labelSmoothing: smoothing);
        }
        var (fusedValue, fusedGrad) = Run(x, fused: true);
        var (nativeValue, nativeGrad) = Run(x, fused: false);
        var (truthValue, truthGrad) = type == ScalarType.Float64 ? (nativeValue, nativeGrad) : Run(x.to_type(ScalarType.Float64), fused: false);
        Assert.Equal(nativeValue.shape, fusedValue.shape);
        AssertClose("value", fusedValue, nativeValue, truthValue, x, x);
        AssertClose("gradient", fusedGrad, nativeGrad, truthGrad, x, x);
        AssertClose("forward-only value", ForwardOnly(), nativeValue, truthValue, x, x);
    }

    [Fact]
    public void ANaNScoreMakesItsRowNaNOnTheFusedPathAsInLibtorch()
    {
        using var scope = NewDisposeScope();
        using var anySize = FusedKernels.AtAnySize();
        using var random = new SeededRandom(16);
        var scores = random.Normal(4, 37); // 37 classes: vector pairs, a single vector and a scalar tail
        scores[1, 20] = float.NaN; // in the vector part
        scores[2, 36] = float.NaN; // in the scalar tail
        var targets = tensor(new long[] { 0, 3, 5, 36 });
        Tensor PerRow(bool fused, out Tensor grad)
        {
            using var off = fused ? null : FusedKernels.Disable();
            var x = scores.clone().requires_grad_(true);
            var rows = Functional.CrossEntropy(x, targets, reduction: Reduction.None);
            rows.sum().backward();
            grad = x.grad!;
            return rows.detach();
        }
        using var calls = FusedKernels.CountCalls();
        var fused = PerRow(fused: true, out var fusedGrad);
        Assert.True(calls.Calls > 0, "the fused path ran");
        var native = PerRow(fused: false, out var nativeGrad);
        Assert.Equal(native.isnan().data<bool>().ToArray(), fused.isnan().data<bool>().ToArray());
        Assert.Equal(new[] { false, true, true, false }, fused.isnan().data<bool>().ToArray());
        Assert.True(fused.nan_to_num().allclose(native.nan_to_num(), 1e-5, 1e-6));
        Assert.Equal(nativeGrad.isnan().data<bool>().ToArray(), fusedGrad.isnan().data<bool>().ToArray());
    }

    [Fact]
    public void CrossEntropyTargetsOutOfRangeAreRejectedOnTheFusedPathToo()
    {
        using var random = new SeededRandom(20);
        using var anySize = FusedKernels.AtAnySize();
        foreach (var fused in new[] { true, false })
        {
            using var off = fused ? null : FusedKernels.Disable();
            var error = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(random.Normal(3, 4), tensor(new long[] { 0, 4, 1 })));
            Assert.Contains("cross_entropy", error.Message);
            Assert.Contains("out of bounds", error.Message);
        }
        Assert.True(CrossEntropyRows.TryCompute(random.Normal(3, 4), tensor(new long[] { 0, 3, 1 }), null, -100, Reduction.Mean, 0, out _));
        Assert.False(CrossEntropyRows.TryCompute(random.Normal(3, 4, 2), zeros(3, 2, dtype: ScalarType.Int64), null, -100, Reduction.Mean, 0, out _),
            "spatial inputs go to libtorch");
    }

    /// <summary>
    /// Outputs of 32 MiB and more (gradients, elementwise losses) are .NET arrays wrapped as tensors: the values and
    /// gradients must equal libtorch's, and the arrays must be released once the tensors are (no leak per step).
    /// </summary>
    [Fact]
    public void LargeOutputsLiveInManagedArraysAndEqualLibtorchs()
    {
        var n = OutputBuffers.ManagedFromBytes / sizeof(float) + 5; // over the line, with a tail
        using var scope = NewDisposeScope();
        using var random = new SeededRandom(15);
        var (x0, y, p) = (random.Normal(n), random.Normal(n), random.Uniform(n));
        (Tensor Grad, Tensor Values) Run(bool fused, ScalarType type = ScalarType.Float32)
        {
            using var off = fused ? null : FusedKernels.Disable();
            var (xs, ys, ps) = (x0.to_type(type), y.to_type(type), p.to_type(type));
            var x = xs.clone().requires_grad_(true);
            Functional.MseLoss(x, ys).backward();
            Functional.BinaryCrossEntropyWithLogits(x, ps).backward();
            using var noGrad = no_grad();
            return (x.grad!, Functional.BinaryCrossEntropyWithLogits(xs, ps, reduction: Reduction.None));
        }
        var (fusedGrad, fusedValues) = Run(fused: true);
        var (nativeGrad, nativeValues) = Run(fused: false);
        var (truthGrad, truthValues) = Run(fused: false, ScalarType.Float64);
        // Against float64, not elementwise against libtorch: libtorch's own float32 rounding depends on the CPU kernel it picks.
        AssertClose("gradients", fusedGrad, nativeGrad, truthGrad, x0, y);
        AssertClose("elementwise losses", fusedValues, nativeValues, truthValues, x0, p);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var step = 0; step < 5; step++)
        {
            using var stepScope = NewDisposeScope();
            Functional.MseLoss(x0.clone().requires_grad_(true), y).backward();
        }
        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(growth < OutputBuffers.ManagedFromBytes, $"managed memory grew by {growth:N0} bytes over 5 steps");
    }

    /// <summary>
    /// A reduced loss's gradient is written by the forward pass and handed to autograd as is for loss.backward();
    /// accumulating it into .grad twice, and a retained graph's second backward, must not alter it.
    /// </summary>
    [Fact]
    public void TheForwardWrittenGradientAccumulatesLikeLibtorchs()
    {
        using var anySize = FusedKernels.AtAnySize();
        using var scope = NewDisposeScope();
        using var random = new SeededRandom(14);
        var (x0, y) = (random.Normal(100_000, 3), random.Normal(100_000, 3));
        Tensor Grad(bool fused)
        {
            using var off = fused ? null : FusedKernels.Disable();
            var x = x0.clone().requires_grad_(true);
            Functional.HuberLoss(x, y).backward();
            var retained = Functional.MseLoss(x, y);
            retained.backward(retain_graph: true);
            retained.backward();
            Functional.CrossEntropy(x.reshape(-1, 300), zeros(1000, dtype: ScalarType.Int64)).backward();
            return x.grad!;
        }
        Assert.True(Grad(fused: true).allclose(Grad(fused: false), 1e-5, 1e-7));
    }

    [Fact]
    public void SmallInputsTakeTheFusedPathOnlyWhereItIsFaster()
    {
        using var random = new SeededRandom(17);
        bool Fused(Func<Tensor> call)
        {
            using var calls = FusedKernels.CountCalls();
            call();
            return calls.Calls > 0;
        }
        using var scope = NewDisposeScope();
        var small = random.Normal(1000);
        var large = random.Normal(FusedKernels.MinElements);
        var justBelow = large[TensorIndex.Slice(1)];
        Assert.True(Fused(() => Functional.MseLoss(small, random.Normal(1000))), "polynomial, forward: every size");
        Assert.False(Fused(() => Functional.MseLoss(small.requires_grad_(true), random.Normal(1000))), "autograd below 2^21: libtorch");
        Assert.True(Fused(() => Functional.MseLoss(large.requires_grad_(true), random.Normal(large.shape))), "autograd from 2^21");
        Assert.False(Fused(() => Functional.BinaryCrossEntropyWithLogits(justBelow.detach(), random.Uniform(justBelow.shape))), "exp/log below 2^21: libtorch");
        Assert.True(Fused(() => Functional.BinaryCrossEntropyWithLogits(large.detach(), random.Uniform(large.shape))), "exp/log from 2^21");
        Assert.True(Fused(() => Functional.CrossEntropy(large.detach().view(-1, 1024), zeros(large.shape[0] / 1024, dtype: ScalarType.Int64))),
            "cross-entropy from 2^21");
        Assert.False(Fused(() => Functional.CrossEntropy(random.Normal(10, 5), zeros(10, dtype: ScalarType.Int64))), "small cross-entropy: libtorch");
    }

    [Fact]
    public void WeightsTakeTheFusedPathOnlyWhenTheyLineUpWithTheInput()
    {
        using var random = new SeededRandom(18);
        using var anySize = FusedKernels.AtAnySize();
        var x = random.Normal(10, 3);
        var y = random.Uniform(10, 3);
        bool Fused(Tensor? weight, Tensor? posWeight) =>
            FusedPointwise.TryCompute(FusedLoss.BinaryCrossEntropyWithLogits, x, y, Reduction.Mean, out _, weight, posWeight);
        Assert.True(Fused(null, null));
        Assert.True(Fused(random.Uniform(10, 3), null));
        Assert.True(Fused(null, random.Uniform(3)));
        Assert.True(Fused(null, random.Uniform(1)));
        Assert.False(Fused(random.Uniform(1, 3), null), "a broadcast weight goes to libtorch");
        Assert.False(Fused(null, random.Uniform(10, 1)), "pos_weight along another dimension goes to libtorch");
        Assert.False(Fused(random.Uniform(10, 3).requires_grad_(true), null), "a weight that needs a gradient goes to libtorch");
        using (FusedKernels.Disable()) Assert.False(Fused(null, null));
        // and the libtorch path still gives the same numbers
        var broadcast = random.Uniform(1, 3);
        using (FusedKernels.Disable())
            Assert.True(Functional.BinaryCrossEntropyWithLogits(x, y, broadcast).allclose(nn.functional.binary_cross_entropy_with_logits(x, y, broadcast)));
    }

    [Fact]
    public void ProbabilitiesOutsideTheUnitIntervalAreRejectedOnTheFusedPathToo()
    {
        using var anySize = FusedKernels.AtAnySize();
        foreach (var fused in new[] { true, false })
        {
            using var off = fused ? null : FusedKernels.Disable();
            var bad = tensor(new[] { 0.2f, 1.5f, 0.3f });
            var error = Assert.Throws<ArgumentException>(() => Functional.BinaryCrossEntropy(bad, zeros(3)));
            Assert.Contains("binary_cross_entropy", error.Message);
            Assert.Contains("between 0 and 1", error.Message);
        }
    }

    [Fact]
    public void OnlyContiguousSameShapeCpuFloatTensorsTakeTheFusedPath()
    {
        using var random = new SeededRandom(19);
        var x = random.Normal(4, 3);
        Assert.True(FusedKernels.Applies(x, random.Normal(4, 3)));
        Assert.False(FusedKernels.Applies(x.t(), random.Normal(3, 4)), "non-contiguous");
        Assert.False(FusedKernels.Applies(x, random.Normal(1, 3)), "broadcasting");
        Assert.False(FusedKernels.Applies(x.to_type(ScalarType.Float16), random.Normal(4, 3).to_type(ScalarType.Float16)), "float16");
        Assert.False(FusedKernels.Applies(x, random.Normal(4, 3).requires_grad_(true)), "target needs a gradient");
        using (FusedKernels.Disable()) Assert.False(FusedKernels.Applies(x, random.Normal(4, 3)));
        // Everything else still computes, through libtorch:
        var t = random.Normal(3, 4);
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
        using var random = new SeededRandom(5);
        var x = random.Uniform([10_000_000], ScalarType.Float64) * 10 + 100;
        var y = random.Uniform([10_000_000], ScalarType.Float64);
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
