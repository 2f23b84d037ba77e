using Scriban;
using Scriban.Runtime;

namespace DumpFramework.Host.Scaffolding;

/// <summary>
/// Renders templates with Scriban: each file's path and its text. Variables are snake_case names set explicitly on a
/// <see cref="ScriptObject"/> (no member renaming involved), and an unknown variable is an error rather than an empty
/// string, so a typo in a template cannot slip into generated code.
/// </summary>
internal static class TemplateRenderer
{
    /// <summary>Renders <paramref name="templates"/> with <paramref name="variables"/>.</summary>
    /// <param name="templates">The templates, with paths relative to the output folder.</param>
    /// <param name="variables">Variable name (snake_case) to value: strings, or lists of <see cref="ScriptObject"/>.</param>
    /// <returns>The rendered files, template extension removed from their paths.</returns>
    /// <exception cref="InvalidOperationException">A template does not parse or uses an unknown variable (a bug in the templates).</exception>
    public static IReadOnlyList<RenderedFile> Render(IEnumerable<TemplateFile> templates, IReadOnlyDictionary<string, object> variables)
    {
        var rendered = new List<RenderedFile>();
        foreach (var template in templates)
        {
            string path = TemplateLibrary.OutputPath(RenderText(template.Path, "path of " + template.Path, variables));
            string content = RenderText(template.Text, template.Path, variables);
            rendered.Add(new RenderedFile(path, content));
        }

        var duplicate = rendered.GroupBy(f => f.Path, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two templates render to {duplicate.Key}");
        }

        return rendered;
    }

    /// <summary>Renders one template text.</summary>
    public static string RenderText(string text, string sourceName, IReadOnlyDictionary<string, object> variables)
    {
        var template = Template.Parse(text, sourceName);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"template {sourceName} does not parse: {string.Join("; ", template.Messages)}");
        }

        var globals = new ScriptObject();
        foreach (var (name, value) in variables)
        {
            globals.Add(name, value);
        }

        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            MemberRenamer = member => member.Name,
        };
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException failure)
        {
            throw new InvalidOperationException($"template {sourceName} does not render: {failure.Message}", failure);
        }
    }
}
