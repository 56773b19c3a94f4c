using Microsoft.CodeAnalysis;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// The shared framework as compiler references: the whole of it, and the core that cells compile against first.
/// Roslyn merges the namespaces of every referenced assembly again for each compilation, so a small cell compiles
/// ~30% faster against the ~70 core assemblies than against all ~170, and a first cell reads far less metadata. The
/// core is every assembly that defines public types in the namespaces cells import by default (so those usings bring
/// in exactly the types and extension methods they would with the whole framework), everything those assemblies
/// reference (so their signatures bind), the facades libraries are compiled against, and <c>Microsoft.CSharp</c> for
/// <c>dynamic</c>; a test checks both rules against the running framework. A cell that fails against the core is
/// compiled again against the whole framework (see <see cref="CSharpSession"/>).
/// </summary>
public static class FrameworkReferences
{
    /// <summary>Facades: they only forward types, to where libraries compiled against them find them.</summary>
    public static readonly IReadOnlySet<string> Facades = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "System.Runtime", "netstandard", "mscorlib", "System.Core", "System",
    };

    /// <summary>Simple names of the core assemblies.</summary>
    public static readonly IReadOnlySet<string> Core = new HashSet<string>(Facades.Concat(new[]
    {
        // Define public types in System, System.Linq, System.Collections.Generic, System.Threading.Tasks, System.IO, System.Text.
        "System.Private.CoreLib", "System.Collections", "System.Collections.Immutable", "System.ComponentModel",
        "System.ComponentModel.TypeConverter", "System.Console", "System.IO.FileSystem.AccessControl", "System.IO.FileSystem.DriveInfo",
        "System.IO.FileSystem.Watcher", "System.Linq", "System.Linq.AsyncEnumerable", "System.Linq.Expressions", "System.Linq.Parallel",
        "System.Linq.Queryable", "System.Memory", "System.Private.Uri", "System.Text.Encoding.CodePages", "System.Threading.Tasks.Parallel",
        // What those reference, transitively (their signatures can name these types, e.g. AsParallel's Partitioner).
        "Microsoft.Win32.Primitives", "System.Collections.Concurrent", "System.Collections.NonGeneric", "System.Collections.Specialized",
        "System.ComponentModel.Primitives", "System.Diagnostics.DiagnosticSource", "System.Diagnostics.Tracing", "System.Drawing.Primitives",
        "System.Formats.Asn1", "System.IO.Compression", "System.IO.MemoryMappedFiles", "System.Net.NameResolution", "System.Net.Primitives",
        "System.Net.Security", "System.Net.Sockets", "System.Numerics.Vectors", "System.ObjectModel", "System.Reflection.Emit",
        "System.Reflection.Emit.ILGeneration", "System.Reflection.Emit.Lightweight", "System.Reflection.Metadata", "System.Reflection.Primitives",
        "System.Resources.Writer", "System.Runtime.InteropServices", "System.Runtime.Intrinsics", "System.Runtime.Loader",
        "System.Runtime.Numerics", "System.Runtime.Serialization.Formatters", "System.Security.AccessControl", "System.Security.Claims",
        "System.Security.Cryptography", "System.Security.Principal.Windows", "System.Text.Encoding.Extensions",
        "System.Text.RegularExpressions", "System.Threading", "System.Threading.Thread", "System.Threading.ThreadPool", "System.Xml.XDocument",
        "System.Diagnostics.TraceSource", "System.IO.Compression.Brotli", "System.Net.Http", "System.Net.NetworkInformation", "System.Net.Quic",
        "System.Private.Xml", "System.Private.Xml.Linq", "System.Threading.Channels",
        // dynamic (anonymous-typed variables are hoisted as dynamic).
        "Microsoft.CSharp",
    }), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The shared-framework assemblies of the running process: the trusted platform assemblies in the runtime's own
    /// folder (not the kernel's private dependencies next to it, which could clash with a user's <c>#r</c>).
    /// </summary>
    public static IEnumerable<string> AllPaths() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator)
        .Where(p => Path.GetDirectoryName(p) == RuntimeFolder)
        .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal)
                    || name is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll" or "Microsoft.Win32.Primitives.dll"))
        .Distinct(); // the host lists System.Private.CoreLib twice

    static readonly string? RuntimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location);

    /// <summary>True for a path of a core assembly.</summary>
    public static bool IsCore(string path) => Core.Contains(Path.GetFileNameWithoutExtension(path));

    /// <summary>References to every framework assembly, core first.</summary>
    public static IReadOnlyList<PortableExecutableReference> All() =>
        AllPaths().OrderBy(p => IsCore(p) ? 0 : 1).Select(p => MetadataReference.CreateFromFile(p)).ToList();
}
