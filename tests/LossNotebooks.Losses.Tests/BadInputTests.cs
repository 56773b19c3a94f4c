using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

/// <summary>Bad input gives an ArgumentException naming the loss, the argument, what was expected and what was found.</summary>
public class BadInputTests
{
    static Tensor R(SeededRandom random, params long[] shape) => random.Normal(shape, ScalarType.Float64);

    [Fact]
    public void ShapeMismatchNamesBothShapes()
    {
        using var random = new SeededRandom(111);
        var e = Assert.Throws<ArgumentException>(() => Functional.MseLoss(R(random, 4), R(random, 4, 1)));
        Assert.Contains("mse_loss", e.Message);
        Assert.Contains("[4]", e.Message);
        Assert.Contains("[4, 1]", e.Message);
        Assert.Equal("target", e.ParamName);
    }

    [Fact]
    public void IntegerInputIsRejected()
    {
        using var random = new SeededRandom(112);
        var e = Assert.Throws<ArgumentException>(() => Functional.HuberLoss(ones(3, dtype: ScalarType.Int64), R(random, 3)));
        Assert.Contains("huber_loss", e.Message);
        Assert.Contains("floating-point", e.Message);
    }

    [Fact]
    public void CrossEntropyTargetShapeIsExplained()
    {
        using var random = new SeededRandom(113);
        var e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(R(random, 4, 3), zeros(4, 1, dtype: ScalarType.Int64)));
        Assert.Contains("expected target shape [4] for input [4, 3], got [4, 1]", e.Message);
    }

    [Fact]
    public void ClassIndexOutOfRangeIsTranslated()
    {
        using var random = new SeededRandom(114);
        var e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(R(random, 2, 3), tensor(new long[] { 0, 7 })));
        Assert.StartsWith("cross_entropy:", e.Message);
        var nll = Assert.Throws<ArgumentException>(() => Functional.NllLoss(R(random, 2, 3), tensor(new long[] { 0, 7 })));
        Assert.StartsWith("nll_loss:", nll.Message);
        var composed = Assert.Throws<ArgumentException>(() => Functional.NllLoss(R(random, 2, 3), tensor(new long[] { 0, 7 }), ignoreIndex: 1));
        Assert.StartsWith("nll_loss: Target 7 is out of bounds", composed.Message); // the path TorchSharp's nll_loss cannot take
    }

    [Fact]
    public void ProbabilitiesOutsideUnitIntervalAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.BinaryCrossEntropy(tensor(new[] { 0.5, 1.5 }), tensor(new[] { 1.0, 0.0 })));
        Assert.StartsWith("binary_cross_entropy:", e.Message);
    }

    [Fact]
    public void WeightWithWrongClassCountIsRejected()
    {
        using var random = new SeededRandom(115);
        var e = Assert.Throws<ArgumentException>(() => Functional.CrossEntropy(R(random, 2, 3), tensor(new long[] { 0, 1 }), weight: ones(4, dtype: ScalarType.Float64)));
        Assert.Contains("expected weight shape [3]", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void NonPositiveDeltaIsRejected(double delta)
    {
        using var random = new SeededRandom(116);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.HuberLoss(R(random, 3), R(random, 3), delta: delta));
        Assert.Contains("expected delta > 0", e.Message);
    }

    [Fact]
    public void BatchMeanOnlyForKl()
    {
        using var random = new SeededRandom(117);
        var e = Assert.Throws<ArgumentException>(() => Functional.MseLoss(R(random, 3), R(random, 3), Reduction.BatchMean));
        Assert.Contains("only defined for kl_div", e.Message);
    }

    [Fact]
    public void NegativeVarianceIsRejected()
    {
        using var random = new SeededRandom(118);
        var e = Assert.Throws<ArgumentException>(() => Functional.GaussianNllLoss(R(random, 3), R(random, 3), tensor(new[] { 1.0, -1.0, 1.0 })));
        Assert.Contains("negative", e.Message);
    }

    [Fact]
    public void QuantileOutsideOpenIntervalIsRejected()
    {
        using var random = new SeededRandom(120);
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.QuantileLoss(R(random, 3), R(random, 3), quantile: 1.0));
    }

    [Fact]
    public void TripletShapesAreChecked()
    {
        using var random = new SeededRandom(119);
        var e = Assert.Throws<ArgumentException>(() => Functional.TripletMarginLoss(R(random, 3, 4), R(random, 3, 4), R(random, 3, 5)));
        Assert.Contains("negative", e.Message);
        Assert.Contains("[3, 5]", e.Message);
    }

    [Fact]
    public void CtcBlankOutOfRange()
    {
        using var random = new SeededRandom(121);
        Assert.Throws<ArgumentOutOfRangeException>(() => Functional.CtcLoss(R(random, 5, 2, 3).log_softmax(2), ones(2, 2, dtype: ScalarType.Int64),
            tensor(new long[] { 5, 5 }), tensor(new long[] { 2, 2 }), blank: 3));
    }
    [Fact]
    public void MultiQuantileShapesAndRangesAreNamed()
    {
        using var random = new SeededRandom(131);
        var columns = Assert.Throws<ArgumentException>(() => Functional.QuantileLoss(R(random, 4, 2), R(random, 4), new[] { 0.1, 0.5, 0.9 }));
        Assert.Contains("quantile_loss: expected input of shape (N, 3) for 3 quantiles, got [4, 2]", columns.Message);
        var target = Assert.Throws<ArgumentException>(() => Functional.QuantileLoss(R(random, 4, 3), R(random, 4, 3), new[] { 0.1, 0.5, 0.9 }));
        Assert.Contains("expected target of shape [4] or [4, 1] for input [4, 3], got [4, 3]", target.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => Functional.QuantileLoss(R(random, 4, 2), R(random, 4), new[] { 0.5, 1.0 }));
        Assert.Contains("expected every quantile in (0, 1), got [0.5, 1]", range.Message);
    }

    [Fact]
    public void OneQuantileColumnEqualsTheSingleQuantileLoss()
    {
        using var random = new SeededRandom(132);
        var (input, target) = (R(random, 5, 1), R(random, 5));
        var multi = Functional.QuantileLoss(input, target, new[] { 0.3 }).item<double>();
        var single = Functional.QuantileLoss(input.squeeze(1), target, 0.3).item<double>();
        Assert.Equal(single, multi, 12);
    }
}

/// <summary>No NaN or Inf for logits up to ±1e4.</summary>
public class StabilityTests
{
    static readonly Tensor Extreme = tensor(new[] { 1e4, -1e4, 100, -100, 0 }, dtype: ScalarType.Float32);

    public static IEnumerable<object[]> Losses => new (string, Func<Tensor, Tensor>)[]
    {
        ("bce_with_logits", x => Functional.BinaryCrossEntropyWithLogits(x, ones_like(x) * 0.3, reduction: Reduction.None)),
        ("soft_margin", x => Functional.SoftMarginLoss(x, -ones_like(x), Reduction.None)),
        ("sigmoid_focal", x => Functional.SigmoidFocalLoss(x, zeros_like(x))),
        ("bpr", x => Functional.BprLoss(x, -x, Reduction.None)),
        ("log_cosh", x => Functional.LogCoshLoss(x, zeros_like(x), Reduction.None)),
        ("cross_entropy", x => Functional.CrossEntropy(stack(new[] { x, -x }, 1), zeros(5, dtype: ScalarType.Int64), reduction: Reduction.None)),
        ("softmax_focal", x => Functional.SoftmaxFocalLoss(stack(new[] { x, -x }, 1), ones(5, dtype: ScalarType.Int64), reduction: Reduction.None)),
        ("tukey", x => Functional.TukeyBiweightLoss(x, zeros_like(x), reduction: Reduction.None)),
    }.Select(p => new object[] { p.Item1, p.Item2 });

    [Theory]
    [MemberData(nameof(Losses))]
    public void ValuesAndGradientsStayFinite(string name, Func<Tensor, Tensor> loss)
    {
        var x = Extreme.clone().requires_grad_(true);
        var value = loss(x);
        value.sum().backward();
        Assert.True(value.isfinite().all().item<bool>(), $"{name}: value not finite");
        Assert.True(x.grad!.isfinite().all().item<bool>(), $"{name}: gradient not finite");
    }

}
