using System.Text.RegularExpressions;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace CheapTokens.Tests.Components;

/// <summary>
/// The trimmed stylesheet drops whole MudBlazor families (<c>mud-{family}-…</c>); a family a page renders must not be
/// among them, or the component shows unstyled (the console's checkbox once drew twice: its hidden input and its icon).
/// Every MudBlazor component the pages use is rendered here as the pages write it, and every <c>mud-</c> class it
/// renders, or that the markup writes itself, must be styled by the served stylesheet wherever MudBlazor's own styles it.
/// </summary>
public partial class StoreStylesheetFamiliesTests : ComponentTestContext
{
    [Fact]
    public async Task EveryMudBlazorClassThePagesRenderIsStyledByTheServedStylesheet()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepoRoot(), "CheapTokens.Blazor", "Components"), "*.razor", SearchOption.AllDirectories)
            .Select(File.ReadAllText).ToList();
        var rendered = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, typeArgument) in sources.SelectMany(s => ComponentTag().Matches(s)).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Distinct())
        {
            // Classes only: the theme's own <style> names classes it styles itself.
            var markup = StyleElement().Replace(Render(Fragment(name, typeArgument)).Markup, "");
            rendered.UnionWith(MudClass().Matches(markup).Select(m => m.Value));
        }
        // The frames written as plain markup in MudBlazor's classes (the shop's layout, the console's charts).
        var written = sources.SelectMany(s => ClassAttribute().Matches(s)).SelectMany(m => MudClass().Matches(m.Groups[1].Value)).Select(m => m.Value);
        rendered.UnionWith(written);

        await using var host = await StoreHost.StartAsync();
        using var client = host.CreateClient();
        var mudBlazors = StylesheetTrimmer.StyledMudClasses(await client.GetStringAsync("/_content/MudBlazor/MudBlazor.min.css"));
        var served = StylesheetTrimmer.StyledMudClasses(await client.GetStringAsync("/css/mudblazor.store.css"));

        var expected = rendered.Where(mudBlazors.Contains).ToList();
        // Guards the scan itself: the buttons, the text fields and the console's checkbox are among what the pages render.
        Assert.Contains("mud-button-root", expected);
        Assert.Contains("mud-input-control", expected);
        Assert.Contains("mud-checkbox", expected);
        var unstyled = expected.Where(c => !served.Contains(c)).ToList();
        Assert.True(unstyled.Count == 0,
            "The served stylesheet lost the styles of classes the pages render; take their families out of StylesheetTrimmer.DroppedFamilies " +
            "and regenerate it (see StoreStylesheetTests): " + string.Join(", ", unstyled));
    }

    /// <summary>
    /// The component as a page writes it, inside the parent it needs (a cell in a table, a tab in tabs, a radio in a
    /// group), with some content; a generic one closed over the type the page names (or string).
    /// </summary>
    private static RenderFragment Fragment(string name, string typeArgument)
    {
        var type = MudType(name, typeArgument);
        RenderFragment self = b => Open(b, type, content: true);
        return name switch
        {
            "Td" or "Th" => b =>
            {
                var table = MudType("Table", "string");
                b.OpenComponent(0, table);
                b.AddAttribute(1, "Items", new[] { "row" });
                b.AddAttribute(2, name == "Th" ? "HeaderContent" : "RowTemplate", name == "Th" ? self : (RenderFragment<string>)(_ => self));
                b.CloseComponent();
            },
            "TabPanel" => b => Parent(b, MudType("Tabs", ""), self),
            "Radio" => b => Parent(b, MudType("RadioGroup", typeArgument), self),
            _ => self,
        };
    }

    private static void Parent(RenderTreeBuilder b, Type parent, RenderFragment child)
    {
        b.OpenComponent(0, parent);
        b.AddAttribute(1, "ChildContent", child);
        b.CloseComponent();
    }

    private static void Open(RenderTreeBuilder b, Type type, bool content)
    {
        b.OpenComponent(0, type);
        if (content && type.GetProperty("ChildContent")?.PropertyType == typeof(RenderFragment))
            b.AddAttribute(1, "ChildContent", (RenderFragment)(c => c.AddContent(0, "content")));
        if (type.GetProperty("Label") is { PropertyType: var label } && label == typeof(string)) b.AddAttribute(2, "Label", "label");
        b.CloseComponent();
    }

    private static Type MudType(string name, string typeArgument)
    {
        var assembly = typeof(MudButton).Assembly;
        if (assembly.GetType($"MudBlazor.Mud{name}") is { } plain) return plain;
        var generic = assembly.GetType($"MudBlazor.Mud{name}`1") ?? throw new InvalidOperationException($"No MudBlazor component Mud{name}.");
        return generic.MakeGenericType(typeArgument switch
        {
            "bool" => typeof(bool),
            "int" => typeof(int),
            "decimal" => typeof(decimal),
            "" or "string" => typeof(string),
            _ => throw new InvalidOperationException($"Mud{name} T=\"{typeArgument}\": name the type here."),
        });
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CheapTokens.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex(@"<Mud([A-Z][A-Za-z]*)\b(?:[^>]*?\bT=""([A-Za-z]+)"")?")]
    private static partial Regex ComponentTag();

    [GeneratedRegex(@"\bclass=""([^""]*)""")]
    private static partial Regex ClassAttribute();

    [GeneratedRegex(@"(?<![-\w])mud-[a-z0-9]+(?:-[a-z0-9]+)*")]
    private static partial Regex MudClass();

    [GeneratedRegex(@"<style[^>]*>.*?</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();

}
