using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// Translates a cell written in C# script syntax into an ordinary class, so cells compile independently (each
/// against the previous cells' emitted assemblies) instead of as a Roslyn submission chain, whose memory grows
/// with the square of the number of cells. Cell <c>N</c> becomes <c>class CellN : CellN-1</c>:
/// <list type="bullet">
/// <item>top-level variables become static fields (hoisted), so later cells reach them through inheritance and
/// lambdas share them;</item>
/// <item>top-level methods, properties and types become public static members and nested types;</item>
/// <item>the statements run, in order, in <c>static object __Run()</c> (<c>static async Task&lt;object&gt; __Run()</c>
/// when they await), which returns the value of a trailing expression.</item>
/// </list>
/// Every piece of the user's text is emitted at its own line and column under a <c>#line</c> directive naming the
/// cell, so diagnostics and stack traces point into the cell as written.
/// </summary>
public static class CellTranslator
{
    /// <summary>The name of the method that runs a cell's statements.</summary>
    public const string RunMethod = "__Run";

    /// <summary>The type the translation's glue calls for a cell's value (<see cref="CellValue"/>), as written.</summary>
    public const string CellValueType = "global::LossNotebooks.Kernel.Execution.CellValue";

    /// <summary>What the translation needs to know about the cell and the session.</summary>
    /// <param name="Trees">The cell's syntax trees: files loaded with <c>#load</c> first, the cell last.</param>
    /// <param name="ClassName">This cell's class.</param>
    /// <param name="BaseClass">The previous cell's class, or null for the first cell.</param>
    /// <param name="Usings">Using directives of earlier cells (they stay in effect, as in scripts).</param>
    public sealed record Input(IReadOnlyList<SyntaxTree> Trees, string ClassName, string? BaseClass, IReadOnlyList<string> Usings);

    /// <summary>
    /// The variables a cell declares at top level, in order (names only; their types come from the probe).
    /// </summary>
    public static IReadOnlyList<string> HoistedNames(Input input) =>
        HoistedVariables(input).Select(v => v.Name).ToList();

    /// <summary>
    /// True when the cell declares something later cells can name (a variable, method, property, type, extension).
    /// Cells that only run statements are not referenced by later cells, so the references (and Roslyn's binding of
    /// them) stay the same from one such cell to the next.
    /// </summary>
    public static bool Declares(Input input) =>
        input.Trees.SelectMany(t => Root(t).Members).Any(m => m is not GlobalStatementSyntax || DeclaredVariablesWithTypes(m).Any());

    /// <summary>
    /// True when a top-level variable is implicitly typed (<c>var x = …</c>, <c>var (a, b) = …</c>): its field type
    /// must be inferred by a <see cref="Probe"/> compilation first.
    /// </summary>
    public static bool NeedsProbe(Input input) =>
        input.Trees.SelectMany(t => Root(t).Members).Any(m => m switch
        {
            FieldDeclarationSyntax field => IsVariableDeclaration(field) && (field.Declaration.Type.IsVar || HoistedDesignations(field).Any()),
            GlobalStatementSyntax { Statement: var statement } => DeconstructionTarget(statement) is not null || HoistedDesignations(m).Any(),
            _ => false,
        });

    /// <summary>
    /// The probe: top-level variables stay locals of <c>__Run</c> (their types are inferred there), and hoisted fields
    /// are <c>dynamic</c> so methods that use them bind.
    /// </summary>
    public static string Probe(Input input) => Write(input, fieldTypes: null);

    /// <summary>
    /// The class that is compiled and run. <paramref name="fieldTypes"/> gives each hoisted variable's type (from the
    /// probe); an explicitly typed variable missing from it keeps its written type.
    /// </summary>
    public static string Final(Input input, IReadOnlyDictionary<string, string> fieldTypes) => Write(input, fieldTypes);

    /// <summary>The cell's last statement when it is an expression without semicolon (its value is shown).</summary>
    public static ExpressionSyntax? TrailingExpression(SyntaxTree cell) =>
        Root(cell).Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }
        && statement.SemicolonToken.IsMissing
            ? statement.Expression
            : null;

    static CompilationUnitSyntax Root(SyntaxTree tree) => (CompilationUnitSyntax)tree.GetRoot();

    static string Write(Input input, IReadOnlyDictionary<string, string>? fieldTypes)
    {
        var writer = new Writer();
        foreach (var line in input.Usings) writer.Glue(line + "\n");
        foreach (var tree in input.Trees)
            foreach (var directive in Root(tree).Usings)
                writer.Chunk(tree, directive.Span);

        var members = input.Trees.SelectMany(t => Root(t).Members.Select(m => (Tree: t, Member: m))).ToList();
        var extensions = members.Where(m => IsExtensionMethod(m.Member)).ToList();
        if (extensions.Count > 0)
        {
            writer.Glue($"public static class {input.ClassName}_Extensions\n{{\n");
            foreach (var (tree, member) in extensions) WriteMember(writer, tree, member);
            writer.Glue("}\n");
        }

        writer.Glue($"public class {input.ClassName}{(input.BaseClass is null ? "" : " : " + input.BaseClass)}\n{{\n");
        var modifiers = VariableModifiers(input);
        foreach (var (name, writtenType) in HoistedVariables(input))
        {
            // What C# scripts make of the variable, for ScriptRules to check in later code: an instance field, readonly or not.
            var declared = modifiers.GetValueOrDefault(name);
            if (!declared.Static) writer.Glue(declared.ReadOnly ? $"[{ScriptRules.InstanceAttribute}, {ScriptRules.ReadOnlyAttribute}] " : $"[{ScriptRules.InstanceAttribute}] ");
            writer.Glue($"public static {(fieldTypes is null ? "dynamic" : fieldTypes.GetValueOrDefault(name, writtenType ?? "dynamic"))} {name};\n");
        }
        foreach (var (tree, member) in members)
            if (member is not GlobalStatementSyntax && !IsVariableDeclaration(member) && !IsExtensionMethod(member))
                WriteMember(writer, tree, member);

        // Cells without await get a plain method: no state machine to emit.
        writer.Glue(IsAsync(input)
            ? $"public static async global::System.Threading.Tasks.Task<object> {RunMethod}()\n{{\n"
            : $"public static object {RunMethod}()\n{{\n");
        var trailing = TrailingExpression(input.Trees[^1]);
        foreach (var (tree, member) in members)
        {
            if (member is FieldDeclarationSyntax field && IsVariableDeclaration(field))
                WriteVariables(writer, tree, field, fieldTypes);
            else if (member is GlobalStatementSyntax { Statement: var statement })
            {
                if (trailing is not null && statement is ExpressionStatementSyntax { Expression: var e } && e == trailing)
                    WriteTrailing(writer, tree, trailing);
                else if (fieldTypes is not null && DeconstructionTarget(statement) is { } deconstruction)
                {
                    writer.Glue(deconstruction.Target + " = ");
                    writer.Chunk(tree, deconstruction.Value.Span);
                    writer.Glue(";\n");
                }
                else writer.Chunk(tree, statement.Span, fieldTypes is null ? null : HoistingChanges(member));
            }
        }
        writer.Glue("return null;\n}\n}\n");
        return writer.ToString();
    }

    /// <summary>The trailing expression, returned through <see cref="CellValue"/> (which also tells a void call apart).</summary>
    static void WriteTrailing(Writer writer, SyntaxTree tree, ExpressionSyntax trailing)
    {
        writer.Glue(Awaits(new[] { trailing })
            ? $"return await {CellValueType}.OfAsync(async () => "
            : $"return {CellValueType}.Of(() => ");
        writer.Chunk(tree, trailing.Span);
        writer.Glue(");\n");
    }

    /// <summary>
    /// True when the cell's statements or variable initializers await: <see cref="RunMethod"/> is then
    /// <c>async Task&lt;object&gt;</c>; otherwise it returns the value as <c>object</c>.
    /// </summary>
    public static bool IsAsync(Input input) =>
        Awaits(input.Trees.SelectMany(t => Root(t).Members).Where(m => m is GlobalStatementSyntax || IsVariableDeclaration(m)));

    /// <summary>True when the nodes await outside lambdas and local functions (<c>await foreach</c> and <c>await using</c> too).</summary>
    static bool Awaits(IEnumerable<SyntaxNode> nodes) =>
        nodes.SelectMany(n => n.DescendantNodesAndSelf(d => d is not (LambdaExpressionSyntax or AnonymousMethodExpressionSyntax or LocalFunctionStatementSyntax)))
            .Any(n => n is AwaitExpressionSyntax
                      || n is ForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                      || n is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                      || n is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword });

    /// <summary>Top-level <c>var x = …;</c>: a local in the probe, assignments to the hoisted fields in the final class.</summary>
    static void WriteVariables(Writer writer, SyntaxTree tree, FieldDeclarationSyntax field, IReadOnlyDictionary<string, string>? fieldTypes)
    {
        if (fieldTypes is null)
        {
            writer.Chunk(tree, field.Declaration.Span);
            writer.Glue(";\n");
            return;
        }
        foreach (var variable in field.Declaration.Variables)
        {
            if (variable.Initializer is not { Value: var value }) continue;
            writer.Glue(variable.Identifier.ValueText + " = ");
            if (value is InitializerExpressionSyntax) writer.Glue($"new {fieldTypes.GetValueOrDefault(variable.Identifier.ValueText, field.Declaration.Type.ToString())}");
            writer.Chunk(tree, value.Span, HoistingChanges(field));
            writer.Glue(";\n");
        }
    }

    /// <summary>A member: its attributes, then the modifiers a class member needs (public, static), then its text.</summary>
    static void WriteMember(Writer writer, SyntaxTree tree, MemberDeclarationSyntax member)
    {
        foreach (var attributes in member.AttributeLists) writer.Chunk(tree, attributes.Span);
        var modifiers = member.Modifiers;
        var needsStatic = member is MethodDeclarationSyntax or BasePropertyDeclarationSyntax or BaseFieldDeclarationSyntax
                          && !modifiers.Any(m => m.Kind() is SyntaxKind.StaticKeyword or SyntaxKind.ConstKeyword);
        if (needsStatic && !IsExtensionMethod(member)) writer.Glue($"[{ScriptRules.InstanceAttribute}] "); // an instance member in scripts
        if (!modifiers.Any(m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword))
            writer.Glue("public ");
        if (needsStatic) writer.Glue("static ");
        var first = member.AttributeLists.Count > 0 ? member.AttributeLists[^1].GetLastToken().GetNextToken() : member.GetFirstToken();
        writer.Chunk(tree, TextSpan.FromBounds(first.SpanStart, member.Span.End));
    }

    static bool IsVariableDeclaration(MemberDeclarationSyntax member) =>
        member is FieldDeclarationSyntax field && !field.Modifiers.Any(SyntaxKind.ConstKeyword);

    static bool IsExtensionMethod(MemberDeclarationSyntax member) =>
        member is MethodDeclarationSyntax { ParameterList.Parameters: [var first, ..] } && first.Modifiers.Any(SyntaxKind.ThisKeyword);

    /// <summary>The cell's top-level variables declared <c>readonly</c>.</summary>
    public static IReadOnlyList<string> ReadOnlyVariables(Input input) =>
        VariableModifiers(input).Where(v => v.Value.ReadOnly).Select(v => v.Key).ToList();

    /// <summary>The cell's top-level variables declared <c>static</c> (their initializers run where no submission instance is).</summary>
    public static IReadOnlyList<string> StaticVariables(Input input) =>
        VariableModifiers(input).Where(v => v.Value.Static).Select(v => v.Key).ToList();

    /// <summary>The <c>static</c> and <c>readonly</c> modifiers of each top-level variable (expression variables have none).</summary>
    static Dictionary<string, (bool Static, bool ReadOnly)> VariableModifiers(Input input)
    {
        var modifiers = new Dictionary<string, (bool, bool)>(StringComparer.Ordinal);
        foreach (var field in input.Trees.SelectMany(t => Root(t).Members).OfType<FieldDeclarationSyntax>().Where(IsVariableDeclaration))
            foreach (var variable in field.Declaration.Variables)
                modifiers[variable.Identifier.ValueText] = (field.Modifiers.Any(SyntaxKind.StaticKeyword), field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword));
        return modifiers;
    }

    /// <summary>Hoisted variables with their written type (null for <c>var</c> and deconstructions).</summary>
    static IEnumerable<(string Name, string? WrittenType)> HoistedVariables(Input input) =>
        input.Trees.SelectMany(t => Root(t).Members).SelectMany(DeclaredVariablesWithTypes).DistinctBy(v => v.Name);

    static IEnumerable<(string Name, string? WrittenType)> DeclaredVariablesWithTypes(MemberDeclarationSyntax member) => (member switch
    {
        FieldDeclarationSyntax field when IsVariableDeclaration(field) => field.Declaration.Variables
            .Select(v => (v.Identifier.ValueText, field.Declaration.Type.IsVar ? null : (string?)field.Declaration.Type.ToString())),
        GlobalStatementSyntax { Statement: var statement } when DeconstructionTarget(statement) is { } d => d.Names.Select(n => (n, (string?)null)),
        _ => Enumerable.Empty<(string, string?)>(),
    }).Concat(HoistedDesignations(member).Select(d => (d.Identifier.ValueText, (string?)null)));

    /// <summary>
    /// The expression variables of a top-level statement that C# scripts make fields: <c>out var x</c> arguments and
    /// <c>e is T x</c> or <c>e is var x</c> patterns (also in a call's arguments) in an expression statement, an <c>if</c> condition, a <c>switch</c>
    /// expression or a top-level variable's initializer (not inside lambdas, queries or switch-expression arms, whose
    /// variables are their own).
    /// </summary>
    public static IEnumerable<SingleVariableDesignationSyntax> HoistedDesignations(MemberDeclarationSyntax member)
    {
        var headers = member switch
        {
            GlobalStatementSyntax { Statement: ExpressionStatementSyntax e } when DeconstructionTarget(e) is null => new SyntaxNode[] { e.Expression },
            GlobalStatementSyntax { Statement: IfStatementSyntax i } => new SyntaxNode[] { i.Condition },
            GlobalStatementSyntax { Statement: SwitchStatementSyntax s } => new SyntaxNode[] { s.Expression },
            FieldDeclarationSyntax f when IsVariableDeclaration(f) => f.Declaration.Variables.Select(v => v.Initializer?.Value).OfType<SyntaxNode>().ToArray(),
            _ => Array.Empty<SyntaxNode>(),
        };
        foreach (var node in headers.SelectMany(h => h.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or QueryExpressionSyntax or SwitchExpressionArmSyntax))))
        {
            if (node is DeclarationExpressionSyntax { Parent: ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.OutKeyword }, Designation: SingleVariableDesignationSyntax outVariable })
                yield return outVariable;
            else if (node is IsPatternExpressionSyntax { Pattern: var pattern } && pattern switch
            {
                DeclarationPatternSyntax { Designation: SingleVariableDesignationSyntax declared } => declared,
                VarPatternSyntax { Designation: SingleVariableDesignationSyntax declared } => declared,
                _ => null,
            } is { } patternVariable)
                yield return patternVariable;
        }
    }

    /// <summary>
    /// Edits that make a statement's hoisted expression variables assign their fields: <c>out var x</c> becomes
    /// <c>out     x</c> (same width); <c>e is T x</c> becomes <c>(e is T x__hoisted &amp;&amp; Hoist(out x, x__hoisted))</c>.
    /// </summary>
    static IReadOnlyList<TextChange> HoistingChanges(MemberDeclarationSyntax member)
    {
        var changes = new List<TextChange>();
        foreach (var designation in HoistedDesignations(member))
        {
            var name = designation.Identifier.ValueText;
            if (designation.Parent is DeclarationExpressionSyntax declaration)
                changes.Add(new TextChange(declaration.Span, designation.Identifier.Text.PadLeft(declaration.Span.Length)));
            else if (designation.Parent?.Parent is IsPatternExpressionSyntax test)
            {
                changes.Add(new TextChange(new TextSpan(test.SpanStart, 0), "("));
                changes.Add(new TextChange(designation.Span, name + "__hoisted"));
                changes.Add(new TextChange(new TextSpan(test.Span.End, 0), $" && {CellValueType}.Hoist(out {name}, {name}__hoisted))"));
            }
        }
        return changes;
    }

    /// <summary>A top-level deconstruction (<c>var (a, b) = …;</c>): its assignment target and the names it declares.</summary>
    sealed record Deconstruction(string Target, ExpressionSyntax Value, IReadOnlyList<string> Names);

    static Deconstruction? DeconstructionTarget(StatementSyntax statement)
    {
        if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: var left, Right: var right } } assignment
            || !assignment.Expression.IsKind(SyntaxKind.SimpleAssignmentExpression)
            || !left.DescendantNodesAndSelf().OfType<DeclarationExpressionSyntax>().Any())
            return null;
        var names = new List<string>();
        var target = TargetText(left, names);
        return new Deconstruction(target, right, names);
    }

    static string TargetText(SyntaxNode node, List<string> names) => node switch
    {
        DeclarationExpressionSyntax declaration => TargetText(declaration.Designation, names),
        TupleExpressionSyntax tuple => "(" + string.Join(", ", tuple.Arguments.Select(a => TargetText(a.Expression, names))) + ")",
        ParenthesizedVariableDesignationSyntax list => "(" + string.Join(", ", list.Variables.Select(v => TargetText(v, names))) + ")",
        SingleVariableDesignationSyntax single => Add(names, single.Identifier.ValueText),
        DiscardDesignationSyntax => "_",
        _ => node.ToString(),
    };

    static string Add(List<string> names, string name)
    {
        names.Add(name);
        return name;
    }

    /// <summary>Builds the generated text: glue at the generated positions, user text at the cell's own positions.</summary>
    sealed class Writer
    {
        readonly StringBuilder text = new();

        public void Glue(string glue) => text.Append(glue);

        /// <summary>
        /// The user's text of <paramref name="span"/>, placed at its original line and column, with
        /// <paramref name="changes"/> (inside the span) applied.
        /// </summary>
        public void Chunk(SyntaxTree tree, TextSpan span, IReadOnlyList<TextChange>? changes = null)
        {
            var start = tree.GetLineSpan(span).StartLinePosition;
            if (text.Length > 0 && text[^1] != '\n') text.Append('\n');
            text.Append("#line ").Append(start.Line + 1).Append(" \"").Append(tree.FilePath).Append("\"\n");
            var source = tree.GetText();
            text.Append(' ', start.Character);
            var position = span.Start;
            foreach (var change in (changes ?? Array.Empty<TextChange>()).Where(c => c.Span.Start >= span.Start && c.Span.End <= span.End).OrderBy(c => c.Span.Start))
            {
                text.Append(source.ToString(TextSpan.FromBounds(position, change.Span.Start))).Append(change.NewText);
                position = change.Span.End;
            }
            text.Append(source.ToString(TextSpan.FromBounds(position, span.End)));
            text.Append("\n#line default\n");
        }

        public override string ToString() => text.ToString();
    }
}
