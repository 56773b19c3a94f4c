namespace LossNotebooks.Losses.Fused;

/// <summary>
/// Environment variables a process should start with for the fused kernels to run at their best. They are read
/// once, when the runtime and libtorch load, so a host sets them before start: <c>lossnb install</c> writes them
/// into the kernelspec's <c>env</c>; elsewhere set them in the shell or launch profile.
/// </summary>
public static class ProcessSettings
{
    /// <summary>
    /// <c>Vector&lt;T&gt;</c> as wide as the CPU allows (512 bits with AVX-512, where .NET stops at 256 by default): the
    /// fused kernels run on <c>Vector&lt;T&gt;</c>, and their exp/log losses are compute-bound at 256 bits.
    /// </summary>
    public const string WideVectorsVariable = "DOTNET_MaxVectorTBitWidth";

    /// <summary>
    /// How long libtorch's GNU OpenMP threads busy-wait after each parallel operation (default 300,000 spins,
    /// milliseconds), taking a core from the fused kernels' .NET threads that run next.
    /// </summary>
    public const string OpenMpSpinVariable = "GOMP_SPINCOUNT";

    /// <summary>
    /// The spin count to use: a few hundred microseconds, long enough for libtorch's back-to-back operations to find
    /// their threads awake, short enough that a spinning thread no longer holds a core through the fused loss that
    /// follows (measurements in docs/benchmarks/fused.md).
    /// </summary>
    public const string OpenMpSpinCount = "10000";

    /// <summary>The variables and their values, for a kernelspec's <c>env</c>.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        [WideVectorsVariable] = "512",
        [OpenMpSpinVariable] = OpenMpSpinCount,
    };
}
