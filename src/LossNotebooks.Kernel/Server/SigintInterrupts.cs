using System.Runtime.InteropServices;

namespace LossNotebooks.Kernel.Server;

/// <summary>
/// SIGINT interrupts the running cell and never ends the kernel (Jupyter's <c>interrupt_mode: signal</c>, and a
/// terminal's Ctrl+C).
/// </summary>
public static class SigintInterrupts
{
    [DllImport("libc", EntryPoint = "signal")]
    static extern nint SetSignalHandler(int signal, nint handler);

    /// <summary>Routes SIGINT to <paramref name="interrupt"/> until the registration is disposed; null on Windows.</summary>
    public static IDisposable? Register(Action interrupt)
    {
        if (OperatingSystem.IsWindows()) return null;
        RestoreIgnoredSigint();
        return PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            interrupt();
        });
    }

    /// <summary>
    /// A process started in the background by a shell (a notebook server under <c>nohup … &amp;</c>, a CI job) inherits
    /// SIGINT as ignored, and the runtime then never delivers it: set it back to the default so the registration
    /// takes it. A handler already installed is left alone.
    /// </summary>
    static void RestoreIgnoredSigint()
    {
        const int sigint = 2;
        nint ignore = 1, defaultAction = 0;
        var previous = SetSignalHandler(sigint, defaultAction);
        if (previous != ignore) SetSignalHandler(sigint, previous);
    }
}
