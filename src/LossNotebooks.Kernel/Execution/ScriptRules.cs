using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossNotebooks.Kernel.Execution;

/// <summary>Marks a member that C# scripts make an instance member of the submission (compiled here as static).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Event)]
public sealed class ScriptInstanceAttribute : Attribute;

/// <summary>Marks a top-level variable declared <c>readonly</c> (compiled here as a plain static field).</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class ScriptReadOnlyAttribute : Attribute;

/// <summary>
/// The errors C# scripts report that the cells' static translation would not: in a script, top-level variables,
/// methods and properties are instance members of the submission, so a <c>static</c> member or a member of a
/// top-level type cannot use them without an instance (CS0120); a <c>readonly</c> top-level variable cannot be assigned
/// after its declaration (CS0191); a top-level extension method must be <c>static</c> (CS1105); and a member cannot
/// be more accessible than the top-level types its signature names, as written (CS0050–CS0053). The translator
/// marks such members (<see cref="ScriptInstanceAttribute"/>, <see cref="ScriptReadOnlyAttribute"/>), so the marks
/// also hold in later cells, which see them through metadata.
/// </summary>
public static class ScriptRules
{
    /// <summary>The attribute as generated code writes it.</summary>
    public const string InstanceAttribute = "global::LossNotebooks.Kernel.Execution.ScriptInstance";

    /// <summary>The attribute as generated code writes it.</summary>
    public const string ReadOnlyAttribute = "global::LossNotebooks.Kernel.Execution.ScriptReadOnly";

    /// <summary>
    /// Errors of the user's cell text (<paramref name="cell"/>), checked on its translated class
    /// (<paramref name="translated"/>). <paramref name="readOnlyNames"/>: the session's readonly top-level variables
    /// (only assignments to these names are bound).
    /// </summary>
    public static IReadOnlyList<RuleError> Check(CSharpCompilation compilation, SyntaxTree translated, IEnumerable<SyntaxTree> cell, IReadOnlySet<string> readOnlyNames,
        IReadOnlySet<string> staticVariables, WrittenAccessibility accessibility)
    {
        var errors = new List<RuleError>();
        foreach (var method in cell.SelectMany(t => ((CompilationUnitSyntax)t.GetRoot()).Members).OfType<MethodDeclarationSyntax>())
            if (method.ParameterList.Parameters is [var first, ..] && first.Modifiers.Any(SyntaxKind.ThisKeyword) && !method.Modifiers.Any(SyntaxKind.StaticKeyword))
                errors.Add(Error(method.Identifier.GetLocation(), "CS1105", $"Extension method must be static"));

        var root = translated.GetRoot();
        SemanticModel? model = null;
        SemanticModel Model() => model ??= compilation.GetSemanticModel(translated);
        foreach (var member in root.DescendantNodes().OfType<MemberDeclarationSyntax>().Where(InStaticContext))
            foreach (var name in member.DescendantNodes().OfType<SimpleNameSyntax>().Where(IsUserText))
                if (!name.Parent.IsKind(SyntaxKind.NameColon) && InstanceMemberError(name, Model()) is { } error) errors.Add(error);

        // A static top-level variable's initializer runs in the cell's code here, but in a script it initializes a
        // static field, where the submission's instance members are out of reach.
        var staticInitializers = staticVariables.Count == 0 ? Enumerable.Empty<ExpressionSyntax>()
            : root.DescendantNodes().OfType<AssignmentExpressionSyntax>()
                .Where(a => a.Left is IdentifierNameSyntax name && staticVariables.Contains(name.Identifier.ValueText) && !IsUserText(a.Left))
                .Select(a => a.Right);
        foreach (var name in staticInitializers.SelectMany(v => v.DescendantNodesAndSelf().OfType<SimpleNameSyntax>()).Where(IsUserText))
            if (InstanceMemberError(name, Model()) is { } error) errors.Add(error);

        errors.AddRange(accessibility.Check(root, Model));

        var assigned = readOnlyNames.Count == 0 ? Enumerable.Empty<ExpressionSyntax>()
            : root.DescendantNodes().Select(AssignedExpression).OfType<ExpressionSyntax>()
                .Where(t => t is IdentifierNameSyntax name && readOnlyNames.Contains(name.Identifier.ValueText) && IsUserText(t));
        foreach (var target in assigned)
            if (Model().GetSymbolInfo(target).Symbol is IFieldSymbol field && IsMarked(field, nameof(ScriptReadOnlyAttribute)))
                errors.Add(Error(target.GetLocation(), "CS0191", "A readonly field cannot be assigned to (except in a constructor " +
                    "or init-only setter of the type in which the field is defined or a variable initializer)"));
        return errors.Distinct().ToList();
    }

    /// <summary>
    /// Code that runs without a submission instance: the members of top-level types (nested in the cell's class), and
    /// top-level members the user declared <c>static</c> (those the translator made static carry the instance mark).
    /// </summary>
    static bool InStaticContext(MemberDeclarationSyntax member) => member.Parent switch
    {
        ClassDeclarationSyntax cell when IsCellClass(cell) => member is MethodDeclarationSyntax or BasePropertyDeclarationSyntax or FieldDeclarationSyntax
                                                            && !HasInstanceMark(member) && !IsRunMethod(member),
        TypeDeclarationSyntax type => IsCellClass(type.Parent as ClassDeclarationSyntax) && member is not BaseTypeDeclarationSyntax,
        _ => false,
    };

    internal static bool IsCellClass(ClassDeclarationSyntax? type) => type?.Parent is CompilationUnitSyntax && type.Identifier.ValueText.StartsWith("Cell", StringComparison.Ordinal)
                                                            && !type.Identifier.ValueText.EndsWith("_Extensions", StringComparison.Ordinal);

    static bool IsRunMethod(MemberDeclarationSyntax member) => member is MethodDeclarationSyntax { Identifier.ValueText: CellTranslator.RunMethod };

    static bool HasInstanceMark(MemberDeclarationSyntax member) =>
        member.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() == InstanceAttribute);

    /// <summary>CS0120 when <paramref name="name"/> binds to a member scripts make an instance member of the submission.</summary>
    static RuleError? InstanceMemberError(SimpleNameSyntax name, SemanticModel model) =>
        model.GetSymbolInfo(name).Symbol is { } symbol && IsMarked(symbol, nameof(ScriptInstanceAttribute))
            ? Error(name.GetLocation(), "CS0120", $"An object reference is required for the non-static field, method, or property '{symbol.Name}'")
            : null;

    static bool IsMarked(ISymbol symbol, string attribute) => symbol.GetAttributes().Any(a => a.AttributeClass?.Name == attribute);

    /// <summary>Text the user wrote (under a <c>#line</c> directive naming the cell), not the translator's glue.</summary>
    internal static bool IsUserText(SyntaxNode node) => node.GetLocation().GetMappedLineSpan().HasMappedPath;

    /// <summary>The expression a node assigns to: <c>x = …</c>, <c>x += …</c>, <c>x++</c>, <c>ref x</c>, <c>out x</c>.</summary>
    static ExpressionSyntax? AssignedExpression(SyntaxNode node) => node switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left,
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
        ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
        _ => null,
    };

    internal static RuleError Error(Location location, string id, string message)
    {
        var span = location.GetMappedLineSpan();
        int line = span.StartLinePosition.Line + 1, column = span.StartLinePosition.Character + 1;
        return new RuleError($"{span.Path}({line},{column}): error {id}: {message}", CellPositions.Of(span.Path, line, column));
    }
}

/// <summary>A script rule's error as a diagnostic line names it, and where in the cell it is.</summary>
/// <param name="Text">The line: <c>cellN(line,column): error CSxxxx: message</c>.</param>
/// <param name="Position">Its place in the cell.</param>
public sealed record RuleError(string Text, CellPosition? Position);
