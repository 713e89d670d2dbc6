using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static CheapTokens.Tests.Support.InstallSettings;

namespace CheapTokens.Tests.Hosting;

/// <summary>Every page says the same about where the keys work: a demo's simulator, or Venice and nothing else.</summary>
public sealed class OneVoiceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ct-voice-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] ShopPages = ["/", "/docs", "/orders", "/orders/no-such-order-token", "/no-such-page"];

    [Fact]
    public async Task ALiveStoreNamesVeniceOnEveryPageAndNoSimulator()
    {
        await using var host = await StoreHost.StartAsync(Merge(RealVenice(), RealStripe(), KeyRingCertificate(_folder)));
        using var http = host.CreateClient();

        foreach (var path in ShopPages)
        {
            var response = await http.GetAsync(path);
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

            Assert.DoesNotMatch(new Regex("simulat", RegexOptions.IgnoreCase), page);
            // The footer is there on every page, naming where keys are called: the configured Venice.
            Assert.Contains("Keys are real Venice INFERENCE keys: call http://127.0.0.1:9/api/v1 directly.", page);
        }
        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));
        Assert.Contains("curl http://127.0.0.1:9/api/v1/chat/completions", docs);
        Assert.DoesNotContain("/venice-sim", docs);
        // Real money: no test cards offered.
        Assert.DoesNotContain("4242 4242 4242 4242", docs);
    }

    [Fact]
    public async Task ADemoStoresFooterDocsAndKeyPanelAllNameItsSimulatorAndItsSnippetsWork()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        using var http = host.CreateClient();
        var simulator = new Uri(host.BaseAddress, "/venice-sim/api/v1").ToString();
        var token = await host.BuyCreditsAsync(2);
        var order = await host.WaitForOrderStatusAsync(token, "fulfilled");

        var home = WebUtility.HtmlDecode(await http.GetStringAsync("/"));
        var docs = WebUtility.HtmlDecode(await http.GetStringAsync("/docs"));
        var orderPage = WebUtility.HtmlDecode(await http.GetStringAsync($"/orders/{token}"));

        foreach (var page in new[] { home, docs, orderPage })
            Assert.Contains($"they work only against this demo's simulated Venice at {simulator}", Footer(page));
        Assert.Contains("on a simulated Venice API key", home);
        Assert.DoesNotContain("real Venice", home);
        Assert.Contains($"curl {simulator}/chat/completions", docs);
        Assert.Contains($"base_url=\"{simulator}\"", docs);
        Assert.DoesNotContain("https://api.venice.ai/api/v1", docs);
        Assert.Matches($"data-testid=\"key-base-url\">{Regex.Escape(simulator)}<", orderPage);

        // What the docs tell a demo buyer to call answers their key.
        using var models = new HttpRequestMessage(HttpMethod.Get, $"{simulator}/models");
        models.Headers.Authorization = new AuthenticationHeaderValue("Bearer", order.GetProperty("apiKey").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(models)).StatusCode);
    }

    private static string Footer(string page) => Regex.Match(page, "<footer class=\"site-footer\"[^>]*>(.*?)</footer>", RegexOptions.Singleline).Groups[1].Value;
}
