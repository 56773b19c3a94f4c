using LossNotebooks.Kernel.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossNotebooks.Kernel.Debugging;

public sealed partial class CellInstrumenter
{
    /// <summary>
    /// The hook before a statement (or an expression body): registers its site and returns the statements that record
    /// the frame's place and, when armed, hand the locals to the debugger. Null outside debugged cells.
    /// <paramref name="scope"/> gives the locals when the node is not a statement (an expression body's parameters).
    /// </summary>
    List<StatementSyntax>? Hook(SyntaxNode node, IReadOnlyList<ISymbol>? scope) => Hook(node, scope, after: false);

    /// <summary>
    /// After a simple statement that called cell code, while stepping: the frame reports that the call returned, so
    /// stepping out of (or past the end of) the callee stops on the caller's line, with the locals the statement assigned.
    /// </summary>
    IEnumerable<StatementSyntax> AfterCall(StatementSyntax statement) =>
        functions.Count > 0 && functions.Peek().Kind != FunctionKind.Iterator
        && statement is ExpressionStatementSyntax or LocalDeclarationStatementSyntax && CallsCellCode(statement)
            ? Hook(statement, null, after: true) ?? new List<StatementSyntax>()
            : Enumerable.Empty<StatementSyntax>();

    List<StatementSyntax>? Hook(SyntaxNode node, IReadOnlyList<ISymbol>? scope, bool after)
    {
        if (functions.Count == 0) return null;
        var place = node.DescendantTokens().Select(Position).FirstOrDefault(p => p is not null);
        if (place is not { } where || debugPathOf(where.File) is not { } path) return null;
        var function = functions.Peek();
        var (slots, unavailable) = Locals(node, function, scope, after);
        var leads = !after && ledLines.Add((path, where.Line));
        var site = Probe.Register(id => new Site(id, path, where.Line, where.Column, function.Name, slots, unavailable, evaluator, leads));
        var values = slots.Count == 0 ? "global::System.Array.Empty<object>()" : $"new object[] {{ {string.Join(", ", slots.Select(s => Identifier(s.Name)))} }}";
        var k = site.Id;
        var f = function.Frame;
        var captures = CallsCellCode(node);
        var text = after ? $"if ({P}.Stepping) {P}.Returned({f}, {k}, {values});" : function.Kind switch
        {
            FunctionKind.Iterator => $"if ({P}.Armed[{k}]) {P}.At(null, {k}, {values});",
            _ when captures => $"{(function.Kind == FunctionKind.Async ? $"{P}.Resume({f}, {k}); " : "")}{f}.Capture({k}, {values}); if ({P}.Armed[{k}]) {P}.At({f}, {k}, null);",
            FunctionKind.Async => $"{P}.Resume({f}, {k}); if ({P}.Armed[{k}]) {P}.At({f}, {k}, {values});",
            _ => $"{f}.Site = {k}; if ({P}.Armed[{k}]) {P}.At({f}, {k}, {values});",
        };
        return ((BlockSyntax)SyntaxFactory.ParseStatement("{ " + text + " }")).Statements
            .Select(s => s.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space)).ToList();
    }

    /// <summary>The interrupt check the kernel puts first in every body and loop (not the user's statement).</summary>
    static bool IsInterruptCheck(StatementSyntax statement) =>
        statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } && call.Expression.ToString() == InterruptRewriter.CheckMethod;

    static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Where a token of the translation is in the user's cell (<see cref="GeneratedLineMap.UserPosition"/>).</summary>
    static (string File, int Line, int Column)? Position(SyntaxToken token) => GeneratedLineMap.UserPosition(token);

    /// <summary>The locals and parameters of the function definitely assigned before (or after) the node: captured, or named with why not.</summary>
    (List<LocalSlot> Slots, List<(string, string)> Unavailable) Locals(SyntaxNode node, Function function, IReadOnlyList<ISymbol>? scope, bool after)
    {
        var slots = new List<LocalSlot>();
        var unavailable = new List<(string, string)>();
        IEnumerable<ISymbol> candidates;
        if (scope is not null) candidates = scope.Where(s => s is not IParameterSymbol { RefKind: RefKind.Out });
        else
        {
            if (node is not StatementSyntax statement || function.Symbol is null) return (slots, unavailable);
            DataFlowAnalysis? flow;
            try { flow = model.AnalyzeDataFlow(statement); }
            catch (ArgumentException) { return (slots, unavailable); }
            if (flow is null || !flow.Succeeded) return (slots, unavailable);
            var assigned = (after ? flow.DefinitelyAssignedOnExit : flow.DefinitelyAssignedOnEntry).ToHashSet(SymbolEqualityComparer.Default);
            candidates = model.LookupSymbols(statement.SpanStart)
                .Where(s => s is ILocalSymbol or IParameterSymbol && SymbolEqualityComparer.Default.Equals(s.ContainingSymbol, function.Symbol))
                .Where(s => assigned.Contains(s) || s is IParameterSymbol { RefKind: not RefKind.Out })
                .OrderBy(s => s is ILocalSymbol).ThenBy(s => s.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0);
        }
        foreach (var symbol in candidates)
        {
            if (symbol.Name is "_" or "" || symbol.Name.StartsWith("__", StringComparison.Ordinal) || symbol.Name.EndsWith("__hoisted", StringComparison.Ordinal)
                || symbol.IsImplicitlyDeclared) continue;
            var type = symbol switch { ILocalSymbol l => l.Type, IParameterSymbol p => p.Type, _ => null };
            if (type is null) continue;
            if (type.IsRefLikeType) unavailable.Add((symbol.Name, $"a ref struct ({type.ToDisplayString()}) cannot be copied off the stack"));
            else if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol) unavailable.Add((symbol.Name, $"a pointer ({type.ToDisplayString()})"));
            else slots.Add(new LocalSlot(symbol.Name, CSharpSession.Nameable(type) && type.TypeKind != TypeKind.Error ? type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) : "dynamic"));
        }
        return (slots, unavailable);
    }

    /// <summary>
    /// True when the statement (its own expressions, not its nested statements) may call cell code: a method, constructor
    /// or delegate of a cell, or a lambda (which library code may call back). Such a statement captures its locals every
    /// time, so its frame shows them when the debugger stops in what it called.
    /// </summary>
    bool CallsCellCode(SyntaxNode node) =>
        node.DescendantNodesAndSelf(n => n == node || n is not StatementSyntax).Any(n => n switch
        {
            AnonymousFunctionExpressionSyntax or ThrowStatementSyntax or ThrowExpressionSyntax => true,
            InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax =>
                model.GetSymbolInfo(n).Symbol is IMethodSymbol method
                && (method.MethodKind is MethodKind.DelegateInvoke or MethodKind.LocalFunction || method.Locations.Any(l => l.IsInSource) || isCellAssembly(method.ContainingAssembly)),
            _ => false,
        });
}
