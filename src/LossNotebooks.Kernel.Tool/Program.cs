namespace LossNotebooks.Kernel.Tool;

/// <summary><c>lossnb-kernel</c>: the kernel host with its own languages, C# and F#.</summary>
public static class Program
{
    /// <summary>Runs the kernel host's command line (<see cref="KernelHost.Run"/>).</summary>
    public static int Main(string[] args) => KernelHost.Run(args);
}
