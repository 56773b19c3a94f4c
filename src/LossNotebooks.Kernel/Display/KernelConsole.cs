using System.Text;
using LossNotebooks.Kernel.Abstractions;

namespace LossNotebooks.Kernel.Display;

/// <summary>
/// The running cell's output context: <see cref="Enter"/> makes a cell's <see cref="IOutputSink"/> current on the
/// flow that runs it (an <see cref="AsyncLocal{T}"/>, so tasks and threads the cell starts keep writing to that cell),
/// and Console.Out, Console.Error and Console.In of user code reach it (stream messages as text is written,
/// input_request for ReadLine). Outside a cell they reach the process's original streams.
/// </summary>
public static class KernelConsole
{
    static readonly AsyncLocal<CellStreams?> Context = new();
    static CellStreams? running; // the innermost cell entered and not yet left, for native writes (fd 1 and 2 have no flow)
    static NativeOutputCapture? native;

    /// <summary>The process's original standard output (the kernel's own diagnostics).</summary>
    public static TextWriter OriginalOut { get; private set; } = Console.Out;
    /// <summary>The process's original standard error.</summary>
    public static TextWriter OriginalError { get; private set; } = Console.Error;

    /// <summary>The sink of the cell this code runs for, or null outside a cell.</summary>
    public static IOutputSink? Current => Context.Value?.Sink;

    /// <summary>The sink of the cell running now, for output that has no flow of its own (native writes).</summary>
    internal static IOutputSink? Running => Volatile.Read(ref running)?.Sink;

    static int installed;

    /// <summary>
    /// Installs the routing writers and reader (once per process; later calls do nothing), and with
    /// <paramref name="captureNativeOutput"/> captures native writes to file descriptors 1 and 2 where the platform allows.
    /// </summary>
    public static void Install(bool captureNativeOutput = true)
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        native = captureNativeOutput ? NativeOutputCapture.TryStart() : null;
        OriginalOut = native?.OriginalOut ?? Console.Out;
        OriginalError = native?.OriginalError ?? Console.Error;
        Console.SetOut(new RoutedWriter("stdout", OriginalOut));
        Console.SetError(new RoutedWriter("stderr", OriginalError));
        Console.SetIn(new RoutedReader());
    }

    /// <summary>
    /// Makes <paramref name="sink"/> the current cell's output on this flow until the returned scope is disposed;
    /// disposing sends what the cell's writers still hold and restores the outer context.
    /// </summary>
    public static IDisposable Enter(IOutputSink sink)
    {
        var outer = Context.Value;
        var streams = new CellStreams(sink);
        Context.Value = streams;
        var outerRunning = Interlocked.Exchange(ref running, streams);
        return new Scope(() =>
        {
            try { Flush(); }
            catch (ThreadInterruptedException) { Flush(); } // a late Thread.Interrupt landed in the wait
            Context.Value = outer;
            Interlocked.CompareExchange(ref running, outerRunning, streams);
        });
    }

    /// <summary>Sends whatever the current cell's writers hold (before a display, at the end of a cell).</summary>
    public static void Flush()
    {
        Context.Value?.Flush();
        native?.Sync();
    }

    sealed class Scope(Action leave) : IDisposable
    {
        int left;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0) leave();
        }
    }

    /// <summary>One cell's sink and the text its stdout and stderr writers hold.</summary>
    sealed class CellStreams(IOutputSink sink)
    {
        public IOutputSink Sink { get; } = sink;
        readonly StreamBuffer stdout = new("stdout", sink), stderr = new("stderr", sink);

        public StreamBuffer For(string name) => name == "stderr" ? stderr : stdout;

        public void Flush()
        {
            stdout.Flush();
            stderr.Flush();
        }
    }

    /// <summary>Text written to one stream of one cell: whole lines go out at once, a partial line within 50 ms.</summary>
    sealed class StreamBuffer(string name, IOutputSink sink)
    {
        readonly StringBuilder buffer = new();
        readonly object gate = new();
        Timer? timer;

        public void Append(string text)
        {
            lock (gate)
            {
                buffer.Append(text);
                // a partial line goes out within 50 ms, so progress shows while a cell runs
                if (text.Contains('\n')) FlushLocked();
                else timer ??= new Timer(_ => Flush(), null, 50, Timeout.Infinite);
            }
        }

        public void Flush()
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
            sink.Stream(name, text);
        }
    }

    sealed class RoutedWriter(string name, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Append(value.ToString());
        public override void Write(string? value) => Append(value ?? "");
        public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));
        public override void WriteLine(string? value) => Append((value ?? "") + "\n");

        void Append(string text)
        {
            if (Context.Value is { } cell) cell.For(name).Append(text);
            else { fallback.Write(text); fallback.Flush(); }
        }

        public override void Flush() => Context.Value?.For(name).Flush();
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
