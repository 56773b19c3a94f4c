using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossNotebooks.Kernel.Execution;

/// <summary>
/// The accessibility top-level declarations have as the user wrote them (in a script, no modifier means
/// <c>private</c>), which <see cref="ScriptForm"/> widens to <c>public</c> so later cells can use them. With it the
/// session still reports what scripts report when a member is more accessible than a top-level type its signature
/// names: CS0052 (field), CS0053 (property), CS0050 (return type), CS0051 (parameter type).
/// </summary>
public sealed class WrittenAccessibility
{
    readonly Dictionary<(int Line, int Column), Accessibility> typesByPosition; // the translation keeps a type's position
    readonly List<(SyntaxToken Identifier, Accessibility Accessibility)> members; // found by name: the translation moves their columns
    readonly IReadOnlyDictionary<string, Accessibility> earlierTypes;

    /// <summary>The declarations of <paramref name="written"/> (the cell as written), and the top-level types of earlier cells by name.</summary>
    public WrittenAccessibility(SyntaxTree written, IReadOnlyDictionary<string, Accessibility> earlierTypes)
    {
        this.earlierTypes = earlierTypes;
        var declarations = Declarations(written).ToList();
        var types = declarations.Where(d => d.IsType).ToList();
        typesByPosition = types.ToDictionary(d => Position(d.Identifier.GetLocation()), d => d.Accessibility);
        members = declarations.Where(d => !d.IsType).Select(d => (d.Identifier, d.Accessibility)).ToList();
        Types = types.Select(d => (d.Identifier.ValueText, d.Accessibility)).ToList();
    }

    /// <summary>The cell's top-level types with their written accessibility (remembered for later cells).</summary>
    public IReadOnlyList<(string Name, Accessibility Accessibility)> Types { get; }

    static IEnumerable<(SyntaxToken Identifier, Accessibility Accessibility, bool IsType)> Declarations(SyntaxTree written)
    {
        foreach (var member in ((CompilationUnitSyntax)written.GetRoot()).Members)
        {
            var access = Of(member.Modifiers);
            switch (member)
            {
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables) yield return (variable.Identifier, access, false);
                    break;
                case MethodDeclarationSyntax method: yield return (method.Identifier, access, false); break;
                case PropertyDeclarationSyntax property: yield return (property.Identifier, access, false); break;
                case BaseTypeDeclarationSyntax type: yield return (type.Identifier, access, true); break;
                case DelegateDeclarationSyntax type: yield return (type.Identifier, access, true); break;
            }
        }
    }

    static Accessibility Of(SyntaxTokenList modifiers)
    {
        bool Has(SyntaxKind kind) => modifiers.Any(kind);
        return Has(SyntaxKind.PublicKeyword) ? Accessibility.Public
            : Has(SyntaxKind.ProtectedKeyword) && Has(SyntaxKind.InternalKeyword) ? Accessibility.ProtectedOrInternal
            : Has(SyntaxKind.PrivateKeyword) && Has(SyntaxKind.ProtectedKeyword) ? Accessibility.ProtectedAndInternal
            : Has(SyntaxKind.InternalKeyword) ? Accessibility.Internal
            : Has(SyntaxKind.ProtectedKeyword) ? Accessibility.Protected
            : Accessibility.Private;
    }

    static (int, int) Position(Location location)
    {
        var span = location.GetMappedLineSpan();
        return (span.StartLinePosition.Line, span.StartLinePosition.Character);
    }

    /// <summary>How widely visible an accessibility is (internal and protected are not ordered; both rank the same).</summary>
    static int Rank(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => 4,
        Accessibility.ProtectedOrInternal => 3,
        Accessibility.Internal or Accessibility.Protected => 2,
        Accessibility.ProtectedAndInternal => 1,
        _ => 0,
    };

    /// <summary>The errors of the translated cell's top-level members (those under the cell class, from the user's text).</summary>
    internal IEnumerable<RuleError> Check(SyntaxNode translatedRoot, Func<SemanticModel> model)
    {
        if (!members.Any(m => Rank(m.Accessibility) > 0)) return Enumerable.Empty<RuleError>(); // a private member cannot be too visible
        var cellClass = translatedRoot.DescendantNodes().OfType<ClassDeclarationSyntax>().First(c => ScriptRules.IsCellClass(c));
        var declared = new List<(Location Where, ISymbol? Symbol, Accessibility Access)>();
        var cellSymbol = model().GetDeclaredSymbol(cellClass);
        // The n-th written declaration of a name is the n-th member of that name the cell declares (overloads in order).
        foreach (var group in members.GroupBy(m => m.Identifier.ValueText))
        {
            var symbols = cellSymbol?.GetMembers(group.Key).Where(m => m is IFieldSymbol or IPropertySymbol or IMethodSymbol).ToList() ?? new List<ISymbol>();
            foreach (var ((identifier, access), index) in group.Select((m, i) => (m, i)))
                declared.Add((identifier.GetLocation(), index < symbols.Count ? symbols[index] : null, access));
        }
        return declared.Where(d => d.Symbol is not null).SelectMany(d => Signature(d.Symbol!)
            .Where(s => TopLevelAccessibility(s.Type) is { } typeAccess && Rank(typeAccess) < Rank(d.Access))
            .Select(s => ScriptRules.Error(d.Where, s.Code,
                $"Inconsistent accessibility: {s.What} type '{s.Type.Name}' is less accessible than {Kind(d.Symbol!)} '{Display(d.Symbol!)}'")))
            .Distinct().ToList();
    }

    static IEnumerable<(INamedTypeSymbol Type, string Code, string What)> Signature(ISymbol symbol) => symbol switch
    {
        IFieldSymbol field => Named(field.Type).Select(t => (t, "CS0052", "field")),
        IPropertySymbol property => Named(property.Type).Select(t => (t, "CS0053", "property")),
        IMethodSymbol method => Named(method.ReturnType).Select(t => (t, "CS0050", "return"))
            .Concat(method.Parameters.SelectMany(p => Named(p.Type)).Select(t => (t, "CS0051", "parameter"))),
        _ => Enumerable.Empty<(INamedTypeSymbol, string, string)>(),
    };

    /// <summary>Every named type a type is built of (its type arguments, array elements, pointed-at types).</summary>
    static IEnumerable<INamedTypeSymbol> Named(ITypeSymbol type) => type switch
    {
        INamedTypeSymbol named => named.TypeArguments.SelectMany(Named).Prepend(named),
        IArrayTypeSymbol array => Named(array.ElementType),
        IPointerTypeSymbol pointer => Named(pointer.PointedAtType),
        _ => Enumerable.Empty<INamedTypeSymbol>(),
    };

    /// <summary>A top-level type's written accessibility (declared in this cell or an earlier one); null for any other type.</summary>
    Accessibility? TopLevelAccessibility(INamedTypeSymbol type)
    {
        if (!type.ContainingType?.Name.StartsWith("Cell", StringComparison.Ordinal) ?? true) return null;
        if (type.Locations.FirstOrDefault(l => l.IsInSource) is { } source)
            return typesByPosition.TryGetValue(Position(source), out var written) ? written : null;
        return earlierTypes.TryGetValue(type.Name, out var earlier) ? earlier : null;
    }

    static string Kind(ISymbol symbol) => symbol switch { IFieldSymbol => "field", IPropertySymbol => "property", _ => "method" };

    static string Display(ISymbol symbol) => symbol is IMethodSymbol method
        ? $"{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.Name))})"
        : symbol.Name;
}
