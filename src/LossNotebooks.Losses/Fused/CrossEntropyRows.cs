using System.Numerics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static LossNotebooks.Losses.Fused.VectorMath;
using static TorchSharp.torch;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// Cross-entropy over the rows of an [N, C] score matrix with class-index targets, one pass per row (max, log-sum-exp,
/// the target's score, the weighted row sum for label smoothing) and, when the input needs a gradient, a second pass
/// over the same row while it is still in cache, writing ∂ℓ/∂x during the forward pass. With p = softmax(xᵢ),
/// lse = log Σ e^xᵢⱼ, smoothing ε, class weights w (1 without), W = Σⱼ wⱼ:
/// <code>
/// ℓᵢ = (1 − ε)·wₜ·(lse − xᵢₜ) + (ε/C)·Σⱼ wⱼ·(lse − xᵢⱼ)
/// ∂ℓᵢ/∂xᵢⱼ = (1 − ε)·wₜ·(pⱼ − [j = t]) + (ε/C)·(W·pⱼ − wⱼ)
/// </code>
/// The mean divides both parts by Σ wₜ over the rows not ignored, as libtorch does; ignored rows contribute nothing.
/// </summary>
internal static unsafe class CrossEntropyRows
{
    /// <summary>
    /// Computes cross-entropy on the fused path for contiguous [N, C] float32/float64 CPU scores, int64 targets and an
    /// optional [C] weight; otherwise returns false and the caller takes libtorch.
    /// </summary>
    public static bool TryCompute(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction, double smoothing,
        out Tensor result)
    {
        result = null!;
        var needsGrad = input.requires_grad && is_grad_enabled();
        if (!FusedKernels.IsEnabled || reduction is not (Reduction.None or Reduction.Mean or Reduction.Sum)
            || !FusedKernels.LargeEnough(input, needsGrad, transcendental: true) // cheapest first: small inputs take libtorch
            || input.dim() != 2 || input.device_type != DeviceType.CPU || input.dtype is not (ScalarType.Float32 or ScalarType.Float64)
            || !input.is_contiguous() || input.numel() == 0 || input.numel() * input.ElementSize > int.MaxValue
            || target.dtype != ScalarType.Int64 || target.device_type != DeviceType.CPU || !target.is_contiguous())
            return false;
        if (weight is not null && (weight.device_type != DeviceType.CPU || weight.dtype != input.dtype || !weight.is_contiguous() || weight.requires_grad))
            return false;
        var problem = new Problem(input, target, weight, ignoreIndex, reduction, smoothing);
        FusedKernels.Record();
        result = needsGrad ? Function.apply(input, problem) : Run(problem, gradient: null);
        return true;
    }

    /// <summary>One cross-entropy call's operands and options.</summary>
    sealed record Problem(Tensor Input, Tensor Target, Tensor? Weight, long IgnoreIndex, Reduction Reduction, double Smoothing);

    /// <summary>The loss (and, with <paramref name="gradient"/>, ∂ℓ/∂x for an upstream gradient of 1).</summary>
    static Tensor Run(Problem problem, Tensor? gradient)
    {
        var (rows, classes) = (problem.Input.shape[0], problem.Input.shape[1]);
        var perRow = problem.Reduction == Reduction.None ? empty(rows, dtype: problem.Input.dtype) : null;
        var addresses = new Addresses(FusedKernels.Address(problem.Input), FusedKernels.Address(problem.Target), problem.Weight is null ? 0 : FusedKernels.Address(problem.Weight),
            perRow is null ? 0 : FusedKernels.Address(perRow), gradient is null ? 0 : FusedKernels.Address(gradient));
        var total = problem.Input.dtype == ScalarType.Float32
            ? Kernel<float>.Run(addresses, rows, classes, problem.IgnoreIndex, problem.Reduction, problem.Smoothing)
            : Kernel<double>.Run(addresses, rows, classes, problem.IgnoreIndex, problem.Reduction, problem.Smoothing);
        return perRow ?? tensor(total, dtype: problem.Input.dtype);
    }

    readonly record struct Addresses(nint Input, nint Target, nint Weight, nint PerRow, nint Gradient);

    static class Kernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static double Run(Addresses a, long rows, long classes, long ignoreIndex, Reduction reduction, double smoothing)
        {
            T* x = (T*)a.Input, w = (T*)a.Weight, perRow = (T*)a.PerRow, grad = (T*)a.Gradient;
            long* target = (long*)a.Target;
            // The mean's denominator first (targets and weights only), so the gradient can be written in the same pass.
            var denominator = 0.0;
            for (long i = 0; i < rows; i++)
            {
                var t = target[i];
                if (t == ignoreIndex) continue;
                if (t < 0 || t >= classes) throw new ArgumentException($"cross_entropy: Target {t} is out of bounds.");
                denominator += w is null ? 1 : double.CreateChecked(w[t]);
            }
            var totalWeight = w is null ? classes : Sum(w, classes);
            var (nllScale, smoothScale) = reduction == Reduction.Mean
                ? ((1 - smoothing) / denominator, smoothing / classes / denominator)
                : (1 - smoothing, smoothing / classes);
            var chunks = (int)Math.Clamp(rows * classes / (1 << 16), 1, Environment.ProcessorCount * 4L);
            var partials = new double[chunks];
            var rowsPerChunk = (rows + chunks - 1) / chunks;
            nint xs = (nint)x, ws = (nint)w, ps = (nint)perRow, gs = (nint)grad, ts = (nint)target;
            void Chunk(int c)
            {
                var sum = 0.0;
                for (var i = c * rowsPerChunk; i < Math.Min(rows, (c + 1) * rowsPerChunk); i++)
                    sum += Row((T*)xs + i * classes, ((long*)ts)[i], (T*)ws, classes, ignoreIndex, totalWeight, nllScale, smoothScale, smoothing,
                        (T*)ps == null ? null : (T*)ps + i, (T*)gs == null ? null : (T*)gs + i * classes);
                partials[c] = sum;
            }
            if (chunks == 1) Chunk(0);
            else Parallel.For(0, chunks, Chunk);
            var total = 0.0;
            foreach (var partial in partials) total += partial; // chunk order: the same result on every run
            return reduction == Reduction.Mean ? total / denominator : total;
        }

        /// <summary>One row: its loss (unscaled, for the sum) and, with <paramref name="grad"/>, its scaled gradient.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: fully optimized from the first call
        static double Row(T* x, long t, T* w, long classes, long ignoreIndex, double totalWeight, double nllScale, double smoothScale,
            double smoothing, T* perRow, T* grad)
        {
            if (t == ignoreIndex)
            {
                if (perRow != null) *perRow = T.Zero;
                if (grad != null) new Span<T>(grad, (int)classes).Clear();
                return 0;
            }
            var max = Max(x, classes);
            var sumOfExps = SumOfExps(x, classes, max, grad); // the gradient pass reuses the exponentials kept in grad
            var lse = double.CreateChecked(max) + Math.Log(sumOfExps);
            var targetWeight = w == null ? 1.0 : double.CreateChecked(w[t]);
            var nll = targetWeight * (lse - double.CreateChecked(x[t]));
            var smooth = smoothing == 0 ? 0 : totalWeight * lse - WeightedSum(x, w, classes);
            var loss = (1 - smoothing) * nll + smoothing / classes * smooth;
            if (perRow != null) *perRow = T.CreateChecked(loss);
            if (grad != null) Gradient(t, w, classes, 1 / sumOfExps, nllScale * targetWeight + smoothScale * totalWeight, nllScale * targetWeight, smoothScale, grad);
            return loss;
        }

        /// <summary>
        /// gradⱼ = a·pⱼ − s·wⱼ, minus b at the target, with pⱼ = eⱼ/Σe (the softmax): <paramref name="grad"/> holds
        /// eⱼ = e^(xⱼ − max) from the row's first pass on entry.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: fully optimized from the first call
        static void Gradient(long t, T* w, long classes, double inverseSumOfExps, double a, double b, double s, T* grad)
        {
            var (av, sv) = (new Vector<T>(T.CreateChecked(a * inverseSumOfExps)), new Vector<T>(T.CreateChecked(s)));
            long j = 0;
            for (; j + Vector<T>.Count <= classes; j += Vector<T>.Count)
                (av * Vector.Load(grad + j) - (w == null ? sv : sv * Vector.Load(w + j))).Store(grad + j);
            for (; j < classes; j++)
                grad[j] = T.CreateChecked(a * inverseSumOfExps * double.CreateChecked(grad[j]) - s * (w == null ? 1 : double.CreateChecked(w[j])));
            grad[t] -= T.CreateChecked(b);
        }

        /// <summary>Σⱼ e^(xⱼ − max), also storing each term in <paramref name="terms"/> when it is not null.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: fully optimized from the first call
        static double SumOfExps(T* x, long n, T max, T* terms)
        {
            var shift = new Vector<T>(max);
            Vector<T> a0 = Vector<T>.Zero, a1 = Vector<T>.Zero; // two chains, so consecutive exps overlap
            long j = 0;
            for (; j + 2 * Vector<T>.Count <= n; j += 2 * Vector<T>.Count)
            {
                var e0 = ExpOfNonPositive(Vector.Load(x + j) - shift);
                var e1 = ExpOfNonPositive(Vector.Load(x + j + Vector<T>.Count) - shift);
                if (terms != null)
                {
                    e0.Store(terms + j);
                    e1.Store(terms + j + Vector<T>.Count);
                }
                a0 += e0;
                a1 += e1;
            }
            if (j + Vector<T>.Count <= n)
            {
                var e = ExpOfNonPositive(Vector.Load(x + j) - shift);
                if (terms != null) e.Store(terms + j);
                a0 += e;
                j += Vector<T>.Count;
            }
            var sum = T.Zero;
            for (; j < n; j++)
            {
                var e = T.Exp(x[j] - max);
                if (terms != null) terms[j] = e;
                sum += e;
            }
            return double.CreateChecked(Vector.Sum(a0 + a1) + sum);
        }

        /// <summary>
        /// maxⱼ xⱼ, with two vectors of running maxima (independent chains), by the CPU's own max instruction: IEEE's
        /// NaN-propagating max costs three dependent instructions per vector on x64, a visible share of cross-entropy's
        /// time. A NaN may be dropped here, but not from the loss: the exp pass turns it into a NaN sum.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: fully optimized from the first call
        static T Max(T* x, long n)
        {
            var (m0, m1) = (new Vector<T>(T.NegativeInfinity), new Vector<T>(T.NegativeInfinity));
            long j = 0;
            for (; j + 2 * Vector<T>.Count <= n; j += 2 * Vector<T>.Count)
            {
                m0 = Vector.MaxNative(m0, Vector.Load(x + j));
                m1 = Vector.MaxNative(m1, Vector.Load(x + j + Vector<T>.Count));
            }
            if (j + Vector<T>.Count <= n)
            {
                m0 = Vector.MaxNative(m0, Vector.Load(x + j));
                j += Vector<T>.Count;
            }
            var lanes = Vector.MaxNative(m0, m1);
            var max = T.NegativeInfinity;
            for (var k = 0; k < Vector<T>.Count; k++) max = T.Max(max, lanes[k]);
            for (; j < n; j++) max = T.Max(max, x[j]);
            return max;
        }

        /// <summary>Σⱼ wⱼ·xⱼ (wⱼ = 1 without class weights), for label smoothing.</summary>
        static double WeightedSum(T* x, T* w, long n)
        {
            var sum = Vector<T>.Zero;
            long j = 0;
            for (; j + Vector<T>.Count <= n; j += Vector<T>.Count) sum += w == null ? Vector.Load(x + j) : Vector.Load(x + j) * Vector.Load(w + j);
            var tail = T.Zero;
            for (; j < n; j++) tail += w == null ? x[j] : x[j] * w[j];
            return double.CreateChecked(Vector.Sum(sum) + tail);
        }

        static double Sum(T* w, long n)
        {
            var sum = 0.0;
            for (long j = 0; j < n; j++) sum += double.CreateChecked(w[j]);
            return sum;
        }
    }

    sealed class Function : autograd.SingleTensorFunction<Function>
    {
        public override string Name => "LossNotebooksFusedCrossEntropy";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var problem = (Problem)vars[1];
            using (no_grad())
            {
                // Unreduced: row i's gradient is scaled by the upstream gᵢ in backward.
                var gradient = OutputBuffers.Like(problem.Input);
                var value = Run(problem, gradient);
                ctx.save_data("gradient", new FusedPointwise.SavedGradient(gradient));
                ctx.save_data("reduction", problem.Reduction);
                return value;
            }
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var saved = (FusedPointwise.SavedGradient)ctx.get_data("gradient");
            using (no_grad())
            {
                var grad = (Reduction)ctx.get_data("reduction") == Reduction.None
                    ? saved.Value * gradOutput.to_type(saved.Value.dtype).unsqueeze(1)
                    : saved.Times(gradOutput);
                return new List<Tensor> { grad, null! };
            }
        }
    }
}
