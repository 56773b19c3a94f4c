using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossNotebooks.Kernel.Debugging;

/// <summary>
/// Makes a compiled cell debuggable: rewrites its translation (a tree that compiled, with its semantic model) so that
/// every function of the cell's code — its statements, methods, local functions, lambdas, accessors, constructors —
/// enters a <see cref="DebugFrame"/>, and every statement first calls a <see cref="Probe"/> hook with its
/// <see cref="Site"/>: where it is in the cell (through the translation's <c>#line</c> map, the one diagnostics use) and
/// the locals definitely assigned there. Insertions add no line breaks, so the translation's lines (stack traces, the
/// <see cref="GeneratedLineMap"/>) stay as they were. Expression-bodied members become block bodies; iterator
/// functions get hooks but no frame (their frame would outlive each call).
/// </summary>
public sealed class CellInstrumenter : CSharpSyntaxRewriter
{
    const string P = "global::LossNotebooks.Kernel.Debugging.Probe";
    readonly SemanticModel model;
    readonly Func<string, string?> debugPathOf;
    readonly Func<IAssemblySymbol, bool> isCellAssembly;
    readonly IExpressionCompiler evaluator;
    readonly HashSet<(string Path, int Line)> ledLines = new();
    readonly Stack<Function> functions = new();
    int frames;

    enum FunctionKind { Plain, Async, Iterator }

    sealed record Function(string Frame, FunctionKind Kind, ISymbol? Symbol, string Name);

    CellInstrumenter(SemanticModel model, Func<string, string?> debugPathOf, Func<IAssemblySymbol, bool> isCellAssembly, IExpressionCompiler evaluator)
    {
        this.model = model;
        this.debugPathOf = debugPathOf;
        this.isCellAssembly = isCellAssembly;
        this.evaluator = evaluator;
    }

    /// <summary>
    /// The instrumented translation of <paramref name="tree"/> (part of <paramref name="compilation"/>).
    /// <paramref name="debugPathOf"/> gives the debugger's path of a cell file (<c>cell3</c>), null for code not debugged;
    /// <paramref name="isCellAssembly"/> tells the session's cell assemblies (calls into them capture locals).
    /// </summary>
    public static SyntaxTree Instrument(CSharpCompilation compilation, SyntaxTree tree, Func<string, string?> debugPathOf,
        Func<IAssemblySymbol, bool> isCellAssembly, IExpressionCompiler evaluator)
    {
        var rewriter = new CellInstrumenter(compilation.GetSemanticModel(tree), debugPathOf, isCellAssembly, evaluator);
        var root = rewriter.Visit(tree.GetRoot());
        return tree.WithRootAndOptions(root, tree.Options);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        var name = node.Identifier.ValueText == CellTranslator.RunMethod ? CellName(node) : node.Identifier.ValueText;
        var body = Body(node, node.Body, node.ExpressionBody, node.SemicolonToken, name, isCell: node.Identifier.ValueText == CellTranslator.RunMethod);
        return body is null ? base.VisitMethodDeclaration(node) : node.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var body = Body(node, node.Body, node.ExpressionBody, node.SemicolonToken, node.Identifier.ValueText, isCell: false);
        return body is null ? base.VisitLocalFunctionStatement(node) : node.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node)
    {
        var body = Body(node, node.Body, node.ExpressionBody, node.SemicolonToken, node.Identifier.ValueText + ".ctor", isCell: false);
        return body is null ? base.VisitConstructorDeclaration(node) : node.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node)
    {
        var owner = node.Parent?.Parent switch
        {
            PropertyDeclarationSyntax property => property.Identifier.ValueText,
            EventDeclarationSyntax e => e.Identifier.ValueText,
            _ => "this[]",
        };
        var body = Body(node, node.Body, node.ExpressionBody, node.SemicolonToken, $"{owner}.{node.Keyword.ValueText}", isCell: false);
        return body is null ? base.VisitAccessorDeclaration(node) : node.WithBody(body).WithExpressionBody(null).WithSemicolonToken(default);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var body = Lambda(node, node.Block, node.ExpressionBody);
        return body is null ? base.VisitParenthesizedLambdaExpression(node) : node.WithBlock(body).WithExpressionBody(null);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var body = Lambda(node, node.Block, node.ExpressionBody);
        return body is null ? base.VisitSimpleLambdaExpression(node) : node.WithBlock(body).WithExpressionBody(null);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var body = Lambda(node, node.Block, null);
        return body is null ? base.VisitAnonymousMethodExpression(node) : node.WithBlock(body);
    }

    /// <summary>A lambda's instrumented body; an expression-bodied lambda only when it is a delegate (not an expression tree).</summary>
    BlockSyntax? Lambda(AnonymousFunctionExpressionSyntax node, BlockSyntax? block, ExpressionSyntax? expression)
    {
        if (block is null && model.GetTypeInfo(node).ConvertedType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate }) return null;
        var outer = functions.Count > 0 ? functions.Peek().Name : "lambda";
        return Body(node, block, expression, default, default, $"{outer}.<lambda>", isCell: false);
    }

    string CellName(SyntaxNode run) => Position(run.DescendantTokens().FirstOrDefault(t => Position(t) is not null))?.File ?? "cell";

    /// <summary>
    /// The instrumented body of a function in cell code (its frame, its statements' hooks), or null when the function is
    /// not in a debugged cell. The hooks themselves are inserted by <see cref="VisitBlock"/> while the function is current.
    /// </summary>
    BlockSyntax? Body(SyntaxNode function, BlockSyntax? block, ArrowExpressionClauseSyntax? arrow, SyntaxToken semicolon, string name, bool isCell) =>
        Body(function, block, arrow?.Expression, arrow?.ArrowToken ?? default, semicolon, name, isCell);

    BlockSyntax? Body(SyntaxNode function, BlockSyntax? block, ExpressionSyntax? expressionBody, SyntaxToken arrow, SyntaxToken semicolon, string name, bool isCell)
    {
        SyntaxNode? content = (SyntaxNode?)block ?? expressionBody;
        if (content is null || !content.DescendantTokens().Any(t => Position(t) is not null)) return null;
        var symbol = model.GetDeclaredSymbol(function) ?? model.GetSymbolInfo(function).Symbol;
        var method = symbol as IMethodSymbol;
        var kind = block is not null && IsIterator(block) ? FunctionKind.Iterator : method?.IsAsync == true ? FunctionKind.Async : FunctionKind.Plain;
        var frame = $"__dbg{frames++}";
        functions.Push(new Function(frame, kind, symbol, name));
        BlockSyntax visited;
        try
        {
            if (block is not null) visited = (BlockSyntax)VisitBlock(block)!;
            else
            {
                // An expression body: the expression as a return (or, for a function that returns nothing, a statement),
                // after one hook at the expression with the parameters as its locals.
                var expression = (ExpressionSyntax)Visit(expressionBody!)!;
                var returns = method is not null && !method.ReturnsVoid && !(method.IsAsync && IsPlainTask(method.ReturnType));
                StatementSyntax statement = expression is ThrowExpressionSyntax thrown ? SyntaxFactory.ThrowStatement(thrown.Expression.WithLeadingTrivia(SyntaxFactory.Space))
                    : returns ? SyntaxFactory.ReturnStatement(expression.WithLeadingTrivia(SyntaxFactory.Space))
                    : SyntaxFactory.ExpressionStatement(expression);
                var hook = Hook(expressionBody!, method?.Parameters.Cast<ISymbol>().ToList() ?? new List<ISymbol>()) ?? new List<StatementSyntax>();
                // The braces take the trivia of the arrow and the semicolon they replace, so no line break is lost.
                visited = SyntaxFactory.Block(hook.Append(statement))
                    .WithOpenBraceToken(SyntaxFactory.Token(arrow.LeadingTrivia, SyntaxKind.OpenBraceToken, arrow.TrailingTrivia))
                    .WithCloseBraceToken(SyntaxFactory.Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia));
            }
        }
        finally { functions.Pop(); }
        if (kind == FunctionKind.Iterator) return visited;
        var enter = SyntaxFactory.ParseStatement($"var {frame} = {P}.{(isCell ? "EnterCell" : "Enter")}({SymbolDisplay.FormatLiteral(name, true)}); ");
        var guarded = (TryStatementSyntax)SyntaxFactory.ParseStatement(
            $"try {{ }} catch (global::System.Exception {frame}e) when ({P}.Thrown({frame}, {frame}e)) {{ throw; }} finally {{ {P}.Exit({frame}); }}");
        var inner = SyntaxFactory.Block(visited.Statements);
        return (block ?? visited).WithStatements(SyntaxFactory.List(new[] { enter, guarded.WithBlock(inner) }));
    }

    static bool IsPlainTask(ITypeSymbol type) =>
        type is INamedTypeSymbol { Arity: 0, Name: "Task" or "ValueTask", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading.Tasks";

    static bool IsIterator(BlockSyntax block) =>
        block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any();

    /// <inheritdoc />
    public override SyntaxNode? VisitBlock(BlockSyntax node)
    {
        if (functions.Count == 0) return base.VisitBlock(node);
        return node.WithStatements(Statements(node.Statements)).WithOpenBraceToken(node.OpenBraceToken).WithCloseBraceToken(node.CloseBraceToken);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitSwitchSection(SwitchSectionSyntax node)
    {
        if (functions.Count == 0) return base.VisitSwitchSection(node);
        var labels = SyntaxFactory.List(node.Labels.Select(l => (SwitchLabelSyntax)Visit(l)!));
        return node.WithLabels(labels).WithStatements(Statements(node.Statements));
    }

    /// <summary>Each statement, visited, after its hook (registered first, so a line's first statement leads it).</summary>
    SyntaxList<StatementSyntax> Statements(SyntaxList<StatementSyntax> statements)
    {
        var result = new List<StatementSyntax>();
        foreach (var statement in statements)
        {
            var hook = statement is LocalFunctionStatementSyntax || IsInterruptCheck(statement) ? null : Hook(statement, null);
            var visited = (StatementSyntax)Visit(statement)!;
            if (hook is null)
            {
                result.Add(visited);
                continue;
            }
            result.Add(hook[0].WithLeadingTrivia(visited.GetLeadingTrivia()));
            result.AddRange(hook.Skip(1));
            result.Add(visited.WithLeadingTrivia(SyntaxFactory.Space));
        }
        return SyntaxFactory.List(result);
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitIfStatement(IfStatementSyntax node)
    {
        var visited = (IfStatementSyntax)base.VisitIfStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitElseClause(ElseClauseSyntax node)
    {
        var visited = (ElseClauseSyntax)base.VisitElseClause(node)!;
        return node.Statement is IfStatementSyntax ? visited : visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var visited = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var visited = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var visited = (ForStatementSyntax)base.VisitForStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var visited = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var visited = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitUsingStatement(UsingStatementSyntax node)
    {
        var visited = (UsingStatementSyntax)base.VisitUsingStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <inheritdoc />
    public override SyntaxNode? VisitLockStatement(LockStatementSyntax node)
    {
        var visited = (LockStatementSyntax)base.VisitLockStatement(node)!;
        return visited.WithStatement(Embedded(node.Statement, visited.Statement));
    }

    /// <summary>A single statement that is a branch or loop body: in braces after its hook, on its own line still.</summary>
    StatementSyntax Embedded(StatementSyntax original, StatementSyntax visited)
    {
        if (functions.Count == 0 || original is BlockSyntax) return visited;
        var hook = Hook(original, null);
        if (hook is null) return visited;
        return SyntaxFactory.Block(hook.Append(visited.WithLeadingTrivia(SyntaxFactory.Space)))
            .WithLeadingTrivia(visited.GetLeadingTrivia());
    }

    /// <summary>
    /// The hook before a statement (or an expression body): registers its site and returns the statements that record
    /// the frame's place and, when armed, hand the locals to the debugger. Null outside debugged cells.
    /// <paramref name="scope"/> gives the locals when the node is not a statement (an expression body's parameters).
    /// </summary>
    List<StatementSyntax>? Hook(SyntaxNode node, IReadOnlyList<ISymbol>? scope)
    {
        if (functions.Count == 0) return null;
        var place = node.DescendantTokens().Select(Position).FirstOrDefault(p => p is not null);
        if (place is not { } where || debugPathOf(where.File) is not { } path) return null;
        var function = functions.Peek();
        var (slots, unavailable) = Locals(node, function, scope);
        var leads = ledLines.Add((path, where.Line));
        var site = Probe.Register(id => new Site(id, path, where.Line, where.Column, function.Name, slots, unavailable, evaluator, leads));
        var values = slots.Count == 0 ? "global::System.Array.Empty<object>()" : $"new object[] {{ {string.Join(", ", slots.Select(s => Identifier(s.Name)))} }}";
        var k = site.Id;
        var f = function.Frame;
        var captures = CallsCellCode(node);
        var text = function.Kind switch
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

    /// <summary>The user's cell file, line and column of a token (through its <c>#line</c> directive), or null for generated text.</summary>
    static (string File, int Line, int Column)? Position(SyntaxToken token)
    {
        var mapped = token.GetLocation().GetMappedLineSpan();
        return mapped.HasMappedPath && CellPositions.CellNumber(mapped.Path) is not null
            ? (mapped.Path, mapped.StartLinePosition.Line + 1, mapped.StartLinePosition.Character + 1)
            : null;
    }

    /// <summary>The locals and parameters of the function definitely assigned before the node: captured, or named with why not.</summary>
    (List<LocalSlot> Slots, List<(string, string)> Unavailable) Locals(SyntaxNode node, Function function, IReadOnlyList<ISymbol>? scope)
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
            var assigned = flow.DefinitelyAssignedOnEntry.ToHashSet(SymbolEqualityComparer.Default);
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
