using System.CommandLine;
using System.Reflection;
using LossNotebooks.Jupyter;
using LossNotebooks.Kernel.Install;
using LossNotebooks.Losses.Fused;
using LossNotebooks.Notebooks.Course;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb course new DIR</c>: the course's notebooks and data, on the published packages, in a folder of one's own.</summary>
public static class CourseCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "A new (or empty) folder for the course" };
        var version = new Option<string>("--package-version")
        {
            Description = "The LossNotebooks.Formatting version the notebooks reference (default: this lossnb's)",
            DefaultValueFactory = _ => ProductVersion.Current,
        };
        var create = new Command("new", "Create the course (notebooks, data) in FOLDER, its notebooks referencing the packages; installs the kernel if missing")
            { folder, version };
        create.SetAction(parse =>
        {
            var target = parse.GetValue(folder)!;
            try
            {
                var source = Path.Combine(AppContext.BaseDirectory, "course");
                var notebooks = CourseTemplate.Create(source, target, parse.GetValue(version)!, NativePackages());
                Console.WriteLine($"Course: {notebooks.Count} notebooks in {Path.GetFullPath(Path.Combine(target, "notebooks"))}, data in {Path.GetFullPath(Path.Combine(target, "data"))}");
                if (KernelSpecInstaller.List().Count == 0)
                    foreach (var kernel in KernelSpecInstaller.Install(InstallScope.User, null, KernelSpecInstaller.DefaultName, polyglotAlias: false,
                                 environment: ProcessSettings.Environment))
                        Console.WriteLine($"Installed kernelspec '{kernel.Name}' in {kernel.Directory}");
                Console.WriteLine($"Open {Path.Combine(target, "notebooks", Path.GetFileName(notebooks[0]))} in VS Code (or JupyterLab) and pick \"C# (LossNotebooks)\".");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException)
            {
                Console.Error.WriteLine($"lossnb course new: {e.Message}");
                return 1;
            }
        });
        return new Command("course", "The course of notebooks, outside the repository") { create };
    }

    /// <summary>The native packages this lossnb was built with (the TorchSharp backend, DuckDB's bindings), which the course's notebooks reference too.</summary>
    static IReadOnlyList<(string Id, string Version)> NativePackages()
    {
        var metadata = typeof(CourseCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return new[] { (metadata["TorchBackendPackage"]!, metadata["TorchBackendVersion"]!), ("DuckDB.NET.Bindings.Full", metadata["DuckDBVersion"]!) };
    }
}
