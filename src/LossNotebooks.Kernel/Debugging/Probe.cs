using System.Runtime.CompilerServices;

namespace LossNotebooks.Kernel.Debugging;

/// <summary>
/// What instrumented cells call (<see cref="CellInstrumenter"/>): each function enters and exits a
/// <see cref="DebugFrame"/>, and each statement first records where its frame is and reads its site's flag in
/// <see cref="Armed"/>; only an armed statement (a breakpoint's line, or any while stepping, pausing or stopping on
/// exceptions) calls
/// <see cref="At"/>, which hands its locals to the attached <see cref="DebugEngine"/>. So a cell with the debugger
/// attached and no breakpoint hit pays one array read and one field write per statement.
/// </summary>
public static class Probe
{
    /// <summary>The one lock of the debugger's state (the sites' flags here and the engine's state), so neither waits on the other.</summary>
    internal static readonly object Gate = new();
    static readonly List<Site> Sites = new();
    static bool[] breakpointSites = Array.Empty<bool>();
    static bool[] everySite = Array.Empty<bool>();
    static bool everyArmed;
    [ThreadStatic] static DebugFrame? current;

    /// <summary>Per site: true when the statement must call <see cref="At"/>. Replaced, never resized in place.</summary>
    public static bool[] Armed = Array.Empty<bool>();

    /// <summary>The debugger the hooks report to (null when none was ever attached).</summary>
    internal static DebugEngine? Engine { get; set; }

    /// <summary>Starts a function's frame (called first in its body).</summary>
    public static DebugFrame Enter(string function) => current = new DebugFrame(current, function, isCell: false);

    /// <summary>Starts a cell's frame (its statements).</summary>
    public static DebugFrame EnterCell(string cell) => current = new DebugFrame(current, cell, isCell: true);

    /// <summary>Ends a function's frame (in its <c>finally</c>).</summary>
    public static void Exit(DebugFrame frame) => current = frame.Parent;

    /// <summary>
    /// A statement of an async function: it may run on another thread than the one it started on, after an await, so
    /// it makes its frame this thread's current one.
    /// </summary>
    public static void Resume(DebugFrame frame, int site)
    {
        current = frame;
        frame.Site = site;
    }

    /// <summary>An armed statement: records its locals and lets the debugger stop here. A null frame: an iterator's statement.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void At(DebugFrame? frame, int site, object?[]? values)
    {
        frame ??= new DebugFrame(current, SiteOf(site).Function, isCell: false);
        frame.Site = site;
        if (values is not null)
        {
            frame.Values = values;
            frame.ValuesSite = site;
        }
        Engine?.Reached(frame, site);
    }

    /// <summary>True while the debugger steps: statements that called cell code then report that it returned.</summary>
    public static volatile bool Stepping;

    /// <summary>A statement that called cell code finished while stepping (see <see cref="Stepping"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Returned(DebugFrame frame, int site, object?[] values)
    {
        current = frame;
        frame.Site = site;
        frame.Values = values;
        frame.ValuesSite = site;
        Engine?.Returned(frame);
    }

    /// <summary>An exception filter of every instrumented function: lets the debugger stop where it was thrown; never catches.</summary>
    public static bool Thrown(DebugFrame frame, Exception exception)
    {
        Engine?.Thrown(frame, current ?? frame, exception);
        return false;
    }

    /// <summary>Registers a site and returns its id; arms it when a breakpoint already asks for its line.</summary>
    internal static Site Register(Func<int, Site> create)
    {
        lock (Gate)
        {
            var site = create(Sites.Count);
            Sites.Add(site);
            if (Sites.Count > breakpointSites.Length)
            {
                var size = Math.Max(256, breakpointSites.Length * 2);
                Array.Resize(ref breakpointSites, size);
                everySite = Enumerable.Repeat(true, size).ToArray();
                Armed = everyArmed ? everySite : breakpointSites;
            }
            breakpointSites[site.Id] = Engine?.BreaksAt(site) ?? false;
            return site;
        }
    }

    /// <summary>The site of an id.</summary>
    internal static Site SiteOf(int id)
    {
        lock (Gate) return Sites[id];
    }

    /// <summary>Every registered site (a copy).</summary>
    internal static IReadOnlyList<Site> AllSites()
    {
        lock (Gate) return Sites.ToList();
    }

    /// <summary>True when a breakpoint arms the site.</summary>
    internal static bool IsBreakpoint(int site)
    {
        lock (Gate) return site < breakpointSites.Length && breakpointSites[site];
    }

    /// <summary>Arms exactly the sites a breakpoint asks for (per <paramref name="breaksAt"/>).</summary>
    internal static void ArmBreakpoints(Func<Site, bool> breaksAt)
    {
        lock (Gate)
            foreach (var site in Sites) breakpointSites[site.Id] = breaksAt(site);
    }

    /// <summary>Every statement calls <see cref="At"/> (stepping, pausing) or only breakpoints' (running).</summary>
    internal static void ArmEverySite(bool every)
    {
        lock (Gate)
        {
            everyArmed = every;
            Armed = every ? everySite : breakpointSites;
        }
    }
}
