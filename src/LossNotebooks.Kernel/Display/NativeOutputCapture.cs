using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace LossNotebooks.Kernel.Display;

/// <summary>
/// Captures writes of native code to file descriptors 1 and 2 (libtorch prints its warnings there) and forwards them
/// to the running cell as stream messages; outside a cell they go to the kernel's original stdout and stderr. Linux
/// and macOS: each descriptor is replaced by a pipe read on a background thread. <see cref="Sync"/> makes sure every
/// byte written so far has been forwarded before a cell's reply is sent.
/// </summary>
internal sealed class NativeOutputCapture
{
    readonly Channel[] channels;

    NativeOutputCapture(Channel[] channels) => this.channels = channels;

    /// <summary>The kernel's original stdout and stderr (the terminal or log of the process that started it).</summary>
    public TextWriter OriginalOut => channels[0].Original;
    /// <inheritdoc cref="OriginalOut"/>
    public TextWriter OriginalError => channels[1].Original;

    /// <summary>Starts capturing fd 1 and 2, or returns null where that is not possible (Windows, errors).</summary>
    public static NativeOutputCapture? TryStart()
    {
        if (OperatingSystem.IsWindows()) return null;
        try { return new NativeOutputCapture(new[] { new Channel(1, "stdout"), new Channel(2, "stderr") }); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException) { return null; }
    }

    /// <summary>Waits (at most 1 s) until everything native code wrote so far has been forwarded.</summary>
    public void Sync()
    {
        foreach (var channel in channels) channel.Sync();
    }

    sealed class Channel
    {
        const string SentinelPrefix = "\u0001lossnb-sync-";
        readonly int writeEnd;
        readonly string name;
        readonly object gate = new();
        long requested, seen;

        public TextWriter Original { get; }

        public Channel(int fd, string name)
        {
            this.name = name;
            var fds = new int[2];
            if (pipe(fds) != 0) throw new IOException($"pipe() failed for fd {fd}: errno {Marshal.GetLastWin32Error()}");
            var saved = dup(fd);
            if (saved < 0 || dup2(fds[1], fd) < 0) throw new IOException($"dup2() failed for fd {fd}: errno {Marshal.GetLastWin32Error()}");
            writeEnd = fds[1];
            Original = new StreamWriter(new FileStream(new SafeFileHandle(saved, ownsHandle: true), FileAccess.Write, 1), new UTF8Encoding(false))
            { AutoFlush = true };
            new Thread(() => Pump(fds[0])) { IsBackground = true, Name = $"native {name}" }.Start();
        }

        public void Sync()
        {
            long ticket;
            lock (gate) ticket = ++requested;
            var bytes = Encoding.UTF8.GetBytes($"{SentinelPrefix}{ticket}\u0001");
            write(writeEnd, bytes, bytes.Length);
            lock (gate)
            {
                var deadline = DateTime.UtcNow.AddSeconds(1);
                while (seen < ticket && DateTime.UtcNow < deadline) Monitor.Wait(gate, 50);
            }
        }

        void Pump(int readEnd)
        {
            var buffer = new byte[8192];
            var decoder = Encoding.UTF8.GetDecoder();
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            var pending = new StringBuilder();
            while (true)
            {
                var n = (int)read(readEnd, buffer, buffer.Length);
                if (n <= 0) return;
                var count = decoder.GetChars(buffer, 0, n, chars, 0);
                pending.Append(chars, 0, count);
                Forward(pending);
            }
        }

        void Forward(StringBuilder pending)
        {
            var text = pending.ToString();
            pending.Clear();
            int start;
            while ((start = text.IndexOf(SentinelPrefix, StringComparison.Ordinal)) >= 0)
            {
                var end = text.IndexOf('\u0001', start + 1);
                if (end < 0) { pending.Append(text[start..]); text = text[..start]; break; }
                Emit(text[..start]);
                if (long.TryParse(text[(start + SentinelPrefix.Length)..end], out var ticket))
                    lock (gate) { seen = Math.Max(seen, ticket); Monitor.PulseAll(gate); }
                text = text[(end + 1)..];
            }
            Emit(text);
        }

        void Emit(string text)
        {
            if (text.Length == 0) return;
            var sink = KernelConsole.Running;
            if (sink is not null) sink.Stream(name, text);
            else Original.Write(text);
        }
    }

    [DllImport("libc", SetLastError = true)] static extern int pipe(int[] fds);
    [DllImport("libc", SetLastError = true)] static extern int dup(int fd);
    [DllImport("libc", SetLastError = true)] static extern int dup2(int from, int to);
    [DllImport("libc", SetLastError = true)] static extern nint read(int fd, byte[] buffer, nint count);
    [DllImport("libc", SetLastError = true)] static extern nint write(int fd, byte[] buffer, nint count);
}
