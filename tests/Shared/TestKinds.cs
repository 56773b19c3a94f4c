namespace LossNotebooks.Testing;

/// <summary>
/// The xUnit trait that tells fast tests from tests against real peers (Debian's Python clients, Chromium):
/// <c>dotnet test --filter "Kind!=RealClient"</c> runs the fast ones alone, <c>--filter Kind=RealClient</c> the others.
/// </summary>
internal static class TestKinds
{
    /// <summary>The trait's name.</summary>
    public const string Kind = "Kind";

    /// <summary>A test that drives or is driven by a real Jupyter client, PyTorch or a browser.</summary>
    public const string RealClient = "RealClient";
}
