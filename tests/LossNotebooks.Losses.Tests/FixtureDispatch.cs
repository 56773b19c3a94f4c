using static TorchSharp.torch;

namespace LossNotebooks.Losses.Tests;

/// <summary>Calls a loss by its fixture name through one of the library's faces.</summary>
public static class FixtureDispatch
{
    public enum Face { EntryPoint, FromScratch }

    /// <summary>Losses with a separate transparent form in <see cref="FromScratch"/>.</summary>
    public static readonly HashSet<string> WithScratchForm = new()
    {
        "mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss", "cross_entropy", "binary_cross_entropy",
        "binary_cross_entropy_with_logits", "multi_margin_loss", "multilabel_margin_loss", "triplet_margin_loss",
    };

    public static Tensor Call(Fixture f, IReadOnlyDictionary<string, Tensor> t, Face face = Face.EntryPoint)
    {
        var r = f.Reduction;
        var scratch = face == Face.FromScratch;
        Tensor In(string name = "input") => t[name];
        Tensor Tg(string name = "target") => t[name];
        return f.Fn switch
        {
            "mse_loss" => scratch ? FromScratch.MseLoss(In(), Tg(), r) : Functional.MseLoss(In(), Tg(), r),
            "l1_loss" => scratch ? FromScratch.L1Loss(In(), Tg(), r) : Functional.L1Loss(In(), Tg(), r),
            "huber_loss" => scratch ? FromScratch.HuberLoss(In(), Tg(), r, f.Number("delta", 1)) : Functional.HuberLoss(In(), Tg(), r, f.Number("delta", 1)),
            "smooth_l1_loss" => scratch ? FromScratch.SmoothL1Loss(In(), Tg(), r, f.Number("beta", 1)) : Functional.SmoothL1Loss(In(), Tg(), r, f.Number("beta", 1)),
            "log_cosh_loss" => Functional.LogCoshLoss(In(), Tg(), r),
            "quantile_loss" => f.Numbers("quantiles") is { } quantiles
                ? Functional.QuantileLoss(In(), Tg(), quantiles, r)
                : Functional.QuantileLoss(In(), Tg(), f.Number("quantile", 0.5), r),
            "tukey_biweight_loss" => Functional.TukeyBiweightLoss(In(), Tg(), f.Number("c", 4.685), r),
            "barron_loss" => Functional.BarronLoss(In(), Tg(), f.Number("alpha", 1), f.Number("scale", 1), r),
            "poisson_nll_loss" => Functional.PoissonNllLoss(In(), Tg(), f.Flag("log_input", true), f.Flag("full", false), 1e-8, r),
            "gaussian_nll_loss" => Functional.GaussianNllLoss(In(), Tg(), t["var"], f.Flag("full", false), 1e-6, r),
            "cross_entropy" => scratch
                ? FromScratch.CrossEntropy(In(), Tg(), f.TensorKwarg("weight"), -100, r, f.Number("label_smoothing", 0))
                : Functional.CrossEntropy(In(), Tg(), f.TensorKwarg("weight"), -100, r, f.Number("label_smoothing", 0)),
            "nll_loss" => Functional.NllLoss(In(), Tg(), f.TensorKwarg("weight"), (long)f.Number("ignore_index", -100), r),
            "binary_cross_entropy" => scratch
                ? FromScratch.BinaryCrossEntropy(In(), Tg(), f.TensorKwarg("weight"), r)
                : Functional.BinaryCrossEntropy(In(), Tg(), f.TensorKwarg("weight"), r),
            "binary_cross_entropy_with_logits" => scratch
                ? FromScratch.BinaryCrossEntropyWithLogits(In(), Tg(), f.TensorKwarg("weight"), r, f.TensorKwarg("pos_weight"))
                : Functional.BinaryCrossEntropyWithLogits(In(), Tg(), f.TensorKwarg("weight"), r, f.TensorKwarg("pos_weight")),
            "sigmoid_focal_loss" => Functional.SigmoidFocalLoss(In(), Tg(), f.Number("alpha", 0.25), f.Number("gamma", 2), r),
            "softmax_focal_loss" => Functional.SoftmaxFocalLoss(In(), Tg(), f.Number("gamma", 2), f.TensorKwarg("alpha"), -100, r),
            "kl_div" => Functional.KlDiv(In(), Tg(), r, f.Flag("log_target", false)),
            "dice_loss" => Functional.DiceLoss(In(), Tg(), f.Number("smooth", 1), f.Flag("squared", false), r),
            "soft_margin_loss" => Functional.SoftMarginLoss(In(), Tg(), r),
            "multilabel_soft_margin_loss" => Functional.MultilabelSoftMarginLoss(In(), Tg(), f.TensorKwarg("weight"), r),
            "multi_margin_loss" => scratch
                ? FromScratch.MultiMarginLoss(In(), Tg(), (int)f.Number("p", 1), f.Number("margin", 1), f.TensorKwarg("weight"), r)
                : Functional.MultiMarginLoss(In(), Tg(), (int)f.Number("p", 1), f.Number("margin", 1), f.TensorKwarg("weight"), r),
            "multilabel_margin_loss" => scratch ? FromScratch.MultilabelMarginLoss(In(), Tg(), r) : Functional.MultilabelMarginLoss(In(), Tg(), r),
            "hinge_embedding_loss" => Functional.HingeEmbeddingLoss(In(), Tg(), f.Number("margin", 1), r),
            "margin_ranking_loss" => Functional.MarginRankingLoss(In("input1"), In("input2"), Tg(), f.Number("margin", 0), r),
            "cosine_embedding_loss" => Functional.CosineEmbeddingLoss(In("input1"), In("input2"), Tg(), f.Number("margin", 0), r),
            "contrastive_loss" => Functional.ContrastiveLoss(In("input1"), In("input2"), Tg(), f.Number("margin", 1), 1e-6, r),
            "bpr_loss" => Functional.BprLoss(In("posScores"), In("negScores"), r),
            "triplet_margin_loss" => scratch
                ? FromScratch.TripletMarginLoss(In("anchor"), In("positive"), In("negative"), f.Number("margin", 1), f.Number("p", 2), 1e-6, f.Flag("swap", false), r)
                : Functional.TripletMarginLoss(In("anchor"), In("positive"), In("negative"), f.Number("margin", 1), f.Number("p", 2), 1e-6, f.Flag("swap", false), r),
            "triplet_margin_with_distance_loss" => Functional.TripletMarginWithDistanceLoss(In("anchor"), In("positive"), In("negative"),
                null, f.Number("margin", 1), f.Flag("swap", false), r),
            "ctc_loss" => Functional.CtcLoss(In("logits").log_softmax(2), Tg("targets"), t["input_lengths"], t["target_lengths"], 0, r,
                f.Flag("zero_infinity", false)),
            _ => throw new InvalidOperationException($"no dispatch for fixture function {f.Fn}"),
        };
    }
}
