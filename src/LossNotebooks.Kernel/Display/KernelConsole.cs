using System.Text;

namespace LossNotebooks.Kernel.Display;

/// <summary>
/// Routes Console.Out, Console.Error and Console.In of user code to the running cell's <see cref="IOutputSink"/>
/// (stream messages as text is written, input_request for ReadLine); outside a cell, to the original streams.
/// </summary>
public static class KernelConsole
{
    static IOutputSink? current;

    /// <summary>The process's original standard output (the kernel's own diagnostics).</summary>
    public static TextWriter OriginalOut { get; private set; } = Console.Out;
    /// <summary>The process's original standard error.</summary>
    public static TextWriter OriginalError { get; private set; } = Console.Error;

    /// <summary>The sink of the cell now running, or null.</summary>
    public static IOutputSink? Current { get => Volatile.Read(ref current); set => Volatile.Write(ref current, value); }

    static NativeOutputCapture? native;

    /// <summary>
    /// Installs the routing writers and reader (once, at kernel start), and captures native writes to file
    /// descriptors 1 and 2 where the platform allows.
    /// </summary>
    public static void Install()
    {
        native = NativeOutputCapture.TryStart();
        OriginalOut = native?.OriginalOut ?? Console.Out;
        OriginalError = native?.OriginalError ?? Console.Error;
        Console.SetOut(new RoutedWriter("stdout", OriginalOut));
        Console.SetError(new RoutedWriter("stderr", OriginalError));
        Console.SetIn(new RoutedReader());
    }

    /// <summary>Sends whatever the writers hold (end of a cell, before results).</summary>
    public static void Flush()
    {
        Console.Out.Flush();
        Console.Error.Flush();
        native?.Sync();
    }

    sealed class RoutedWriter(string name, TextWriter fallback) : TextWriter
    {
        readonly StringBuilder buffer = new();
        readonly object gate = new();
        Timer? timer;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Append(value.ToString());
        public override void Write(string? value) => Append(value ?? "");
        public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));
        public override void WriteLine(string? value) => Append((value ?? "") + "\n");

        void Append(string text)
        {
            if (Current is null) { fallback.Write(text); fallback.Flush(); return; }
            lock (gate)
            {
                buffer.Append(text);
                // Whole lines go out at once; a partial line goes out within 50 ms, so progress shows while a cell runs.
                if (text.Contains('\n')) FlushLocked();
                else timer ??= new Timer(_ => Flush(), null, 50, Timeout.Infinite);
            }
        }

        public override void Flush()
        {
            lock (gate) FlushLocked();
        }

        void FlushLocked()
        {
            timer?.Dispose();
            timer = null;
            if (buffer.Length == 0) return;
            var text = buffer.ToString();
            buffer.Clear();
            var sink = Current;
            if (sink is null) fallback.Write(text);
            else sink.Stream(name, text);
        }
    }

    sealed class RoutedReader : TextReader
    {
        public override string? ReadLine()
        {
            var sink = Current ?? throw new InvalidOperationException("Console.ReadLine outside a cell: no front end to ask");
            KernelConsole.Flush();
            return sink.ReadInput("", password: false);
        }

        public override int Read() => throw new NotSupportedException("read input with Console.ReadLine(): the front end sends whole lines");
    }
}
