using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace CheapTokens.Blazor.Admin;

/// <summary>The console's pages as the router sees them.</summary>
public static class ConsoleRoutes
{
    private static readonly ConcurrentDictionary<Type, bool> Defaults = new();

    /// <summary>The routes of a page component (its @page templates).</summary>
    public static IEnumerable<string> TemplatesOf(Type page) => page.GetCustomAttributes<RouteAttribute>().Select(r => r.Template);

    /// <summary>Every routable page of the console (a template at /admin or below) in <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<(Type Page, string Template)> All(Assembly assembly) =>
        assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => TemplatesOf(t).Where(IsConsoleTemplate).Select(template => (t, template)))
            .ToList();

    /// <summary>A console page with neither a policy nor an explicit anonymous pass: it gets the operator policy.</summary>
    public static bool NeedsDefaultPolicy(Type page) => Defaults.GetOrAdd(page, static t =>
        TemplatesOf(t).Any(IsConsoleTemplate)
        && !t.GetCustomAttributes(inherit: true).Any(a => a is IAuthorizeData or IAllowAnonymous));

    private static bool IsConsoleTemplate(string template) =>
        OperatorConsoleServiceCollectionExtensions.IsConsolePath(new PathString("/" + template.TrimStart('/')));
}
