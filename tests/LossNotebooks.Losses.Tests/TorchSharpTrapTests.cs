using static TorchSharp.torch;
using TF = TorchSharp.torch.nn.functional;

namespace LossNotebooks.Losses.Tests;

/// <summary>Where TorchSharp 0.107.0's functional losses differ from PyTorch, the library follows PyTorch.</summary>
public class TorchSharpTrapTests
{
    static Tensor R(SeededRandom random, params long[] shape) => random.Normal(shape, ScalarType.Float64);

    [Fact]
    public void KlDivDefaultsToProbabilityTargetsAsInPyTorch()
    {
        using var random = new SeededRandom(101);
        var logQ = R(random, 3, 4).log_softmax(1);
        var p = R(random, 3, 4).softmax(1);
        var expected = (p * (p.log() - logQ)).mean();
        FixtureTests.AssertClose(expected, Functional.KlDiv(logQ, p), "kl_div default");
        // TorchSharp's default treats the target as log-probabilities: a different number.
        Assert.NotEqual(expected.item<double>(), TF.kl_div(logQ, p).item<double>(), 6);
    }

    [Fact]
    public void KlDivBatchMeanIsSumOverBatch()
    {
        using var random = new SeededRandom(102);
        var logQ = R(random, 5, 3).log_softmax(1);
        var p = R(random, 5, 3).softmax(1);
        FixtureTests.AssertClose(Functional.KlDiv(logQ, p, Reduction.Sum) / 5, Functional.KlDiv(logQ, p, Reduction.BatchMean), "batchmean");
    }

    [Fact]
    public void HingeEmbeddingDefaultMarginIsOne()
    {
        var x = tensor(new[] { 0.25, 0.5 }, dtype: ScalarType.Float64);
        var y = tensor(new[] { -1.0, -1.0 }, dtype: ScalarType.Float64);
        Assert.Equal(0.625, Functional.HingeEmbeddingLoss(x, y).item<double>(), 12);
        Assert.Equal(0.0, TF.hinge_embedding_loss(x, y).item<double>(), 12); // TorchSharp's default margin is 0
    }

    [Fact]
    public void NllLossHonoursIgnoreIndex()
    {
        using var random = new SeededRandom(103);
        var logP = R(random, 4, 3).log_softmax(1);
        var target = tensor(new long[] { 0, -100, 2, 1 });
        var kept = tensor(new long[] { 0, 2, 3 });
        var expected = -(logP[0, 0] + logP[2, 2] + logP[3, 1]) / 3;
        FixtureTests.AssertClose(expected, Functional.NllLoss(logP, target), "nll ignore_index");
        FixtureTests.AssertClose(expected, Functional.NllLoss(logP, target, ignoreIndex: -100), "nll ignore_index explicit");
        Assert.Equal(3, kept.numel());
    }

    [Fact]
    public void CrossEntropyModuleTakesLabelSmoothing()
    {
        using var random = new SeededRandom(104);
        var x = R(random, 6, 5);
        var y = random.Integers(0, 5, [6]);
        var module = new Modules.CrossEntropy(labelSmoothing: 0.2);
        FixtureTests.AssertClose(TF.cross_entropy(x, y, label_smoothing: 0.2), module.call(x, y), "module label smoothing");
    }

    [Fact]
    public void GaussianNllMeanIsElementwiseNotPerSampleSum()
    {
        using var random = new SeededRandom(105);
        var x = R(random, 4, 3);
        var y = R(random, 4, 3);
        var v = random.Uniform([4, 3], ScalarType.Float64) + 0.5;
        var ours = Functional.GaussianNllLoss(x, y, v);
        var expected = (0.5 * (v.log() + (x - y).square() / v)).mean();
        FixtureTests.AssertClose(expected, ours, "gaussian mean");
        // TorchSharp sums over the 3 features per sample first: 3 times larger.
        Assert.Equal(3 * ours.item<double>(), TF.gaussian_nll_loss(x, y, v).item<double>(), 9);
        Assert.Equal(new long[] { 4, 3 }, Functional.GaussianNllLoss(x, y, v, reduction: Reduction.None).shape);
    }

    [Fact]
    public void TripletTakesRealP()
    {
        using var random = new SeededRandom(106);
        var (a, p, n) = (R(random, 5, 4), R(random, 5, 4), R(random, 5, 4));
        FixtureTests.AssertClose(FromScratch.TripletMarginLoss(a, p, n, p: 1.5), Functional.TripletMarginLoss(a, p, n, p: 1.5), "p = 1.5");
    }
}
