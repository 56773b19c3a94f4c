using System.CommandLine;
using LossNotebooks.Notebooks;
using LossNotebooks.Notebooks.Course;

namespace LossNotebooks.Cli.Commands;

/// <summary><c>lossnb normalize [paths] [--check]</c>: keeps course notebooks in the form version control holds.</summary>
public static class NormalizeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "Notebooks or folders (default: notebooks/)", Arity = ArgumentArity.ZeroOrMore };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 naming each notebook that is not normal and what differs" };
        var command = new Command("normalize",
            "Normalize notebooks: the course's kernelspec and setup cell (course.json), no outputs, stable cell ids, Polyglot cell metadata, Jupyter's JSON layout")
            { paths, check };
        command.SetAction(parse =>
        {
            var notebooks = RunCommand.Expand(parse.GetValue(paths) ?? Array.Empty<string>());
            var courses = new Dictionary<string, CourseInfo>();
            var differing = 0;
            var unreadable = 0;
            foreach (var path in notebooks)
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
                if (!courses.TryGetValue(folder, out var course)) courses[folder] = course = CourseInfo.Load(folder);
                NotebookDocument notebook;
                try { notebook = NotebookDocument.Load(path); }
                catch (InvalidDataException e) { Console.Error.WriteLine(e.Message); unreadable++; continue; }
                var changes = NotebookNormalizer.Normalize(notebook, course);
                if (changes.Count == 0) continue;
                differing++;
                var writer = parse.GetValue(check) ? Console.Error : Console.Out;
                writer.WriteLine($"{path}: {(parse.GetValue(check) ? "not normalized" : "normalized")}");
                foreach (var change in changes) writer.WriteLine($"  {change}");
                if (!parse.GetValue(check)) notebook.Save(path);
            }
            Console.WriteLine(parse.GetValue(check)
                ? $"{notebooks.Count - differing - unreadable} of {notebooks.Count} notebooks are normalized"
                : $"{differing} of {notebooks.Count} notebooks changed{(unreadable > 0 ? $", {unreadable} could not be read" : "")}");
            return unreadable > 0 || (parse.GetValue(check) && differing > 0) ? 1 : 0;
        });
        return command;
    }
}
