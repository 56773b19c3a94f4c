using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

public class CatalogTests
{
    [Fact]
    public void EveryLossHasCompleteMetadata()
    {
        Assert.True(LossCatalog.All.Count >= 30, $"catalog has {LossCatalog.All.Count} losses");
        foreach (var loss in LossCatalog.All)
        {
            Assert.Matches(new Regex("^[a-z0-9_]+$"), loss.Name);
            Assert.False(string.IsNullOrWhiteSpace(loss.Formula.Latex), loss.Name);
            Assert.False(string.IsNullOrWhiteSpace(loss.UseWhen), loss.Name);
            Assert.NotEmpty(loss.Inputs);
        }
    }

    [Fact]
    public void TorchNamesAreFunctionalNames()
    {
        Assert.Equal("torch.nn.functional.huber_loss", LossCatalog.Find("huber").TorchName);
        Assert.Null(LossCatalog.Find("tukey").TorchName);
    }

    [Fact]
    public void SpecBuildsTheLossWithOptions()
    {
        using var random = new SeededRandom(107);
        var x = random.Normal([10], ScalarType.Float64);
        var y = random.Normal([10], ScalarType.Float64) * 3;
        var bound = LossCatalog.Parse("huber(delta=2)");
        Assert.Equal("huber_loss(delta=2)", bound.Spec);
        Assert.Equal(Functional.HuberLoss(x, y, delta: 2).item<double>(), bound.Compute(x, y).item<double>(), 12);
        Assert.Equal("cross_entropy(label_smoothing=0.1)", LossCatalog.Parse(" ce ( label_smoothing = 0.1 ) ").Spec);
        Assert.Equal("mse_loss", LossCatalog.Parse("MSE").Spec);
        Assert.Equal("barron_loss(alpha=-inf)", LossCatalog.Parse("barron(alpha=-inf)").Spec);
        Assert.Equal("poisson_nll_loss(full=true)", LossCatalog.Parse("poisson(full=true)").Spec);
    }

    [Fact]
    public void A_spec_with_a_list_of_quantiles_computes_the_multi_quantile_loss_and_writes_the_list_back()
    {
        var bound = LossCatalog.Parse("quantile(quantile=[0.1, 0.5,0.9])");
        Assert.Equal("quantile_loss(quantile=[0.1, 0.5, 0.9])", bound.Spec);
        Assert.Equal("quantile_loss(quantile=[0.1, 0.5, 0.9])", LossCatalog.Parse(bound.Spec).Spec);
        var predictions = tensor(new[,] { { 1.0, 2.0, 3.0 }, { 0.0, -1.0, 4.0 } });
        var target = tensor(new[] { 2.0, 0.5 });
        var expected = Functional.QuantileLoss(predictions, target, new[] { 0.1, 0.5, 0.9 }, Reduction.Sum).item<double>();
        Assert.Equal(expected, bound.Compute(predictions, target, Reduction.Sum).item<double>(), 12);
        Assert.Equal(Functional.QuantileLoss(target, target * 2, 0.5).item<double>(),
            LossCatalog.Parse("quantile").Compute(target, target * 2).item<double>(), 12); // one value: the scalar form
    }

    [Theory]
    [InlineData("huber(delta=[1, 2])", "huber_loss: option 'delta' takes one value, not a list")]
    [InlineData("quantile(quantile=[0.1, 0.9)", "'[' without ']'")]
    [InlineData("quantile(quantile=[])", "a list needs at least one value")]
    [InlineData("quantile(quantile=[0.1,,0.9])", "a list needs at least one value and no empty ones")]
    [InlineData("quantile(quantile=[0.1, x])", "cannot read value 'x'")]
    public void A_list_where_none_is_taken_or_a_malformed_list_is_named(string spec, string message)
    {
        var error = Record.Exception(() => LossCatalog.Parse(spec));
        Assert.True(error is ArgumentException or FormatException, error?.ToString());
        Assert.Contains(message, error!.Message);
    }

    [Fact]
    public void UnknownLossListsValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => LossCatalog.Parse("hubber(delta=2)"));
        Assert.Contains("unknown loss 'hubber'", e.Message);
        Assert.Contains("huber_loss", e.Message);
        Assert.Contains("mae", e.Message);
    }

    [Fact]
    public void UnknownOptionListsValidOptions()
    {
        var e = Assert.Throws<ArgumentException>(() => LossCatalog.Parse("huber(beta=2)"));
        Assert.Contains("huber_loss has no option 'beta'", e.Message);
        Assert.Contains("delta", e.Message);
    }

    [Theory]
    [InlineData("huber(delta)")]
    [InlineData("huber(delta=abc)")]
    [InlineData("(delta=1)")]
    public void MalformedSpecsAreExplained(string spec)
    {
        var e = Assert.Throws<FormatException>(() => LossCatalog.Parse(spec));
        Assert.Contains(spec.Contains("abc") ? "abc" : "loss spec", e.Message);
    }

    [Fact]
    public void EveryPairwiseLossComputesFromItsDefaults()
    {
        foreach (var loss in LossCatalog.All.Where(l => l.IsPairwise))
        {
            var (x, y) = SampleInputs(loss);
            var value = loss.Compute(x, y, loss.Name == "kl_div" ? Reduction.BatchMean : Reduction.Mean);
            Assert.True(value.isfinite().item<bool>(), loss.Name);
        }
    }

    [Fact]
    public void NonPairwiseLossesSayHowToCallThem()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LossCatalog.Find("triplet").Compute(zeros(1), zeros(1), Reduction.Mean));
        Assert.Contains("anchor, positive, negative", e.Message);
    }

    static (Tensor, Tensor) SampleInputs(LossInfo loss)
    {
        using var random = new SeededRandom(1);
        var logits = random.Normal([4, 3], ScalarType.Float64);
        var labels = tensor(new long[] { 0, 2, 1, 2 });
        return loss.Name switch
        {
            "cross_entropy" or "softmax_focal_loss" or "multi_margin_loss" => (logits, labels),
            "nll_loss" => (logits.log_softmax(1), labels),
            "multilabel_margin_loss" => (logits, tensor(new long[] { 0, -1, 0, 2, 1, -1, 1, -1, 0, 2, -1, 0 }).reshape(4, 3)),
            "binary_cross_entropy" or "dice_loss" => (logits.sigmoid(), (logits > 0).to(ScalarType.Float64)),
            "kl_div" => (logits.log_softmax(1), logits.softmax(1)),
            "soft_margin_loss" or "hinge_embedding_loss" => (logits, logits.sign()),
            "poisson_nll_loss" => (logits, logits.abs().round()),
            _ => (logits, (logits > 0).to(ScalarType.Float64)),
        };
    }
}

public class TeachingHelperTests
{
    [Fact]
    public void CurvesComeFromAutograd()
    {
        var mse = LossCurves.OverResidual(LossCatalog.Parse("mse"), -2, 2, 5);
        Assert.Equal(new[] { -2.0, -1, 0, 1, 2 }, mse.X);
        Assert.Equal(new[] { 4.0, 1, 0, 1, 4 }, mse.Loss);
        Assert.Equal(new[] { -4.0, -2, 0, 2, 4 }, mse.Gradient);
        var huber = LossCurves.OverResidual(LossCatalog.Parse("huber(delta=1)"), -3, 3, 7);
        Assert.Equal(new[] { -1.0, -1, -1, 0, 1, 1, 1 }, huber.Gradient);
    }

    [Fact]
    public void MarginCurveOfBceWithLogitsIsSoftplus()
    {
        var curve = LossCurves.OverMargin(LossCatalog.Parse("bce_logits"), -1, 1, 3);
        Assert.Equal(Math.Log(1 + Math.E), curve.Loss[0], 12);
        Assert.Equal(Math.Log(2), curve.Loss[1], 12);
        Assert.Equal(-0.5, curve.Gradient[1], 12);
    }

    [Fact]
    public void CustomBackwardIsUsed()
    {
        using var random = new SeededRandom(108);
        // MSE with its gradient written by hand: dL/dx = 2(x − y)/N.
        var mse = CustomLoss.Define((x, y) => (x - y).square().mean(), (x, y, g) => g * 2 * (x - y) / x.numel());
        var input = random.Normal([6], ScalarType.Float64).requires_grad_(true);
        var target = random.Normal([6], ScalarType.Float64);
        mse(input, target).backward();
        var expected = 2 * (input.detach() - target) / 6;
        FixtureTests.AssertClose(expected, input.grad!, "custom backward");
        // A deliberately wrong backward shows up: the custom function's gradient is what autograd uses.
        var wrong = CustomLoss.Define((x, y) => (x - y).square().mean(), (x, y, g) => zeros_like(x));
        var other = input.detach().clone().requires_grad_(true);
        wrong(other, target).backward();
        Assert.Equal(0.0, other.grad!.abs().sum().item<double>());
    }

    [Fact]
    public void CustomBackwardPassesFiniteDifferenceCheck()
    {
        using var random = new SeededRandom(109);
        var logCosh = CustomLoss.Define((x, y) => (x - y).cosh().log().sum(), (x, y, g) => g * (x - y).tanh());
        var input = random.Normal([5], ScalarType.Float64).requires_grad_(true);
        var target = random.Normal([5], ScalarType.Float64);
        logCosh(input, target).backward();
        const double h = 1e-6;
        for (var i = 0; i < 5; i++)
        {
            var plus = input.detach().clone(); plus[i] += h;
            var minus = input.detach().clone(); minus[i] -= h;
            var numeric = ((plus - target).cosh().log().sum() - (minus - target).cosh().log().sum()).item<double>() / (2 * h);
            Assert.Equal(numeric, input.grad![i].item<double>(), 6);
        }
    }

    [Fact]
    public void WeightedSumCombinesTasks()
    {
        var a = tensor(2.0);
        var b = tensor(4.0);
        Assert.Equal(0.3 * 2 + 0.7 * 4, Combinators.WeightedSum((0.3, a), (0.7, b)).item<double>(), 12);
        Assert.Throws<ArgumentException>(() => Combinators.WeightedSum((1, ones(2))));
    }

    [Fact]
    public void ModulesCallTheFunctionalForm()
    {
        using var random = new SeededRandom(110);
        var x = random.Normal([8], ScalarType.Float64);
        var y = random.Normal([8], ScalarType.Float64) * 4;
        Assert.Equal(Functional.HuberLoss(x, y, delta: 2).item<double>(), new Modules.HuberLoss(delta: 2).call(x, y).item<double>(), 12);
        Assert.Equal(Functional.TukeyBiweightLoss(x, y, c: 3).item<double>(), new Modules.CatalogLoss("tukey(c=3)").call(x, y).item<double>(), 12);
    }
}
