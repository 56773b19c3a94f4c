using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace LossNotebooks.Losses.Tests;

/// <summary>The library's transparent implementations equal libtorch's native kernels (values and gradients).</summary>
public class NativeEqualityTests
{
    static Tensor R(SeededRandom random, params long[] shape) => random.Normal(shape, ScalarType.Float64);

    public static IEnumerable<object[]> Pairs => new (string Name, Func<Tensor, Tensor, Tensor> Ours, Func<Tensor, Tensor, Tensor> Native,
        Func<SeededRandom, Tensor> Input, Func<SeededRandom, Tensor> Target)[]
    {
        ("mse", (x, y) => FromScratch.MseLoss(x, y, Reduction.None), (x, y) => TF.mse_loss(x, y, nn.Reduction.None), r => R(r, 6, 5), r => R(r, 6, 5)),
        ("l1", (x, y) => FromScratch.L1Loss(x, y, Reduction.Sum), (x, y) => TF.l1_loss(x, y, nn.Reduction.Sum), r => R(r, 6, 5), r => R(r, 6, 5)),
        ("huber", (x, y) => FromScratch.HuberLoss(x, y, Reduction.Mean, 0.7), (x, y) => TF.huber_loss(x, y, 0.7), r => R(r, 6, 5), r => R(r, 6, 5)),
        ("smooth_l1", (x, y) => FromScratch.SmoothL1Loss(x, y, Reduction.None, 0.3), (x, y) => TF.smooth_l1_loss(x, y, nn.Reduction.None, 0.3), r => R(r, 6, 5), r => R(r, 6, 5)),
        ("cross_entropy", (x, y) => FromScratch.CrossEntropy(x, y, null, -100, Reduction.Mean, 0.1), (x, y) => TF.cross_entropy(x, y, label_smoothing: 0.1),
            r => R(r, 7, 4), r => r.Integers(0, 4, [7])),
        ("nll", (x, y) => Functional.NllLoss(x, y), (x, y) => TF.nll_loss(x, y), r => R(r, 7, 4).log_softmax(1), r => r.Integers(0, 4, [7])),
        ("bce", (x, y) => FromScratch.BinaryCrossEntropy(x, y), (x, y) => TF.binary_cross_entropy(x, y),
            r => r.Uniform([5, 3], ScalarType.Float64) * 0.9 + 0.05, r => r.Uniform([5, 3], ScalarType.Float64)),
        ("bce_logits", (x, y) => FromScratch.BinaryCrossEntropyWithLogits(x, y, null, Reduction.None),
            (x, y) => TF.binary_cross_entropy_with_logits(x, y, reduction: nn.Reduction.None), r => R(r, 5, 3), r => r.Uniform([5, 3], ScalarType.Float64)),
        ("soft_margin", (x, y) => Functional.SoftMarginLoss(x, y), (x, y) => TF.soft_margin_loss(x, y), r => R(r, 8), r => R(r, 8).sign()),
        ("multilabel_soft_margin", (x, y) => Functional.MultilabelSoftMarginLoss(x, y, null, Reduction.None),
            (x, y) => TF.multilabel_soft_margin_loss(x, y, reduction: nn.Reduction.None), r => R(r, 4, 3), r => (R(r, 4, 3) > 0).to(ScalarType.Float64)),
        ("multi_margin", (x, y) => FromScratch.MultiMarginLoss(x, y, 2, 0.8), (x, y) => TF.multi_margin_loss(x, y, 2, 0.8), r => R(r, 6, 4), r => r.Integers(0, 4, [6])),
        ("hinge_embedding", (x, y) => Functional.HingeEmbeddingLoss(x, y, 1.0), (x, y) => TF.hinge_embedding_loss(x, y, 1.0), r => R(r, 9).abs(), r => R(r, 9).sign()),
        ("poisson_nll", (x, y) => Functional.PoissonNllLoss(x, y), (x, y) => TF.poisson_nll_loss(x, y), r => R(r, 9) * 0.3, r => r.Uniform([9], ScalarType.Float64) * 4),
        ("kl_div", (x, y) => Functional.KlDiv(x, y, Reduction.Sum), (x, y) => TF.kl_div(x, y, log_target: false, reduction: nn.Reduction.Sum),
            r => R(r, 3, 4).log_softmax(1), r => R(r, 3, 4).softmax(1)),
    }.Select(p => new object[] { p.Name, p.Ours, p.Native, p.Input, p.Target });

    [Theory]
    [MemberData(nameof(Pairs))]
    public void MatchesLibtorch(string name, Func<Tensor, Tensor, Tensor> ours, Func<Tensor, Tensor, Tensor> native, Func<SeededRandom, Tensor> input, Func<SeededRandom, Tensor> target)
    {
        using var scope = NewDisposeScope();
        using var random = new SeededRandom(7);
        var x = input(random);
        var y = target(random);
        var (ourValue, ourGrad) = ValueAndGrad(ours, x, y);
        var (nativeValue, nativeGrad) = ValueAndGrad(native, x, y);
        FixtureTests.AssertClose(nativeValue, ourValue, $"{name} value");
        FixtureTests.AssertClose(nativeGrad, ourGrad, $"{name} gradient");
    }

    /// <summary>
    /// TorchSharp's nll_loss ignores only −100; with another ignore_index the library composes the loss itself, which
    /// must equal libtorch's on the same targets with that index written as −100.
    /// </summary>
    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    [InlineData(Reduction.None)]
    public void NllWithAnotherIgnoreIndexMatchesLibtorch(Reduction reduction)
    {
        using var random = new SeededRandom(8);
        var logP = R(random, 9, 4).log_softmax(1);
        var target = tensor(new long[] { 0, 2, 3, 2, 1, 0, 3, 2, 1 });
        var weight = random.Uniform([4], ScalarType.Float64) + 0.5;
        var ours = ValueAndGrad((x, y) => Functional.NllLoss(x, y, weight, ignoreIndex: 2, reduction: reduction), logP, target);
        var torchReduction = reduction switch { Reduction.Mean => nn.Reduction.Mean, Reduction.Sum => nn.Reduction.Sum, _ => nn.Reduction.None };
        var native = ValueAndGrad((x, y) => TF.nll_loss(x, y, weight, torchReduction), logP, target.masked_fill(target == 2, -100));
        FixtureTests.AssertClose(native.Value, ours.Value, $"nll ignore_index=2 {reduction} value");
        FixtureTests.AssertClose(native.Grad, ours.Grad, $"nll ignore_index=2 {reduction} gradient");
    }

    [Fact]
    public void TripletWithIntegerPMatchesLibtorch()
    {
        using var random = new SeededRandom(3);
        var (a, p, n) = (R(random, 5, 4), R(random, 5, 4), R(random, 5, 4));
        FixtureTests.AssertClose(TF.triplet_margin_loss(a, p, n, 1.0, 1), Functional.TripletMarginLoss(a, p, n, 1.0, 1.0), "triplet p=1");
        FixtureTests.AssertClose(TF.triplet_margin_loss(a, p, n, 0.5, 2, swap: true), FromScratch.TripletMarginLoss(a, p, n, 0.5, 2.0, swap: true), "triplet swap");
    }

    [Fact]
    public void MultilabelMarginScratchMatchesLibtorch()
    {
        using var random = new SeededRandom(120);
        var x = R(random, 4, 5);
        var y = tensor(new long[] { 3, 0, -1, 1, 1, 1, 2, 3, -1, 0, 4, -1, 0, 0, 0, -1, 1, 1, 1, 1 }).reshape(4, 5);
        FixtureTests.AssertClose(TF.multi_label_margin_loss(x, y, nn.Reduction.None), FromScratch.MultilabelMarginLoss(x, y, Reduction.None), "multilabel margin");
    }

    static (Tensor Value, Tensor Grad) ValueAndGrad(Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y)
    {
        var input = x.detach().clone().requires_grad_(true);
        var value = loss(input, y);
        var weights = value.numel() > 1 ? linspace(0.5, 1.5, value.numel(), dtype: ScalarType.Float64).reshape(value.shape) : ones_like(value);
        (value * weights).sum().backward();
        return (value.detach(), input.grad!);
    }
}
