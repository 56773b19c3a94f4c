using static TorchSharp.torch;
using static LossNotebooks.Losses.Functional;
using P = LossNotebooks.Losses.LossProperties;
using O = LossNotebooks.Losses.LossOption;
using K = LossNotebooks.Losses.LossOptionKind;

namespace LossNotebooks.Losses;

public static partial class LossCatalog
{
    static readonly string[] Pair = { "input", "target" };

    static LossInfo Entry(string name, string display, LossCategory category, LossTask task, string formula, P properties,
        string useWhen, string[] aliases, O[] options, LossInfo.PairCompute? compute, string[]? inputs = null, bool inTorch = true)
        => new(name, display, category, task, formula, properties, useWhen, inputs ?? Pair, options, aliases, compute,
               inTorch ? "torch.nn.functional." + name : null);

    static bool B(IReadOnlyDictionary<string, double> o, string key) => o[key] != 0;

    static IEnumerable<LossInfo> BuildEntries()
    {
        const LossCategory Reg = LossCategory.Regression, Rob = LossCategory.Robust, Cls = LossCategory.Classification,
            Mar = LossCategory.Margin, Rank = LossCategory.Ranking;

        yield return Entry("mse_loss", "Mean squared error (L2)", Reg, LossTask.Regression, @"\ell(x, y) = (x - y)^2",
            P.Convex | P.Smooth, "Gaussian-like noise, no outliers; the default for regression.", new[] { "mse", "l2" }, Array.Empty<O>(),
            (x, y, r, o) => MseLoss(x, y, r));
        yield return Entry("l1_loss", "Mean absolute error (L1)", Reg, LossTask.Regression, @"\ell(x, y) = |x - y|",
            P.Convex | P.RobustToOutliers, "Heavy-tailed noise or outliers; estimates the median.", new[] { "mae", "l1" }, Array.Empty<O>(),
            (x, y, r, o) => L1Loss(x, y, r));
        yield return Entry("huber_loss", "Huber", Reg, LossTask.Regression,
            @"\ell(x, y) = \begin{cases} \tfrac12 (x-y)^2 & |x-y| < \delta \\ \delta\,(|x-y| - \tfrac12\delta) & \text{otherwise} \end{cases}",
            P.Convex | P.RobustToOutliers | P.Smooth, "Mostly Gaussian noise with some outliers; quadratic near 0, linear beyond delta.",
            new[] { "huber" }, new[] { new O("delta", 1.0, "> 0", "where the quadratic part turns linear") },
            (x, y, r, o) => HuberLoss(x, y, r, o["delta"]));
        yield return Entry("smooth_l1_loss", "Smooth L1", Reg, LossTask.Regression,
            @"\ell(x, y) = \begin{cases} \tfrac{0.5 (x-y)^2}{\beta} & |x-y| < \beta \\ |x-y| - \tfrac12\beta & \text{otherwise} \end{cases}",
            P.Convex | P.RobustToOutliers | P.Smooth, "Bounding-box regression (Fast R-CNN); equals Huber/beta with delta = beta.",
            new[] { "smooth_l1" }, new[] { new O("beta", 1.0, ">= 0", "width of the quadratic zone; 0 gives L1") },
            (x, y, r, o) => SmoothL1Loss(x, y, r, o["beta"]));
        yield return Entry("log_cosh_loss", "Log-cosh", Reg, LossTask.Regression, @"\ell(x, y) = \log\cosh(x - y)",
            P.Convex | P.RobustToOutliers | P.Smooth, "Like Huber but twice differentiable everywhere, with no parameter.",
            new[] { "logcosh", "log_cosh" }, Array.Empty<O>(), (x, y, r, o) => LogCoshLoss(x, y, r), inTorch: false);
        yield return Entry("quantile_loss", "Quantile (pinball)", Reg, LossTask.Regression,
            @"\ell(x, y) = \max\big(\tau (y - x),\ (\tau - 1)(y - x)\big)", P.Convex | P.RobustToOutliers,
            "Predicting a quantile (prediction intervals, risk); tau = 0.5 is half the L1 loss.", new[] { "quantile", "pinball" },
            new[] { new O("quantile", 0.5, "(0, 1)", "the quantile tau to estimate") },
            (x, y, r, o) => QuantileLoss(x, y, o["quantile"], r), inTorch: false);
        yield return Entry("poisson_nll_loss", "Poisson NLL", Reg, LossTask.Regression,
            @"\ell(x, y) = e^{x} - y\,x \quad(\text{log input})", P.Convex | P.Smooth,
            "Count targets (events per interval) with a log-rate prediction.", new[] { "poisson" },
            new[] { new O("log_input", 1, "true/false", "input is the log-rate", K.Boolean),
                    new O("full", 0, "true/false", "add Stirling's term", K.Boolean),
                    new O("eps", 1e-8, "> 0", "added inside the log when log_input is false") },
            (x, y, r, o) => PoissonNllLoss(x, y, B(o, "log_input"), B(o, "full"), o["eps"], r));
        yield return Entry("gaussian_nll_loss", "Gaussian NLL", Reg, LossTask.Regression,
            @"\ell(x, y, v) = \tfrac12\Big(\log v + \frac{(x - y)^2}{v}\Big)", P.Smooth,
            "Regression that also predicts its own uncertainty (heteroscedastic variance).", new[] { "gaussian_nll" },
            new[] { new O("full", 0, "true/false", "add the constant 0.5 log(2 pi)", K.Boolean), new O("eps", 1e-6, "> 0", "variance clamp") },
            null, new[] { "input", "target", "var" });

        yield return Entry("tukey_biweight_loss", "Tukey biweight", Rob, LossTask.Regression,
            @"\ell(r) = \frac{c^2}{6}\Big(1 - \big(1 - \min(1, (r/c)^2)\big)^3\Big),\ r = x - y", P.RobustToOutliers | P.Bounded | P.Smooth,
            "Gross outliers that should be ignored entirely (redescending M-estimator).", new[] { "tukey" },
            new[] { new O("c", 4.685, "> 0", "residual beyond which the loss is flat (95% efficiency at 4.685)") },
            (x, y, r, o) => TukeyBiweightLoss(x, y, o["c"], r), inTorch: false);
        yield return Entry("barron_loss", "Barron's general robust loss", Rob, LossTask.Regression,
            @"\ell(r) = \frac{|\alpha - 2|}{\alpha}\Big(\big(\tfrac{(r/c)^2}{|\alpha - 2|} + 1\big)^{\alpha/2} - 1\Big)",
            P.RobustToOutliers | P.Smooth, "One knob (alpha) spanning L2, Charbonnier, Cauchy, Geman-McClure and Welsch.",
            new[] { "barron", "general_robust" },
            new[] { new O("alpha", 1.0, "any real, or ±inf", "shape: 2 = L2, 1 = Charbonnier, 0 = Cauchy, -2 = Geman-McClure"),
                    new O("scale", 1.0, "> 0", "residual scale c of the quadratic bowl") },
            (x, y, r, o) => BarronLoss(x, y, o["alpha"], o["scale"], r), inTorch: false);

        yield return Entry("cross_entropy", "Cross-entropy", Cls, LossTask.MultiClassClassification,
            @"\ell(x, y) = -\log \frac{e^{x_{y}}}{\sum_{c} e^{x_c}}", P.Convex | P.Smooth | P.NeedsLogits,
            "Single-label classification over C classes from logits; the default classifier loss.", new[] { "ce", "xent" },
            new[] { new O("ignore_index", -100, "integer", "target value that contributes nothing", K.Integer),
                    new O("label_smoothing", 0.0, "[0, 1]", "mass moved to the uniform distribution") },
            (x, y, r, o) => CrossEntropy(x, y, null, (long)o["ignore_index"], r, o["label_smoothing"]));
        yield return Entry("nll_loss", "Negative log-likelihood", Cls, LossTask.MultiClassClassification,
            @"\ell(x, y) = -x_{y}", P.Convex | P.Smooth | P.NeedsLogProbabilities,
            "After a log_softmax layer (cross-entropy split in two).", new[] { "nll" },
            new[] { new O("ignore_index", -100, "integer", "target value that contributes nothing", K.Integer) },
            (x, y, r, o) => NllLoss(x, y, null, (long)o["ignore_index"], r));
        yield return Entry("binary_cross_entropy", "Binary cross-entropy", Cls, LossTask.BinaryClassification,
            @"\ell(x, y) = -\big[y \log x + (1 - y)\log(1 - x)\big]", P.Convex | P.Smooth | P.NeedsProbabilities,
            "Binary targets when the model already outputs probabilities (prefer the logits form).", new[] { "bce" }, Array.Empty<O>(),
            (x, y, r, o) => BinaryCrossEntropy(x, y, null, r));
        yield return Entry("binary_cross_entropy_with_logits", "Binary cross-entropy with logits", Cls, LossTask.BinaryClassification,
            @"\ell(x, y) = -\big[p\,y \log \sigma(x) + (1 - y)\log(1 - \sigma(x))\big]", P.Convex | P.Smooth | P.NeedsLogits,
            "Binary or multi-label targets from logits; numerically stable; pos_weight for imbalance.", new[] { "bce_logits", "bce_with_logits" },
            new[] { new O("pos_weight", 1.0, "> 0", "weight of positive examples") },
            (x, y, r, o) => BinaryCrossEntropyWithLogits(x, y, null, r, o["pos_weight"] == 1 ? null : full_like(x, o["pos_weight"])));
        yield return Entry("sigmoid_focal_loss", "Focal (sigmoid)", Cls, LossTask.BinaryClassification,
            @"\ell(x, y) = -\alpha_t (1 - p_t)^{\gamma} \log p_t,\ p_t = \begin{cases} \sigma(x) & y = 1 \\ 1 - \sigma(x) & y = 0 \end{cases}",
            P.Smooth | P.NeedsLogits, "Heavy class imbalance (dense detection): down-weights easy examples.", new[] { "focal" },
            new[] { new O("alpha", 0.25, "[0, 1], or < 0 to disable", "weight of the positive class"),
                    new O("gamma", 2.0, ">= 0", "focusing strength; 0 gives alpha-weighted BCE") },
            (x, y, r, o) => SigmoidFocalLoss(x, y, o["alpha"], o["gamma"], r), inTorch: false);
        yield return Entry("softmax_focal_loss", "Focal (softmax)", Cls, LossTask.MultiClassClassification,
            @"\ell(x, y) = -(1 - p_y)^{\gamma} \log p_y,\ p = \operatorname{softmax}(x)", P.Smooth | P.NeedsLogits,
            "Imbalanced multi-class problems; gamma = 0 is cross-entropy.", new[] { "focal_multiclass", "softmax_focal" },
            new[] { new O("gamma", 2.0, ">= 0", "focusing strength"),
                    new O("ignore_index", -100, "integer", "target value that contributes nothing", K.Integer) },
            (x, y, r, o) => SoftmaxFocalLoss(x, y, o["gamma"], null, (long)o["ignore_index"], r), inTorch: false);
        yield return Entry("kl_div", "Kullback-Leibler divergence", Cls, LossTask.Distribution,
            @"\ell(x, y) = y\,(\log y - x),\ x = \log q", P.Convex | P.Smooth | P.NeedsLogProbabilities,
            "Matching a target distribution (distillation, VAEs); use reduction batchmean for the true KL.", new[] { "kl", "kld" },
            new[] { new O("log_target", 0, "true/false", "target is given as log-probabilities", K.Boolean) },
            (x, y, r, o) => KlDiv(x, y, r, B(o, "log_target")));
        yield return Entry("dice_loss", "Dice", LossCategory.Segmentation, LossTask.Segmentation,
            @"\ell_n = 1 - \frac{2\sum x y + s}{\sum x + \sum y + s}", P.Smooth | P.NeedsProbabilities,
            "Segmentation with small foreground regions (overlap matters more than pixels).", new[] { "dice" },
            new[] { new O("smooth", 1.0, ">= 0", "added to numerator and denominator"),
                    new O("squared", 0, "true/false", "square the sums in the denominator", K.Boolean) },
            (x, y, r, o) => DiceLoss(x, y, o["smooth"], B(o, "squared"), r), inTorch: false);

        yield return Entry("soft_margin_loss", "Soft margin", Mar, LossTask.BinaryClassification,
            @"\ell(x, y) = \log\big(1 + e^{-y x}\big),\ y \in \{-1, 1\}", P.Convex | P.Smooth | P.NeedsLogits,
            "Binary labels coded ±1 (logistic loss).", new[] { "soft_margin", "logistic" }, Array.Empty<O>(),
            (x, y, r, o) => SoftMarginLoss(x, y, r));
        yield return Entry("multilabel_soft_margin_loss", "Multi-label soft margin", Mar, LossTask.MultiLabelClassification,
            @"\ell_n = -\frac1C \sum_c \big[y_c \log\sigma(x_c) + (1 - y_c)\log\sigma(-x_c)\big]", P.Convex | P.Smooth | P.NeedsLogits,
            "Multi-label classification (several labels per sample).", new[] { "multilabel_soft_margin" }, Array.Empty<O>(),
            (x, y, r, o) => MultilabelSoftMarginLoss(x, y, null, r));
        yield return Entry("multi_margin_loss", "Multi-class hinge", Mar, LossTask.MultiClassClassification,
            @"\ell_n = \frac1C \sum_{i \ne y} \max(0, m - x_y + x_i)^p", P.Convex | P.NeedsLogits,
            "Multi-class SVM-style training (margin instead of probabilities).", new[] { "multi_margin", "hinge", "multiclass_hinge" },
            new[] { new O("p", 1, "1 or 2", "power of the hinge", K.Integer), new O("margin", 1.0, "real", "required margin") },
            (x, y, r, o) => MultiMarginLoss(x, y, (int)o["p"], o["margin"], null, r));
        yield return Entry("multilabel_margin_loss", "Multi-label hinge", Mar, LossTask.MultiLabelClassification,
            @"\ell_n = \frac1C \sum_{j \in Y} \sum_{i \notin Y} \max\big(0, 1 - (x_j - x_i)\big)", P.Convex | P.NeedsLogits,
            "Multi-label ranking of labels above non-labels.", new[] { "multilabel_margin" }, Array.Empty<O>(),
            (x, y, r, o) => MultilabelMarginLoss(x, y, r));
        yield return Entry("hinge_embedding_loss", "Hinge embedding", Mar, LossTask.MetricLearning,
            @"\ell(x, y) = \begin{cases} x & y = 1 \\ \max(0, m - x) & y = -1 \end{cases}", P.Convex,
            "Learning whether pairs are similar from a distance x.", new[] { "hinge_embedding" },
            new[] { new O("margin", 1.0, "real", "required distance of dissimilar pairs") },
            (x, y, r, o) => HingeEmbeddingLoss(x, y, o["margin"], r));

        yield return Entry("margin_ranking_loss", "Margin ranking", Rank, LossTask.Ranking,
            @"\ell(x_1, x_2, y) = \max\big(0, -y (x_1 - x_2) + m\big)", P.Convex,
            "Learning which of two items should score higher.", new[] { "margin_ranking", "ranking" },
            new[] { new O("margin", 0.0, "real", "required score gap") }, null, new[] { "input1", "input2", "target" });
        yield return Entry("cosine_embedding_loss", "Cosine embedding", Rank, LossTask.MetricLearning,
            @"\ell = \begin{cases} 1 - \cos(x_1, x_2) & y = 1 \\ \max(0, \cos(x_1, x_2) - m) & y = -1 \end{cases}", P.None,
            "Similarity of embeddings by angle (text, faces).", new[] { "cosine_embedding" },
            new[] { new O("margin", 0.0, "[-1, 1]", "cosine below which dissimilar pairs cost nothing") }, null,
            new[] { "input1", "input2", "target" });
        yield return Entry("contrastive_loss", "Contrastive (Hadsell 2006)", Rank, LossTask.MetricLearning,
            @"\ell = \tfrac12\big[y\,d^2 + (1 - y)\max(0, m - d)^2\big],\ d = \lVert x_1 - x_2 \rVert_2", P.None,
            "Siamese networks on labelled pairs (y = 1 similar, 0 dissimilar).", new[] { "contrastive" },
            new[] { new O("margin", 1.0, ">= 0", "distance dissimilar pairs must exceed") }, null,
            new[] { "input1", "input2", "target" }, inTorch: false);
        yield return Entry("triplet_margin_loss", "Triplet margin", Rank, LossTask.MetricLearning,
            @"\ell(a, p, n) = \max\big(0, d(a, p) - d(a, n) + m\big),\ d(u, v) = \lVert u - v \rVert_p", P.None,
            "Embeddings where an anchor is closer to a positive than to a negative (face recognition).", new[] { "triplet" },
            new[] { new O("margin", 1.0, "> 0", "required gap"), new O("p", 2.0, "> 0", "norm degree"),
                    new O("swap", 0, "true/false", "use the harder of d(a,n) and d(p,n)", K.Boolean) },
            null, new[] { "anchor", "positive", "negative" });
        yield return Entry("triplet_margin_with_distance_loss", "Triplet with a custom distance", Rank, LossTask.MetricLearning,
            @"\ell(a, p, n) = \max\big(0, d(a, p) - d(a, n) + m\big)", P.None,
            "Triplet training with cosine or any learned distance.", new[] { "triplet_distance" },
            new[] { new O("margin", 1.0, "> 0", "required gap"), new O("swap", 0, "true/false", "distance swap", K.Boolean) },
            null, new[] { "anchor", "positive", "negative" });
        yield return Entry("bpr_loss", "Bayesian personalized ranking", Rank, LossTask.Ranking,
            @"\ell(s^+, s^-) = -\log \sigma(s^+ - s^-)", P.Convex | P.Smooth,
            "Recommendation from implicit feedback (clicked above not clicked).", new[] { "bpr" }, Array.Empty<O>(),
            (x, y, r, o) => BprLoss(x, y, r), new[] { "posScores", "negScores" }, inTorch: false);

        yield return Entry("ctc_loss", "Connectionist temporal classification", LossCategory.Sequence, LossTask.Sequence,
            @"\ell = -\log \sum_{\pi \in \mathcal{B}^{-1}(y)} \prod_t p_t(\pi_t)", P.Smooth | P.NeedsLogProbabilities,
            "Speech or handwriting recognition without frame-level alignment.", new[] { "ctc" },
            new[] { new O("blank", 0, "[0, C)", "index of the blank label", K.Integer),
                    new O("zero_infinity", 0, "true/false", "turn infinite losses into 0", K.Boolean) },
            null, new[] { "log_probs", "targets", "input_lengths", "target_lengths" });
    }
}
