using System.Text;
using System.Xml.Linq;
using LossNotebooks.Kernel.Abstractions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// Completion, inspection and is-complete over the session so far: an ad-hoc Roslyn workspace holding one script
/// document whose text is the earlier successful cells followed by the cell being typed (the approach of
/// .NET Interactive's InteractiveWorkspace, reduced to one document). Positions are UTF-16 offsets into the cell.
/// </summary>
public sealed class LanguageServices
{
    static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);
    readonly Lazy<(AdhocWorkspace Workspace, ProjectId Project)> workspace;
    readonly StringBuilder history = new();
    readonly List<MetadataReference> references = new(); // the framework's (with docs) once the workspace exists, then #r's

    /// <summary>
    /// Prepares the workspace with the framework references (with XML docs where the SDK ships them). The workspace
    /// itself (MEF composition, slow) is made on first use, so recording submissions never waits for it.
    /// </summary>
    public LanguageServices(IEnumerable<MetadataReference> sessionReferences)
    {
        var framework = sessionReferences.ToList();
        workspace = new Lazy<(AdhocWorkspace, ProjectId)>(() => CreateWorkspace(framework), isThreadSafe: true);
    }

    (AdhocWorkspace, ProjectId) CreateWorkspace(IEnumerable<MetadataReference> framework)
    {
        var documented = WithDocumentation(framework).ToList();
        lock (history) references.InsertRange(0, documented);
        var created = new AdhocWorkspace(MefHostServices.Create(MefHostServices.DefaultAssemblies));
        var projectId = ProjectId.CreateNewId();
        List<MetadataReference> initial;
        lock (history) initial = references.ToList();
        var info = ProjectInfo.Create(projectId, VersionStamp.Create(), "cells", "cells", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: CSharpSession.DefaultImports
                .Concat(CSharpSession.DefaultStaticImports).Concat(CSharpSession.CompatibilityImports).Concat(CSharpSession.CompatibilityStaticImports)),
            parseOptions: ParseOptions, metadataReferences: initial, isSubmission: true);
        created.AddProject(info);
        return (created, projectId);
    }

    /// <summary>Remembers a cell that ran without compile errors, so later completions see its declarations.</summary>
    public void AddSubmission(string code)
    {
        lock (history) history.Append(code).Append('\n');
    }

    /// <summary>Adds references (from #r) to the analysis project.</summary>
    public void AddReferences(IEnumerable<MetadataReference> added)
    {
        lock (history) references.AddRange(added);
    }

    Document DocumentFor(string code, out int offset)
    {
        var (space, projectId) = workspace.Value;
        string prefix;
        List<MetadataReference> current;
        lock (history)
        {
            prefix = history.ToString();
            current = references.ToList();
        }
        offset = prefix.Length;
        var solution = space.CurrentSolution.WithProjectMetadataReferences(projectId, current);
        var project = solution.GetProject(projectId)!;
        foreach (var old in project.Documents.ToList()) project = project.RemoveDocument(old.Id);
        return project.AddDocument("cell.csx", SourceText.From(prefix + code));
    }

    /// <summary>Completions at <paramref name="cursor"/> (UTF-16 offset in the cell).</summary>
    public async Task<Completions> CompleteAsync(string code, int cursor, CancellationToken cancellation = default)
    {
        var document = DocumentFor(code, out var offset);
        var service = CompletionService.GetService(document);
        if (service is null) return new Completions(Array.Empty<CompletionCandidate>(), cursor, cursor);
        var list = await service.GetCompletionsAsync(document, offset + cursor, cancellationToken: cancellation);
        var start = Math.Max(0, list.Span.Start - offset);
        var typed = code[start..Math.Clamp(cursor, start, code.Length)];
        var matches = list.ItemsList
            .Where(i => typed.Length == 0 || i.FilterText.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(i => new CompletionCandidate(i.DisplayText + i.DisplayTextSuffix, KindOf(i), i.InlineDescription.Length > 0 ? i.InlineDescription : null))
            .DistinctBy(c => c.Text)
            .ToList();
        return new Completions(matches, start, cursor);
    }

    static string KindOf(CompletionItem item)
    {
        var tag = item.Tags.FirstOrDefault(t => t is not ("Public" or "Private" or "Protected" or "Internal")) ?? "text";
        return tag.ToLowerInvariant();
    }

    /// <summary>The signature and XML-doc summary of the symbol at the cursor, or null when there is none.</summary>
    public async Task<string?> InspectAsync(string code, int cursor, CancellationToken cancellation = default)
    {
        var document = DocumentFor(code, out var offset);
        var model = await document.GetSemanticModelAsync(cancellation);
        var root = await document.GetSyntaxRootAsync(cancellation);
        if (model is null || root is null) return null;
        var position = Math.Clamp(offset + cursor, 0, Math.Max(0, root.FullSpan.End - 1));
        foreach (var candidate in new[] { position, position - 1 })
        {
            if (candidate < 0) continue;
            var token = root.FindToken(candidate);
            for (var node = token.Parent; node is not null; node = node.Parent)
            {
                var info = model.GetSymbolInfo(node, cancellation);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault() ?? model.GetDeclaredSymbol(node, cancellation);
                if (symbol is null) continue;
                var text = new StringBuilder(symbol.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
                text.Insert(0, $"{symbol.Kind.ToString().ToLowerInvariant()} ");
                var summary = Summary(symbol.GetDocumentationCommentXml(cancellationToken: cancellation));
                if (summary is not null) text.Append("\n\n").Append(summary);
                return text.ToString();
            }
        }
        return null;
    }

    static string? Summary(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try
        {
            var summary = XElement.Parse(xml).Element("summary");
            if (summary is null) return null;
            var text = new StringBuilder();
            foreach (var node in summary.DescendantNodes())
            {
                if (node is XText t && t.Parent?.Attribute("cref") is null) text.Append(t.Value);
                else if (node is XElement { } e && (e.Attribute("cref") ?? e.Attribute("langword") ?? e.Attribute("name")) is { } reference)
                    text.Append(reference.Value.Split(':', '.').Last());
            }
            return string.Join(" ", text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException) { return null; }
    }

    /// <summary>
    /// The session's references, with the SDK's reference-pack XML documentation attached to framework assemblies
    /// where the SDK is installed beside the runtime (so inspect can show summaries).
    /// </summary>
    static IEnumerable<MetadataReference> WithDocumentation(IEnumerable<MetadataReference> references)
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var docs = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).Where(d => Path.GetFileName(d).StartsWith($"{Environment.Version.Major}.", StringComparison.Ordinal))
                .Order().Select(d => Path.Combine(d, "ref", $"net{Environment.Version.Major}.0")).LastOrDefault(Directory.Exists)
            : null;
        foreach (var reference in references)
        {
            if (docs is not null && reference is PortableExecutableReference { FilePath: { } path } && Path.GetDirectoryName(path) == runtimeDir)
            {
                var xml = Path.Combine(docs, Path.GetFileNameWithoutExtension(path) + ".xml");
                if (File.Exists(xml)) { yield return MetadataReference.CreateFromFile(path, documentation: XmlDocumentationProvider.CreateFromFile(xml)); continue; }
            }
            yield return reference;
        }
    }

    /// <summary>complete, incomplete (an open block or statement) or invalid (a syntax error that more text cannot fix).</summary>
    public static string IsComplete(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return "incomplete";
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? "invalid" : "complete";
    }
}
