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
public sealed partial class CellInstrumenter : CSharpSyntaxRewriter
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
        var root = rewriter.Visit(tree.GetRoot())!;
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

    /// <summary>
    /// A lambda's instrumented body; an expression-bodied lambda only when it is a delegate (not an expression tree), and
    /// not the translation's wrapper of a cell's trailing value (the cell's own frame stands for it).
    /// </summary>
    BlockSyntax? Lambda(AnonymousFunctionExpressionSyntax node, BlockSyntax? block, ExpressionSyntax? expression)
    {
        if (block is null && model.GetTypeInfo(node).ConvertedType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate }) return null;
        if (node.Parent?.Parent?.Parent is InvocationExpressionSyntax call && call.Expression.ToString().StartsWith(CellTranslator.CellValueType, StringComparison.Ordinal))
            return null;
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
            result.AddRange(AfterCall(statement));
        }
        return SyntaxFactory.List(result);
    }

    /// <inheritdoc />
    public override SyntaxNode? Visit(SyntaxNode? node)
    {
        var visited = base.Visit(node);
        return node is StatementSyntax statement && IsEmbedded(statement) ? Embedded(statement, (StatementSyntax)visited!) : visited;
    }

    /// <summary>A branch's or loop's single statement (not a block, not the <c>if</c> of an <c>else if</c>).</summary>
    static bool IsEmbedded(StatementSyntax statement) => statement is not BlockSyntax && statement.Parent switch
    {
        ElseClauseSyntax => statement is not IfStatementSyntax,
        IfStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
            or UsingStatementSyntax or LockStatementSyntax => true,
        _ => false,
    };

    /// <summary>A single statement that is a branch or loop body: in braces after its hook, on its own line still.</summary>
    StatementSyntax Embedded(StatementSyntax original, StatementSyntax visited)
    {
        if (functions.Count == 0) return visited;
        var hook = Hook(original, null);
        if (hook is null) return visited;
        return SyntaxFactory.Block(hook.Append(visited.WithLeadingTrivia(SyntaxFactory.Space)).Concat(AfterCall(original)))
            .WithLeadingTrivia(visited.GetLeadingTrivia());
    }
}
