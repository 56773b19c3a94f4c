using System.Reflection;
using System.Text.RegularExpressions;
using LossNotebooks.Losses.Modules;

namespace LossNotebooks.Losses.Tests;

/// <summary>
/// One declaration per loss: the catalog, the modules and the transparent forms agree with the Functional method
/// marked [Loss], and a default is written once.
/// </summary>
public class DeclarationTests
{
    static IEnumerable<(MethodInfo Method, LossAttribute Loss)> Declared => LossDeclarations.All;

    [Fact]
    public void Every_declared_method_is_a_catalog_entry_with_its_signatures_options_and_defaults()
    {
        Assert.Equal(Declared.Select(d => d.Loss.Name).Order(), LossCatalog.All.Select(l => l.Name).Order());
        foreach (var (method, loss) in Declared)
        {
            var info = LossCatalog.Find(loss.Name);
            var options = method.GetParameters().Where(p => p.GetCustomAttribute<OptionAttribute>() is not null).ToList();
            Assert.Equal(options.Select(p => LossDeclarations.SnakeCase(p.Name!)), info.Options.Select(o => o.Name));
            foreach (var (parameter, option) in options.Zip(info.Options).Where(p => p.First.ParameterType != typeof(TorchSharp.torch.Tensor)))
                Assert.Equal(Convert.ToDouble(parameter.DefaultValue), option.Default);
        }
    }

    [Fact]
    public void The_transparent_forms_take_the_declarations_defaults()
    {
        var checkedAny = false;
        foreach (var (method, _) in Declared)
        {
            var scratch = typeof(FromScratch).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Static);
            if (scratch is null) continue;
            var declared = method.GetParameters().Where(p => p.HasDefaultValue).ToDictionary(p => p.Name!, p => p.DefaultValue);
            foreach (var parameter in scratch.GetParameters().Where(p => p.HasDefaultValue && declared.ContainsKey(p.Name!)))
            {
                Assert.True(Equals(declared[parameter.Name!], parameter.DefaultValue),
                    $"FromScratch.{scratch.Name}({parameter.Name} = {parameter.DefaultValue}) but Functional.{method.Name} declares {declared[parameter.Name!]}");
                checkedAny = true;
            }
        }
        Assert.True(checkedAny);
    }

    [Fact]
    public void Modules_left_without_options_take_the_declarations_defaults()
    {
        Assert.Equal(LossCatalog.Find("huber_loss").Options.Single().Default, new HuberLoss().Delta);
        Assert.Equal(LossCatalog.Find("smooth_l1_loss").Options.Single().Default, new SmoothL1Loss().Beta);
        var crossEntropy = new CrossEntropyLoss();
        Assert.Equal(-100, crossEntropy.IgnoreIndex);
        Assert.Equal(0.0, crossEntropy.LabelSmoothing);
        Assert.Equal(-100, new NllLoss().IgnoreIndex);
        Assert.False(new KlDivLoss().LogTarget);
        Assert.Equal(2.5, new HuberLoss(delta: 2.5).Delta);
    }

    [Fact]
    public void Tukeys_tuning_constant_is_written_once_in_the_sources_outside_doc_comments()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var places = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(l => !l.line.TrimStart().StartsWith("///", StringComparison.Ordinal) && Regex.IsMatch(l.line, @"\b4\.685\b"))
            .Select(l => $"{Path.GetRelativePath(src, l.f)}:{l.i + 1}").ToList();
        Assert.Single(places);
    }

    static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LossNotebooks.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("LossNotebooks.sln not found above the test output");
    }
}
