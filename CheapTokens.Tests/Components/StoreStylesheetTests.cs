using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Components;

/// <summary>
/// The pages link <c>css/mudblazor.store.css</c>, MudBlazor's stylesheet without the families the store never renders
/// (a third of the size to download and parse before the first paint). These tests keep it honest: it is exactly the
/// trimmed form of the MudBlazor version the app ships, and no component the store uses has lost its styles (StoreStylesheetFamiliesTests).
/// </summary>
public class StoreStylesheetTests
{
    private const string TrimmedPath = "css/mudblazor.store.css";

    [Fact]
    public async Task ShippedStylesheetIsMudBlazorsOwnTrimmedForThisVersion()
    {
        await using var host = await StoreHost.StartAsync();
        using var client = host.CreateClient();
        var original = await client.GetStringAsync("/_content/MudBlazor/MudBlazor.min.css");
        var expected = StylesheetTrimmer.Trim(original);

        if (Environment.GetEnvironmentVariable("CHEAPTOKENS_WRITE_STORE_CSS") == "1")
            await File.WriteAllTextAsync(Path.Combine(RepoRoot(), "CheapTokens.Blazor", "wwwroot", TrimmedPath), expected);

        var shipped = await client.GetStringAsync("/" + TrimmedPath);
        Assert.True(shipped == expected,
            "css/mudblazor.store.css is not MudBlazor's current stylesheet trimmed; regenerate it with " +
            "CHEAPTOKENS_WRITE_STORE_CSS=1 dotnet test CheapTokens.Tests --filter StoreStylesheetTests");
        Assert.True(shipped.Length < original.Length / 2, $"trimmed {shipped.Length} of {original.Length} characters");
        Assert.StartsWith("/*!", shipped.TrimStart('\uFEFF')); // MudBlazor's licence notice stays
    }

    [Fact]
    public void TrimmingDropsUnusedFamiliesAndBreakpointUtilitiesButKeepsTheRest()
    {
        const string css = "/*! licence */.mud-button{a:1}.mud-chip{b:2}.mud-chip,.mud-paper{c:3}@media(min-width:600px){.pa-sm-4{d:4}.pa-4{e:5}}@keyframes spin{0%{f:6}}";

        var trimmed = StylesheetTrimmer.Trim(css);

        Assert.Equal("/*! licence */\n.mud-button{a:1}.mud-paper{c:3}@media(min-width:600px){.pa-4{e:5}}@keyframes spin{0%{f:6}}", trimmed);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CheapTokens.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
