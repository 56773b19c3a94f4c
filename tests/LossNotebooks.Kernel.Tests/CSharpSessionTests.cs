using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using LossNotebooks.Kernel.Abstractions;
using LossNotebooks.Kernel.Execution;

namespace LossNotebooks.Kernel.Tests;

/// <summary>
/// Script semantics of the independently compiled cells (<see cref="CellTranslator"/>): what a Roslyn submission
/// chain did, each cell now does as its own class.
/// </summary>
public sealed class CSharpSessionTests
{
    readonly CSharpSession session = new();
    int cell;

    async Task<CellOutcome> Run(string code) => await session.RunAsync(code, ++cell);

    async Task<object?> Value(string code)
    {
        var outcome = await Run(code);
        Assert.Null(outcome.Error);
        Assert.True(outcome.HasValue, $"`{code}` showed no value");
        return outcome.Value;
    }

    async Task Ok(string code) => Assert.Null((await Run(code)).Error);

    [Fact]
    public async Task Variables_keep_their_inferred_types_from_cell_to_cell()
    {
        await Ok("var x = 21; var names = new List<string> { \"a\" }; int[] xs = { 1, 2, 3 };");
        Assert.Equal(42, await Value("x * 2"));
        Assert.Equal("a", await Value("names[0]"));
        Assert.Equal(6, await Value("xs.Sum()"));
    }

    [Fact]
    public async Task A_variable_can_be_redeclared_with_another_type()
    {
        await Ok("var x = 1;");
        await Ok("var x = \"text\";");
        Assert.Equal(4, await Value("x.Length"));
    }

    [Fact]
    public async Task Lambdas_and_methods_share_the_variables()
    {
        await Ok("var count = 0; Action increment = () => count++; int Twice() => count * 2;");
        await Ok("increment(); increment();");
        Assert.Equal(2, await Value("count"));
        Assert.Equal(4, await Value("Twice()"));
    }

    [Fact]
    public async Task Types_methods_and_usings_declared_in_a_cell_are_visible_later()
    {
        await Ok("using System.Text.RegularExpressions;\nrecord Point(int X, int Y);\nstatic class Geometry { public static int Manhattan(Point p) => Math.Abs(p.X) + Math.Abs(p.Y); }");
        await Ok("var p = new Point(3, -4);");
        Assert.Equal(7, await Value("Geometry.Manhattan(p)"));
        Assert.Equal(true, await Value("Regex.IsMatch(\"ab\", \"b\")"));
    }

    [Fact]
    public async Task Deconstruction_await_and_extension_methods_work_at_top_level()
    {
        await Ok("var (a, (b, c)) = (1, (2, 3));");
        Assert.Equal(6, await Value("a + b + c"));
        Assert.Equal(3, await Value("await Task.FromResult(3)"));
        await Ok("static int Squared(this int v) => v * v;");
        Assert.Equal(49, await Value("7.Squared()"));
    }

    [Fact]
    public async Task A_void_trailing_call_shows_nothing_and_null_shows_nothing()
    {
        var outcome = await Run("Console.Write(\"\")");
        Assert.Null(outcome.Error);
        Assert.False(outcome.HasValue);
        Assert.False((await Run("(string)null")).HasValue);
    }

    [Fact]
    public async Task Anonymous_types_stay_usable_in_their_cell_and_displayable_later()
    {
        Assert.Equal(2, await Value("var pair = new { A = 1, B = 2 }; pair.B"));
        Assert.Contains("A = 1", (await Value("pair"))!.ToString());
    }

    [Fact]
    public async Task Compile_errors_name_the_cell_line_and_column()
    {
        await Ok("var kept = 5;");
        var error = (await Run("int ok = 1;\nstring s = 5;")).Error;
        Assert.NotNull(error);
        Assert.Equal("CompilationError", error.Name);
        Assert.Contains("cell2(2,12): error CS0029", error.Value);
        var inMethod = (await Run("int F()\n{\n    return \"no\";\n}")).Error;
        Assert.Contains("cell3(3,12): error CS0029", inMethod!.Value);
        Assert.Equal(5, await Value("kept"));
    }

    [Fact]
    public async Task Runtime_errors_keep_the_state_and_name_the_cell_line()
    {
        var error = (await Run("void Fail() => throw new InvalidOperationException(\"boom\");\nvar before = 1;\nFail();")).Error;
        Assert.NotNull(error);
        Assert.Equal("InvalidOperationException", error.Name);
        Assert.Contains(error.Traceback, line => line.Contains("in cell1:line 1"));
        Assert.Contains(error.Traceback, line => line.Contains("in cell1:line 3"));
        Assert.DoesNotContain(error.Traceback, line => line.Contains("CSharpSession"));
        Assert.Equal(1, await Value("before"));
    }

    [Fact]
    public async Task Cells_compile_against_the_core_framework_until_one_needs_more()
    {
        Assert.Equal(3, await Value("new[] { 1, 2 }.AsParallel().Sum()")); // System.Linq.Parallel is core
        Assert.False(session.UsesWholeFramework);
        Assert.Equal("1", await Value("System.Xml.Linq.XElement.Parse(\"<a>1</a>\").Value")); // System.Private.Xml.Linq is core
        Assert.False(session.UsesWholeFramework);
        var typo = (await Run("var table = new System.Data.DataTable(\"t\"); table.TableNaem"));
        Assert.Contains("CS1061", typo.Error!.Value); // the real error, found against the whole framework
        Assert.False(session.UsesWholeFramework);
        Assert.Equal("t", await Value("new System.Data.DataTable(\"t\").TableName"));
        Assert.True(session.UsesWholeFramework);
        Assert.Equal(2, await Value("1 + 1"));
    }

    [Fact]
    public async Task Cells_with_and_without_await_return_their_values()
    {
        Assert.Equal(1, await Value("1"));
        Assert.Equal(2, await Value("await Task.FromResult(2)"));
        Assert.Equal(3, await Value("var t = await Task.FromResult(3);\nt"));
        Assert.True(await Value("Task.FromResult<object>(4)") is Task<object>); // a task value of a plain cell is shown, not awaited
        Assert.Equal(5, await Value("Func<Task<int>> f = async () => { await Task.Yield(); return 5; };\nf().Result"));
    }

    [Fact]
    public async Task Load_brings_in_a_script_file()
    {
        var folder = Directory.CreateTempSubdirectory("lossnb-load-");
        var helper = Path.Combine(folder.FullName, "helper.csx");
        await File.WriteAllTextAsync(helper, "var offset = 10;\nint Helper(int v) => v + offset;\n");
        Assert.Equal(15, await Value($"#load \"{helper}\"\nHelper(5)"));
        var missing = (await Run("#load \"nowhere.csx\"\n1")).Error;
        Assert.Contains("nowhere.csx", missing!.Value);
    }
}

public sealed class CSharpSessionReferenceTests
{
    [Fact]
    public async Task References_added_between_cells_are_seen_by_the_next_cell()
    {
        var session = new CSharpSession();
        Assert.Null((await session.RunAsync("0", 0)).Error);
        var packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget/packages/humanizer.core");
        var dll = Directory.GetFiles(packages, "Humanizer.dll", SearchOption.AllDirectories).First();
        session.AddReferences(new[] { Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(dll) });
        var outcome = await session.RunAsync("\nusing Humanizer;", 1);
        Assert.Null(outcome.Error);
    }
}

/// <summary>Diagnostics name the user's cell, line and column, never the translated class, and each appears once.</summary>
public sealed class DiagnosticPlaceTests
{
    [Theory]
    [InlineData("UnknownType x = null;\nvar y = 2;", "cell1(1,1): error CS0246: The type or namespace name 'UnknownType'")]
    [InlineData("var a = 1;\n  List<Missing> m = new();", "cell1(2,8): error CS0246: The type or namespace name 'Missing'")]
    [InlineData("readonly Foo bar;", "cell1(1,10): error CS0246: The type or namespace name 'Foo'")]
    public async Task An_unknown_type_of_a_top_level_variable_is_reported_at_the_declaration(string cell, string expected)
    {
        var outcome = await new CSharpSession().RunAsync(cell, 1);
        Assert.NotNull(outcome.Error);
        Assert.StartsWith(expected, outcome.Error!.Value);
        Assert.DoesNotContain(".g.cs", outcome.Error.Value);
        Assert.Single(outcome.Error.Traceback);
    }
}

/// <summary>Stack frames name the user's cell and line, also where a statement begins in the translation's glue.</summary>
public sealed class StackFrameTests
{
    [Fact]
    public async Task A_throwing_top_level_initializer_names_its_cell_line()
    {
        var session = new CSharpSession();
        Assert.Null((await session.RunAsync("int Fail() => throw new InvalidOperationException(\"boom\");", 1)).Error);
        var outcome = await session.RunAsync("var ok = 1;\nvar x = Fail();", 2);
        Assert.NotNull(outcome.Error);
        var frames = string.Join("\n", outcome.Error!.Traceback);
        Assert.Contains("in cell1:line 1", frames);
        Assert.Contains("in cell2:line 2", frames);
        Assert.DoesNotContain(".g.cs", frames);
    }
}

/// <summary>What .NET Interactive gave every cell and old notebooks rely on without a #r.</summary>
public sealed class CompatibilityReferenceTests
{
    readonly CSharpSession session = new();
    int cell;

    async Task<CellOutcome> Run(string code) => await session.RunAsync(code, ++cell);

    [Fact]
    public async Task Newtonsoft_Json_is_available_to_cells()
    {
        var outcome = await Run("using Newtonsoft.Json;\nJsonConvert.SerializeObject(new { a = 1, b = new[] { 2, 3 } })");
        Assert.Null(outcome.Error);
        Assert.Equal("{\"a\":1,\"b\":[2,3]}", outcome.Value);
    }

    /// <summary>
    /// With .NET Interactive's namespaces imported (a cell used <c>Formatter</c>), every <c>x.Append(…)</c> meets the
    /// Formatting namespace's <c>Append&lt;TTag&gt;(this TTag, IHtmlContent)</c>; without a reference to the assembly of
    /// <c>IHtmlContent</c> that is CS0012 on an ordinary call.
    /// </summary>
    [Fact]
    public async Task An_Append_call_after_the_compatibility_imports_compiles()
    {
        Assert.Null((await Run("Formatter.ResetToDefault();")).Error);
        var outcome = await Run("var items = new List<int> { 1 }.Append(2).ToList();\nvar text = new StringBuilder().Append(\"x\").ToString();\nitems.Count + text");
        Assert.Null(outcome.Error);
        Assert.Equal("2x", outcome.Value);
        var html = await Run("\"<b>\".HtmlEncode().ToString()");
        Assert.Null(html.Error);
        Assert.Equal("&lt;b&gt;", html.Value);
    }
}

public sealed class FrameworkReferencesTests
{
    /// <summary>
    /// The core must hold every framework assembly that defines public types in the default-imported namespaces (or a
    /// cell could bind differently, to another extension method, against the core than against the whole framework),
    /// and everything those assemblies reference (or their signatures would not bind).
    /// </summary>
    [Fact]
    public void The_core_is_closed_over_the_default_namespaces_and_their_references()
    {
        var namespaces = CSharpSession.DefaultImports.ToHashSet();
        var framework = FrameworkReferences.AllPaths().ToDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var (name, path) in framework)
        {
            using var pe = new PEReader(File.OpenRead(path));
            var metadata = pe.GetMetadataReader();
            var definesPublic = metadata.TypeDefinitions.Select(metadata.GetTypeDefinition).Any(t =>
                (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public && namespaces.Contains(metadata.GetString(t.Namespace)));
            if (definesPublic && !FrameworkReferences.IsCore(path)) missing.Add(name);
            if (!FrameworkReferences.IsCore(path) || FrameworkReferences.Facades.Contains(name)) continue;
            missing.AddRange(metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name))
                .Where(r => framework.ContainsKey(r) && !FrameworkReferences.Core.Contains(r)).Select(r => $"{r} (referenced by {name})"));
        }
        Assert.Empty(missing);
        Assert.True(FrameworkReferences.All().Count > 100);
    }
}
