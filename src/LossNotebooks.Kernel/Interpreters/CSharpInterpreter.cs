using System.Reflection;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossNotebooks.Kernel.Interpreters;

/// <summary>
/// C# with the semantics of C# scripts: a <see cref="CSharpSession"/> (cells compiled one by one with Roslyn) and its
/// <see cref="LanguageServices"/> (completion, inspection, is_complete over the cells so far).
/// </summary>
public sealed class CSharpInterpreter : IInterpreter
{

    readonly CSharpSession session = new();
    readonly LanguageServices languageServices;
    int declarations; // cells this interpreter ran itself to declare variables (SetValue)
    readonly HashSet<string> referenced = new(StringComparer.Ordinal); // assemblies referenced for SetValue's types

    /// <summary>A fresh C# session.</summary>
    public CSharpInterpreter() => languageServices = new LanguageServices(session.References);

    /// <inheritdoc />
    public LanguageInfo Language { get; } = new(Languages.CSharp,
        LanguageVersionFacts.ToDisplayString(LanguageVersion.Latest.MapSpecifiedToEffectiveVersion()),
        $"C# (LossNotebooks) {ProductVersion.Current} — Roslyn scripting on .NET {Environment.Version}", new Uri("https://learn.microsoft.com/dotnet/csharp/"));

    /// <inheritdoc />
    public string LastTimings => session.LastTimings;

    /// <inheritdoc />
    public CellOutcome Execute(string code, int executionCount, IOutputSink output)
    {
        var outcome = session.RunAsync(code, executionCount).GetAwaiter().GetResult();
        if (outcome.Error?.Name != "CompilationError") languageServices.AddSubmission(code);
        return outcome;
    }

    /// <inheritdoc />
    public void AddReferences(IReadOnlyList<Assembly> assemblies)
    {
        session.UseLoadedAssemblies(assemblies);
        var references = assemblies.Select(Reference).ToList();
        session.AddReferences(references);
        languageServices.AddReferences(references);
    }

    /// <summary>The alias under which cells reach the real Microsoft.DotNet.Interactive assembly (<c>extern alias DotNetInteractive;</c>).</summary>
    public const string DotNetInteractiveAlias = "DotNetInteractive";

    /// <summary>
    /// A cell reference to a loaded assembly. The real Microsoft.DotNet.Interactive (a dependency of packages such as
    /// Plotly.NET.Interactive) is referenced under an extern alias: its <c>Microsoft.DotNet.Interactive.Kernel</c>
    /// would otherwise collide (CS0433) with this kernel's compatibility types of the same names, which old notebooks
    /// call (<c>Kernel.display</c>, <c>LaTeXString</c>).
    /// </summary>
    static MetadataReference Reference(Assembly assembly)
    {
        var reference = MetadataReference.CreateFromFile(assembly.Location);
        return assembly.GetName().Name == "Microsoft.DotNet.Interactive" ? reference.WithAliases(new[] { DotNetInteractiveAlias }) : reference;
    }

    /// <inheritdoc />
    public Task<Completions> CompleteAsync(string code, int cursor) => languageServices.CompleteAsync(code, cursor);

    /// <inheritdoc />
    public Task<string?> InspectAsync(string code, int cursor) => languageServices.InspectAsync(code, cursor);

    /// <inheritdoc />
    public string IsComplete(string code) => LanguageServices.IsComplete(code);

    /// <inheritdoc />
    public void Interrupt() => Execution.Interrupt.Request();

    /// <inheritdoc />
    public void ClearInterrupt() => Execution.Interrupt.Reset();

    /// <inheritdoc />
    public IReadOnlyList<VariableInfo> Variables() =>
        session.Variables().Select(f => new VariableInfo(f.Name, f.FieldType, f.GetValue(null))).ToList();

    /// <inheritdoc />
    public bool TryGetValue(string name, out object? value)
    {
        var field = session.Variables().FirstOrDefault(f => f.Name == name);
        value = field?.GetValue(null);
        return field is not null;
    }

    /// <inheritdoc />
    public void SetValue(string name, object? value, Type type)
    {
        if (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
            throw new ArgumentException($"'{name}' is not a C# variable name", nameof(name));
        var field = session.Variables().FirstOrDefault(f => f.Name == name);
        if (field is null || !Fits(field.FieldType, value))
        {
            // Declare it as a top-level variable of its own cell, typed as the value's type where cells can name it
            // (referencing the assemblies that name needs: FSharp.Core for an F# list, a package's for its types).
            var typeName = value is null || type.IsInstanceOfType(value) ? CSharpTypeName.Of(type) ?? "object" : "object";
            if (typeName != "object") AddReferences(TypeAssemblies.Of(type).Where(a => referenced.Add(a.Location)).ToList());
            var declared = session.RunAsync($"{typeName} {name} = default;", --declarations).GetAwaiter().GetResult();
            if (declared.Error is { } error) throw new InvalidOperationException($"could not declare {name} as {typeName}: {error.Value}");
            field = session.Variables().First(f => f.Name == name);
            languageServices.AddSubmission($"{typeName} {name};");
        }
        field.SetValue(null, value);
    }

    /// <inheritdoc />
    public object? Evaluate(string expression) => session.Compile(expression, Array.Empty<Debugging.LocalSlot>())(Array.Empty<object?>());

    static bool Fits(Type fieldType, object? value) =>
        value is null ? !fieldType.IsValueType || Nullable.GetUnderlyingType(fieldType) is not null : fieldType.IsInstanceOfType(value);

    /// <inheritdoc />
    public void WarmUp() => session.RunAsync("0", 0).GetAwaiter().GetResult();

    /// <inheritdoc />
    public void WarmUpWhenIdle() => Task.Run(() => languageServices.CompleteAsync("Console.", 8)).GetAwaiter().GetResult();
}
