using System.Reflection;
using System.Text.RegularExpressions;
using LossNotebooks.Losses.Modules;
using static TorchSharp.torch;

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
    public void Every_declared_loss_has_a_module_of_its_name_whose_options_are_the_functionals_parameters()
    {
        var declared = typeof(Functional).GetMethods().Where(m => m.GetCustomAttribute<LossAttribute>() is not null).ToList();
        Assert.Equal(LossCatalog.All.Count, declared.Count);
        foreach (var method in declared)
        {
            var module = typeof(LossModule).Assembly.GetType($"LossNotebooks.Losses.Modules.{method.Name}");
            Assert.True(module is not null, $"no module for Functional.{method.Name}");
            Assert.True(typeof(nn.Module).IsAssignableFrom(module), $"{module.Name} is not a TorchSharp module");
            var options = method.GetParameters().Where(p => p.HasDefaultValue || p.ParameterType != typeof(Tensor)).ToList();
            var constructor = Assert.Single(module.GetConstructors());
            var expected = options.Select(p => (p.Name, p.ParameterType, p.DefaultValue)).ToList();
            var actual = constructor.GetParameters().Select(p => (p.Name, p.ParameterType, p.DefaultValue)).ToList();
            Assert.True(expected.SequenceEqual(actual), $"{module.Name}({string.Join(", ", actual)}) differs from Functional.{method.Name}'s options ({string.Join(", ", expected)})");
        }
    }

    [Fact]
    public void Modules_compute_their_functional_with_the_options_they_were_built_with()
    {
        using var random = new SeededRandom(31);
        var (x, y, z) = (random.Normal([7], ScalarType.Float64), random.Normal([7], ScalarType.Float64), random.Normal([7], ScalarType.Float64));
        Assert.Equal(Functional.HuberLoss(x, y, delta: 0.3).item<double>(), new HuberLoss(delta: 0.3).call(x, y).item<double>());
        Assert.NotEqual(Functional.HuberLoss(x, y).item<double>(), new HuberLoss(delta: 0.3).call(x, y).item<double>());
        Assert.Equal(1.0, new HuberLoss().Delta); // the functional's default
        var signs = where(z > 0, ones_like(z), -ones_like(z));
        Assert.Equal(Functional.MarginRankingLoss(x, y, signs, margin: 0.5, reduction: Reduction.Sum).item<double>(),
            new MarginRankingLoss(margin: 0.5, reduction: Reduction.Sum).call(x, y, signs).item<double>());
        var logits = random.Normal([4, 3], ScalarType.Float64);
        var labels = tensor(new long[] { 0, 2, 1, 2 });
        Assert.Equal(Functional.CrossEntropy(logits, labels, labelSmoothing: 0.2).item<double>(),
            new CrossEntropy(labelSmoothing: 0.2).call(logits, labels).item<double>());
    }

    [Fact]
    public void Tukeys_tuning_constant_is_written_once_in_the_sources_outside_doc_comments()
    {
        var src = Path.Combine(TestRepository.Root(), "src");
        var places = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(l => !l.line.TrimStart().StartsWith("///", StringComparison.Ordinal) && Regex.IsMatch(l.line, @"\b4\.685\b"))
            .Select(l => $"{Path.GetRelativePath(src, l.f)}:{l.i + 1}").ToList();
        Assert.Single(places);
    }

}
