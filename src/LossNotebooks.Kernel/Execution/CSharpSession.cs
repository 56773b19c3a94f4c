using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using LossNotebooks.Kernel.Abstractions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// A C# session with script semantics (state carried from cell to cell, top-level statements, <c>await</c>, a
/// trailing expression's value) whose cells compile independently: <see cref="CellTranslator"/> turns cell N into
/// <c>class CellN : CellN-1</c>, compiled against the framework, the session's references and the earlier cells'
/// assemblies. Unlike a Roslyn submission chain, no compilation outlives its cell, so memory stays flat over
/// thousands of cells. Cells carry the file name <c>cellN</c> and debug information, so diagnostics and stack traces
/// name the cell and line.
/// </summary>
public sealed class CSharpSession : Debugging.IExpressionCompiler
{
    /// <summary>Namespaces imported in every cell.</summary>
    public static readonly string[] DefaultImports =
    {
        "System", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks", "System.IO", "System.Text",
        "LossNotebooks.Kernel.Display",
    };

    /// <summary>Types whose static members every cell imports (<c>display</c>, <c>HTML</c>, <c>Javascript</c>, …).</summary>
    public static readonly string[] DefaultStaticImports = { "LossNotebooks.Kernel.Display.Notebook" };

    /// <summary>
    /// The namespaces .NET Interactive notebooks import for its names (<c>Kernel</c>, <c>Formatter</c>, <c>PocketView</c>,
    /// <c>LaTeXString</c>), so cells may also use them without a using. Binding them (and
    /// <see cref="CompatibilityStaticImports"/>) costs every cell binding time, so they are added once a cell fails to
    /// compile without them, and kept for every later cell.
    /// </summary>
    public static readonly string[] CompatibilityImports = { "Microsoft.DotNet.Interactive", "Microsoft.DotNet.Interactive.Formatting" };

    /// <summary>PocketView's tags (<c>div</c>, <c>span</c>, …), imported with <see cref="CompatibilityImports"/>.</summary>
    public static readonly string[] CompatibilityStaticImports = { "Microsoft.DotNet.Interactive.Formatting.PocketViewTags" };

    static IEnumerable<string> UsingDirectives(IEnumerable<string> namespaces, IEnumerable<string> staticTypes) =>
        namespaces.Select(n => $"using {n};").Concat(staticTypes.Select(t => $"using static {t};"));

    static readonly string[] CompatibilityUsings = UsingDirectives(CompatibilityImports, CompatibilityStaticImports).ToArray();

    /// <summary>
    /// Assemblies .NET Interactive gave every cell that this kernel carries but does not reference by default:
    /// Microsoft.AspNetCore.Html.Abstractions (<c>IHtmlContent</c>, named by extension methods of the Formatting
    /// namespaces, which overload resolution meets on ordinary calls such as ML.NET's <c>Append</c>; without it such a
    /// call fails with CS0012) and Newtonsoft.Json. Referenced with <see cref="CompatibilityImports"/>, on the same retry.
    /// </summary>
    public static readonly IReadOnlyList<string> CompatibilityReferencePaths = new[]
    {
        typeof(Microsoft.AspNetCore.Html.IHtmlContent).Assembly.Location, typeof(Newtonsoft.Json.JsonConvert).Assembly.Location,
    };

    static readonly MetadataReference[] CompatibilityReferences =
        CompatibilityReferencePaths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();

    static readonly CSharpParseOptions ScriptParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);
    static readonly CSharpParseOptions ClassParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Regular);
    static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithOptimizationLevel(OptimizationLevel.Debug)
        .WithAllowUnsafe(true)
        .WithNullableContextOptions(NullableContextOptions.Disable)
        .WithConcurrentBuild(false);
    static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.PortablePdb);
    static readonly ConcurrentDictionary<string, Assembly> KnownAssemblies = new(StringComparer.OrdinalIgnoreCase);
    static int registered;

    readonly IReadOnlyList<PortableExecutableReference> framework = FrameworkReferences.All();
    readonly List<MetadataReference> added = new(); // the kernel, Formatting, #r packages and projects
    readonly List<MetadataReference> cellImages = new(); // earlier cells that declared something
    bool wholeFramework; // set once a cell compiled only against the whole framework
    bool compatibilityImports; // set once a cell compiled only with .NET Interactive's imports
    CSharpCompilation? referencesOnly; // no trees; reused so unchanged references are not bound again for every cell
    readonly List<string> usings = UsingDirectives(DefaultImports, DefaultStaticImports).ToList();
    readonly string assemblyPrefix = "cells-" + Guid.NewGuid().ToString("N")[..8] + "-";
    string? previousClass;
    Type? latestDeclaring; // the class of the newest cell that declared something: its chain holds every hoisted field
    readonly HashSet<string> emittedShapes = new(StringComparer.Ordinal); // anonymous-type classes earlier cells emitted
    readonly HashSet<string> readOnlyVariables = new(StringComparer.Ordinal); // readonly top-level variables so far
    int compiledCells;
    readonly object stateGate = new(); // cells and the debugger's evaluations compile against the same state
    readonly GeneratedLineMap generatedLines = new(); // stack frames in the translation's glue, placed in the user's cells
    readonly Dictionary<string, Accessibility> typeAccessibility = new(StringComparer.Ordinal); // top-level types as written, by name

    /// <summary>Creates a session referencing the framework, the Formatting package and the kernel's display helpers.</summary>
    public CSharpSession()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
            AssemblyLoadContext.Default.Resolving += (_, name) => name.Name is not null && KnownAssemblies.TryGetValue(name.Name, out var known) ? known : null;
        added.Add(MetadataReference.CreateFromFile(typeof(CSharpSession).Assembly.Location));
        added.Add(MetadataReference.CreateFromFile(typeof(Abstractions.MimeBundle).Assembly.Location)); // display helpers return bundles
        added.Add(MetadataReference.CreateFromFile(typeof(Microsoft.DotNet.Interactive.Formatting.Formatter).Assembly.Location));
    }

    /// <summary>
    /// References cells can use (the whole framework, packages, projects; not the cells themselves). Cells compile
    /// against the <see cref="FrameworkReferences.Core"/> of the framework until one needs more.
    /// </summary>
    public IReadOnlyList<MetadataReference> References => framework.Concat(added).ToList();

    /// <summary>True once a cell needed framework assemblies outside the core (every later cell gets them all).</summary>
    public bool UsesWholeFramework => wholeFramework;

    /// <summary>Adds assembly references for later cells (from #r directives).</summary>
    public void AddReferences(IEnumerable<MetadataReference> references)
    {
        var list = references.ToList();
        added.AddRange(list);
        referencesOnly = referencesOnly?.AddReferences(list);
    }

    /// <summary>
    /// Makes cells bind to these already-loaded assemblies (the kernel loaded them to run NotebookExtension and to set
    /// native resolvers) instead of loading second copies.
    /// </summary>
    public void UseLoadedAssemblies(IEnumerable<Assembly> assemblies)
    {
        foreach (var assembly in assemblies)
            if (assembly.GetName().Name is { } name) KnownAssemblies[name] = assembly;
    }

    /// <summary>Where the last cell's time went (parse, compile, load, run), for the kernel log.</summary>
    public string LastTimings { get; private set; } = "";

    /// <summary>Runs one cell: compiles it as the next class of the session and runs its statements.</summary>
    public async Task<CellOutcome> RunAsync(string code, int cellNumber, CancellationToken cancellation = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var marks = new List<(string Phase, double Ms)>();
        void Mark(string phase) => marks.Add((phase, clock.Elapsed.TotalMilliseconds));
        try { return await RunTimedAsync(code, cellNumber, Mark, cancellation); }
        finally
        {
            Mark("run");
            LastTimings = string.Join(", ", marks.Select((m, i) => $"{m.Phase} {m.Ms - (i == 0 ? 0 : marks[i - 1].Ms):F1} ms"));
        }
    }

    async Task<CellOutcome> RunTimedAsync(string code, int cellNumber, Action<string> mark, CancellationToken cancellation)
    {
        (Assembly? Assembly, string ClassName, CellOutcome? Failure) loaded;
        lock (stateGate) loaded = CompileAndLoad(code, cellNumber, mark, cancellation);
        if (loaded.Failure is { } failed) return failed;
        try
        {
            var run = loaded.Assembly!.GetType(loaded.ClassName)!.GetMethod(CellTranslator.RunMethod)!;
            var result = run.Invoke(null, null);
            var value = run.ReturnType == typeof(Task<object>) ? await (Task<object>)result! : result;
            return value is null || value == CellValue.None ? CellOutcome.Nothing : new CellOutcome { HasValue = true, Value = value };
        }
        catch (Exception exception)
        {
            return new CellOutcome { Error = RuntimeError(exception, cellNumber) };
        }
    }

    /// <summary>
    /// Compiles a cell as the session's next class and loads it (the session's state changes here, under
    /// <see cref="stateGate"/>, never while the cell runs); or the outcome that stopped it.
    /// </summary>
    (Assembly? Assembly, string ClassName, CellOutcome? Failure) CompileAndLoad(string code, int cellNumber, Action<string> mark, CancellationToken cancellation)
    {
        var file = $"cell{cellNumber}";
        var written = CSharpSyntaxTree.ParseText(code, ScriptParseOptions, file, System.Text.Encoding.UTF8, cancellation);
        if (written.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            return Failed(CompileError(written.GetDiagnostics().Select(d => new PlacedDiagnostic(d, d.Location.GetMappedLineSpan()))));
        var accessibility = new WrittenAccessibility(written, typeAccessibility);
        var scripted = ScriptForm.Rewrite(written);
        var original = !scripted.Changed ? written // most cells need no rewriting: no second parse
            : CSharpSyntaxTree.ParseText(scripted.Code, ScriptParseOptions, file, System.Text.Encoding.UTF8, cancellation);
        var interruptible = CSharpSyntaxTree.ParseText(InterruptRewriter.Rewrite(original), ScriptParseOptions, file, System.Text.Encoding.UTF8, cancellation);

        mark("parse");
        var compiled = Compile(interruptible, scripted.Shapes, accessibility, wholeFramework, compatibilityImports, cancellation);
        // A cell that fails may use .NET Interactive's names without a using, or a framework assembly outside the core:
        // each is turned on once a cell needs it, for every later cell (the whole-framework retry brings both).
        if (compiled.Errors is not null && !compatibilityImports)
        {
            var withImports = Compile(interruptible, scripted.Shapes, accessibility, wholeFramework, true, cancellation);
            if (withImports.Errors is null)
            {
                compiled = withImports;
                UseCompatibilityImports();
            }
        }
        if (compiled.Errors is not null && !wholeFramework)
        {
            compiled = Compile(interruptible, scripted.Shapes, accessibility, true, true, cancellation);
            if (compiled.Errors is null)
            {
                UseWholeFramework();
                UseCompatibilityImports();
            }
        }
        mark("compile");
        if (compiled.Errors is { } errors)
        {
            // Report the errors of the text the user wrote (the interrupt checks are not theirs).
            var plain = Compile(original, scripted.Shapes, accessibility, true, true, cancellation);
            return Failed(CompileError(plain.Errors ?? errors));
        }
        if (compiled.Failure is { } failure) return Failed(failure);

        var assembly = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(compiled.Image!), new MemoryStream(compiled.Pdb!));
        KnownAssemblies[assembly.GetName().Name!] = assembly;
        AddReferences(compiled.AddedReferences);
        usings.AddRange(compiled.NewUsings.Where(u => !usings.Contains(u)));
        emittedShapes.UnionWith(compiled.NewShapes);
        if (compiled.Declares)
        {
            var image = MetadataReference.CreateFromImage(compiled.Image!);
            cellImages.Add(image);
            referencesOnly = ReferencesOnly().AddReferences(image);
            previousClass = compiled.ClassName;
            latestDeclaring = assembly.GetType(compiled.ClassName);
        }

        mark("load");
        return (assembly, compiled.ClassName, null);
    }

    static (Assembly?, string, CellOutcome?) Failed(CellError error) => (null, "", new CellOutcome { Error = error });

    /// <summary>A compiled cell, or the errors that stopped it.</summary>
    sealed record CompiledCell(string ClassName)
    {
        public IReadOnlyList<PlacedDiagnostic>? Errors { get; init; }
        public CellError? Failure { get; init; }
        public byte[]? Image { get; init; }
        public byte[]? Pdb { get; init; }
        public IReadOnlyList<string> NewUsings { get; init; } = Array.Empty<string>();
        public bool Declares { get; init; }
        public IReadOnlyList<string> NewShapes { get; init; } = Array.Empty<string>();
        public IReadOnlyList<MetadataReference> AddedReferences { get; init; } = Array.Empty<MetadataReference>();
    }

    void UseCompatibilityImports()
    {
        if (compatibilityImports) return;
        compatibilityImports = true;
        AddReferences(CompatibilityReferences);
    }

    void UseWholeFramework()
    {
        wholeFramework = true;
        referencesOnly = null;
    }

    CompiledCell Compile(SyntaxTree cell, IReadOnlyList<IReadOnlyList<string>> cellShapes, WrittenAccessibility accessibility, bool whole,
        bool withCompatibilityImports, CancellationToken cancellation)
    {
        var className = $"Cell{compiledCells + 1}";
        var trees = new List<SyntaxTree>();
        var directiveReferences = new List<MetadataReference>();
        var shapes = cellShapes.ToList();
        try
        {
            CollectLoadedFiles(cell, trees, directiveReferences, shapes, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return new CompiledCell(className) { Failure = new CellError("ReferenceError", e.Message, new[] { e.Message }) };
        }
        var input = new CellTranslator.Input(trees, className, previousClass, withCompatibilityImports ? usings.Concat(CompatibilityUsings).ToList() : usings);
        var references = whole == wholeFramework ? ReferencesOnly() : ReferencesOnly(whole);
        var withReferences = directiveReferences.Count > 0 ? references.AddReferences(directiveReferences) : references;
        if (withCompatibilityImports && !compatibilityImports) withReferences = withReferences.AddReferences(CompatibilityReferences);
        // Anonymous types of a shape no earlier cell emitted: their classes are part of this cell.
        var newShapes = shapes.DistinctBy(ScriptForm.ClassName).Where(shape => !emittedShapes.Contains(ScriptForm.ClassName(shape))).ToList();
        if (newShapes.Count > 0)
            withReferences = withReferences.AddSyntaxTrees(CSharpSyntaxTree.ParseText(string.Concat(newShapes.Select(ScriptForm.ClassSource)),
                ClassParseOptions, $"{className}.anonymous.g.cs", System.Text.Encoding.UTF8, cancellation));

        var fieldTypes = CellTranslator.NeedsProbe(input) ? ProbeTypes(input, withReferences, cancellation) : new Dictionary<string, string>();
        var tree = CSharpSyntaxTree.ParseText(CellTranslator.Final(input, fieldTypes), ClassParseOptions, $"{className}.g.cs", System.Text.Encoding.UTF8, cancellation);
        var compilation = withReferences.AddSyntaxTrees(tree).WithAssemblyName(assemblyPrefix + className);

        using var image = new MemoryStream();
        using var pdb = new MemoryStream();
        var emitted = compilation.Emit(image, pdb, options: EmitOptions, cancellationToken: cancellation);
        if (!emitted.Success)
            return new CompiledCell(className) { Errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => DiagnosticPlaces.Place(d, tree, trees)).ToList() };
        var declaredReadOnly = CellTranslator.ReadOnlyVariables(input);
        var ruleErrors = ScriptRules.Check(compilation, tree, trees, readOnlyVariables.Union(declaredReadOnly).ToHashSet(StringComparer.Ordinal),
            CellTranslator.StaticVariables(input).ToHashSet(StringComparer.Ordinal), accessibility);
        if (ruleErrors.Count > 0)
        {
            var texts = ruleErrors.Select(e => e.Text).ToList();
            return new CompiledCell(className) { Failure = new CellError("CompilationError", string.Join("\n", texts), texts, ruleErrors[0].Position) };
        }
        var (imageBytes, pdbBytes) = (image.ToArray(), pdb.ToArray());
        if (Debugging.Probe.Engine is { IsAttached: true } engine && engine.PathOfCell(cell.FilePath) is not null)
            (imageBytes, pdbBytes) = Instrumented(compilation, tree, engine, cancellation) ?? (imageBytes, pdbBytes);
        readOnlyVariables.UnionWith(declaredReadOnly);
        generatedLines.Add(tree);
        foreach (var (name, written) in accessibility.Types) typeAccessibility[name] = written;
        compiledCells++;
        return new CompiledCell(className)
        {
            Image = imageBytes,
            Pdb = pdbBytes,
            AddedReferences = directiveReferences,
            Declares = CellTranslator.Declares(input) || newShapes.Count > 0,
            NewShapes = newShapes.Select(ScriptForm.ClassName).ToList(),
            NewUsings = trees.SelectMany(t => ((CompilationUnitSyntax)t.GetRoot(cancellation)).Usings).Select(u => u.ToString()).ToList(),
        };
    }

    /// <summary>
    /// The cell compiled again with the debugger's hooks (<see cref="Debugging.CellInstrumenter"/>), or null — said to
    /// the front end — when the instrumented code does not compile (the cell then runs without them).
    /// </summary>
    (byte[] Image, byte[] Pdb)? Instrumented(CSharpCompilation compilation, SyntaxTree tree, Debugging.DebugEngine engine, CancellationToken cancellation)
    {
        var instrumented = Debugging.CellInstrumenter.Instrument(compilation, tree, engine.PathOfCell,
            assembly => assembly.Name.StartsWith(assemblyPrefix, StringComparison.Ordinal), this);
        using var image = new MemoryStream();
        using var pdb = new MemoryStream();
        var emitted = compilation.ReplaceSyntaxTree(tree, instrumented).Emit(image, pdb, options: EmitOptions, cancellationToken: cancellation);
        if (emitted.Success) return (image.ToArray(), pdb.ToArray());
        var error = emitted.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
        var notice = $"The debugger could not instrument this cell ({error.Id}: {error.GetMessage()}); it runs without breakpoints.";
        engine.Output(notice);
        Console.Error.WriteLine(notice); // the cell's own stderr: the user sees why it does not stop
        return null;
    }

    int evaluations;

    /// <summary>
    /// Compiles an expression for the debugger: a class deriving from the newest cell (so the session's variables are
    /// in scope) whose method takes the frame's locals as an array, typed as the frame declares them.
    /// </summary>
    public Func<object?[], object?> Compile(string expression, IReadOnlyList<Debugging.LocalSlot> locals)
    {
        MethodInfo method;
        lock (stateGate)
        {
            var className = $"Evaluation{++evaluations}";
            var text = new System.Text.StringBuilder();
            foreach (var line in compatibilityImports ? usings.Concat(CompatibilityUsings) : usings) text.Append(line).Append('\n');
            text.Append($"public class {className}{(previousClass is null ? "" : " : " + previousClass)}\n{{\npublic static object __Evaluate(object[] __values)\n{{\n");
            for (var i = 0; i < locals.Count; i++)
            {
                var name = SyntaxFacts.GetKeywordKind(locals[i].Name) != SyntaxKind.None ? "@" + locals[i].Name : locals[i].Name;
                text.Append($"{locals[i].Type} {name} = ({locals[i].Type})__values[{i}];\n");
            }
            text.Append("return (object)(\n").Append(expression).Append("\n);\n}\n}\n");
            var tree = CSharpSyntaxTree.ParseText(text.ToString(), ClassParseOptions, $"{className}.g.cs", System.Text.Encoding.UTF8);
            using var image = new MemoryStream();
            var emitted = ReferencesOnly().AddSyntaxTrees(tree).WithAssemblyName(assemblyPrefix + className).Emit(image);
            if (!emitted.Success)
                throw new InvalidOperationException(string.Join("; ", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage()).Distinct()));
            method = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image.ToArray())).GetType(className)!.GetMethod("__Evaluate")!;
        }
        return values => method.Invoke(null, new object[] { values });
    }

    /// <summary>
    /// Compiles the probe (variables as locals) just far enough to infer the types of the cell's implicitly typed
    /// variables (<c>dynamic</c> for anonymous types). Errors are left to the real compilation, which reports them.
    /// </summary>
    CSharpCompilation ReferencesOnly() => referencesOnly ??= ReferencesOnly(wholeFramework);

    CSharpCompilation ReferencesOnly(bool whole) =>
        CSharpCompilation.Create(assemblyPrefix + "references", Array.Empty<SyntaxTree>(),
            framework.Where(r => whole || FrameworkReferences.IsCore(r.FilePath!)).Concat(added).Concat(cellImages), CompilationOptions);

    static Dictionary<string, string> ProbeTypes(CellTranslator.Input input, CSharpCompilation withReferences, CancellationToken cancellation)
    {
        var probe = CSharpSyntaxTree.ParseText(CellTranslator.Probe(input), ClassParseOptions, $"{input.ClassName}.probe.cs", System.Text.Encoding.UTF8, cancellation);
        var model = withReferences.AddSyntaxTrees(probe).GetSemanticModel(probe);
        var wanted = CellTranslator.HoistedNames(input).ToHashSet();
        var run = probe.GetRoot(cancellation).DescendantNodes().OfType<MethodDeclarationSyntax>().Last(m => m.Identifier.ValueText == CellTranslator.RunMethod);
        var types = new Dictionary<string, string>();
        foreach (var statement in run.Body!.Statements)
        {
            var declared = statement switch
            {
                LocalDeclarationStatementSyntax local when local.Declaration.Type.IsVar => local.Declaration.Variables.Select(v => model.GetDeclaredSymbol(v, cancellation)),
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } => assignment.Left.DescendantNodesAndSelf()
                    .OfType<SingleVariableDesignationSyntax>().Select(d => model.GetDeclaredSymbol(d, cancellation)),
                _ => Enumerable.Empty<ISymbol?>(),
            };
            // Expression variables (out var, patterns) that the cell hoists: the first declaration of each name.
            declared = declared.Concat(statement.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<SingleVariableDesignationSyntax>().Select(d => model.GetDeclaredSymbol(d, cancellation)));
            foreach (var local in declared.OfType<ILocalSymbol>().Where(l => wanted.Contains(l.Name)))
                types.TryAdd(local.Name, local.Type.TypeKind != TypeKind.Error && Nameable(local.Type) ? local.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : "dynamic");
        }
        return types;
    }

    /// <summary>True when C# code can name the type (no anonymous type in it).</summary>
    internal static bool Nameable(ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => false,
        INamedTypeSymbol named => named.TypeArguments.All(Nameable) && (named.ContainingType is null || Nameable(named.ContainingType)),
        IArrayTypeSymbol array => Nameable(array.ElementType),
        IPointerTypeSymbol pointer => Nameable(pointer.PointedAtType),
        _ => true,
    };

    /// <summary>
    /// The trees of the cell: files named by <c>#load</c> (recursively, each once) before the cell, and the assemblies
    /// named by <c>#r</c> directives the kernel did not handle (framework names like <c>#r "System.Net.Http"</c>).
    /// </summary>
    void CollectLoadedFiles(SyntaxTree tree, List<SyntaxTree> trees, List<MetadataReference> added, List<IReadOnlyList<string>> shapes,
        CancellationToken cancellation)
    {
        var root = (CompilationUnitSyntax)tree.GetRoot(cancellation);
        foreach (var load in root.GetLoadDirectives())
        {
            var path = Path.GetFullPath(load.File.ValueText, Directory.GetCurrentDirectory());
            if (trees.Any(t => t.FilePath == path)) continue;
            if (!File.Exists(path)) throw new IOException($"#load: file not found: {path}");
            var file = ScriptForm.Rewrite(CSharpSyntaxTree.ParseText(File.ReadAllText(path), ScriptParseOptions, path, System.Text.Encoding.UTF8, cancellation));
            shapes.AddRange(file.Shapes);
            var loaded = CSharpSyntaxTree.ParseText(file.Code, ScriptParseOptions, path, System.Text.Encoding.UTF8, cancellation);
            CollectLoadedFiles(loaded, trees, added, shapes, cancellation);
        }
        foreach (var reference in root.GetReferenceDirectives())
            added.Add(ResolveReference(reference.File.ValueText));
        trees.Add(tree);
    }

    static MetadataReference ResolveReference(string name)
    {
        var path = Path.GetFullPath(name, Directory.GetCurrentDirectory());
        if (File.Exists(path)) return MetadataReference.CreateFromFile(path);
        var simple = name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        var framework = trusted.FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), simple, StringComparison.OrdinalIgnoreCase));
        return framework is not null
            ? MetadataReference.CreateFromFile(framework)
            : throw new InvalidOperationException($"#r \"{name}\": no such file and no framework assembly of that name");
    }

    /// <summary>
    /// The top-level variables of the cells so far (hoisted static fields), the newest definition of each name first
    /// met walking from the newest declaring cell to the oldest.
    /// </summary>
    public IReadOnlyList<FieldInfo> Variables()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fields = new List<FieldInfo>();
        for (var type = latestDeclaring; type is not null && type != typeof(object); type = type.BaseType)
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                if (!field.IsLiteral && seen.Add(field.Name)) fields.Add(field);
        return fields;
    }

    /// <summary>Warms Roslyn (parser, binder, emitter, JIT) with a throw-away session.</summary>
    public static void WarmUp()
    {
        var warm = new CSharpSession();
        warm.RunAsync("var warmUp = new List<int> { 1 }.Select(x => x + 1).Sum(); warmUp", 0).GetAwaiter().GetResult();
    }

    /// <summary>Compile errors with the cell's own line and column, one per line, each once.</summary>
    static CellError CompileError(IEnumerable<PlacedDiagnostic> diagnostics)
    {
        var lines = diagnostics.Where(d => d.Diagnostic.Severity == DiagnosticSeverity.Error).Select(d =>
        {
            var where = d.Diagnostic.Location.IsInSource ? $"({d.Place.StartLinePosition.Line + 1},{d.Place.StartLinePosition.Character + 1})" : "";
            return $"{d.Place.Path}{where}: error {d.Diagnostic.Id}: {d.Diagnostic.GetMessage()}";
        }).Distinct().ToList();
        var first = diagnostics.FirstOrDefault(d => d.Diagnostic.Severity == DiagnosticSeverity.Error && d.Diagnostic.Location.IsInSource);
        var position = first is null ? null
            : CellPositions.Of(first.Place.Path, first.Place.StartLinePosition.Line + 1, first.Place.StartLinePosition.Character + 1);
        return new CellError("CompilationError", string.Join("\n", lines), lines, position);
    }

    /// <summary>A runtime exception with frames that name cells and lines.</summary>
    CellError RuntimeError(Exception exception, int cellNumber)
    {
        if (exception is TargetInvocationException { InnerException: { } inner }) exception = inner;
        if (exception is KeyboardInterruptException or ThreadInterruptedException)
            return new CellError("KeyboardInterrupt", "the cell was interrupted", new[] { $"KeyboardInterrupt: cell {cellNumber} was interrupted" });
        var traceback = new List<string> { $"{exception.GetType().FullName}: {exception.Message}" };
        var frames = (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.TrimEnd())
            .Where(f => !f.StartsWith("--- End of stack trace", StringComparison.Ordinal))
            .Select(f => Regex.Replace(f, @" in \S*[/\\](cell\d+:line \d+)", " in $1")) // the resolver prefixes the working directory
            .Select(generatedLines.Rewrite)
            .TakeWhile(f => !f.Contains("LossNotebooks.Kernel.Execution.CSharpSession", StringComparison.Ordinal) && !f.Contains("System.Reflection.", StringComparison.Ordinal))
            .ToList();
        traceback.AddRange(frames);
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
            traceback.Add($" ---> {e.GetType().FullName}: {e.Message}");
        return new CellError(exception.GetType().Name, exception.Message, traceback, CellPositions.Innermost(exception, generatedLines.UserLine));
    }
}
