using System.Numerics;

namespace LossNotebooks.Losses.Fused;

/// <summary>
/// A loss ℓ(x, y) computed lane by lane: its value and its derivative ∂ℓ/∂x. The kernels
/// (<see cref="PointwiseKernel{T, TLoss}"/>) are generic over the loss struct, so each loss compiles to its own
/// vectorized loop with no dispatch inside it.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal interface IPointwiseLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>ℓ(x, y); <paramref name="posWeight"/> is the positive-class weight of each lane (1 when unused).</summary>
    Vector<T> Value(Vector<T> x, Vector<T> y, Vector<T> posWeight);

    /// <summary>∂ℓ/∂x, as libtorch's backward computes it (including its choices at kinks).</summary>
    Vector<T> Derivative(Vector<T> x, Vector<T> y, Vector<T> posWeight);

    /// <summary>
    /// True for losses whose value and derivative share an exponential (BCE with logits, soft margin, Poisson on log
    /// rates): the pass that writes the gradient then calls <see cref="ValueAndDerivative"/>, which computes it once.
    /// A static member, so the kernel's choice is a constant for each loss struct (an instance default method would
    /// box the struct on every call).
    /// </summary>
    static virtual bool SharesWork => false;

    /// <summary>ℓ and ∂ℓ/∂x together (called only when <see cref="SharesWork"/>).</summary>
    Vector<T> ValueAndDerivative(Vector<T> x, Vector<T> y, Vector<T> posWeight, out Vector<T> derivative)
    {
        derivative = Derivative(x, y, posWeight);
        return Value(x, y, posWeight);
    }

    /// <summary>All bits set in the lanes whose input the loss rejects (probabilities outside [0, 1]); zero otherwise.</summary>
    Vector<T> Rejects(Vector<T> x);
}
