using System.Net;
using System.Text.RegularExpressions;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Hosting;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Admin;

public partial class OperatorConsoleTests
{
    private const string Email = "ops@example.com";

    /// <summary>Runs the real command against a fresh data folder, then the store on the same folder.</summary>
    private static async Task<(StoreHost Host, string Password)> StartWithOperatorAsync(IDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("cheaptokens-ops-").FullName;
        var output = new StringWriter();
        var exit = await OperatorCommand.RunAsync(["operator", "add", Email, $"--Storage:DataDirectory={dataDirectory}"], output, StoreApp.ComposeServices);
        Assert.Equal(0, exit);
        var password = OneTimePassword().Match(output.ToString()).Groups[1].Value;
        Assert.Equal(20, password.Length);
        var host = await StoreHost.StartAsync(settings, clock: new FakeTimeProvider(StoreHost.Afternoon), dataDirectory: dataDirectory);
        return (host, password);
    }

    /// <summary>Each test browser's cookie jar, for a test that carries a session over a restart.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpClient, CookieContainer> Jars = new();

    private static HttpClient Browser(StoreHost host)
    {
        var jar = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar }) { BaseAddress = host.BaseAddress };
        Jars.Add(client, jar);
        return client;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, params (string Name, string Value)[] fields)
    {
        var html = await client.GetStringAsync(page);
        var token = AntiforgeryToken().Match(html).Groups[1].Value;
        var form = new List<KeyValuePair<string, string>> { new("_handler", handler), new("__RequestVerificationToken", token) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(page, new FormUrlEncodedContent(form));
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string password, string email = Email) =>
        PostFormAsync(client, "/admin/sign-in", "operator-sign-in", ("Input.Email", email), ("Input.Password", password));

    [Fact]
    public async Task OperatorAddPrintsAOneTimePasswordThatSignsInAndMustBeChangedFirst()
    {
        var (host, password) = await StartWithOperatorAsync();
        await using var _ = host;
        using var client = Browser(host);

        var signedIn = await SignInAsync(client, password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/admin/change-password", PathOf(signedIn));
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ct_operator=", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));

        var changed = await PostFormAsync(client, "/admin/change-password", "operator-change-password",
            ("Input.Current", password), ("Input.Next", "A-much-better-passw0rd"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        // Two-factor comes next: nothing of the console opens before it.
        Assert.Equal(OperatorConsoleServiceCollectionExtensions.TwoFactorPath, PathOf(changed));
        var console = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.Equal(OperatorConsoleServiceCollectionExtensions.TwoFactorPath, PathOf(console));

        // The one-time password is spent.
        using var other = Browser(host);
        Assert.Contains(Blazor.Components.Admin.SignIn.Failed, Html(await (await SignInAsync(other, password)).Content.ReadAsStringAsync()));

        var audit = (await AuditEntriesAsync(host)).Select(e => e.Action).ToList();
        Assert.Contains("operator add", audit);
        Assert.Contains("change password", audit);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        var (host, password) = await StartWithOperatorAsync();
        await using var _ = host;
        using var client = Browser(host);
        await SignInAsync(client, password);

        var page = await client.GetStringAsync("/admin/change-password");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        var response = await client.PostAsync("/admin/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var after = await client.GetAsync("/admin/change-password");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/admin/sign-in", after.Headers.Location!.OriginalString);
    }

    /// <summary>Walks every /admin endpoint the app maps: none answers an anonymous caller or a buyer's cookies.</summary>
    [Fact]
    public async Task EveryAdminEndpointRefusesAnonymousCallersAndBuyers()
    {
        var (host, _) = await StartWithOperatorAsync();
        await using var __ = host;
        var endpoints = host.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("admin", StringComparison.OrdinalIgnoreCase) == true)
            .Where(e => e.RoutePattern.RawText!.TrimStart('/') != "admin/sign-in")
            .ToList();
        Assert.True(endpoints.Count >= 4, string.Join(", ", endpoints.Select(e => e.RoutePattern.RawText)));

        foreach (var buyerCookie in new[] { null, "ct_orders=abc" })
        {
            foreach (var endpoint in endpoints)
            {
                using var client = Browser(host);
                // Route parameters get a value of their kind, so the request reaches the endpoint itself.
                var path = "/" + RouteParameter().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'),
                    m => m.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "x");
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                foreach (var method in methods)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (buyerCookie is not null) request.Headers.Add("Cookie", buyerCookie);
                    var response = await client.SendAsync(request);
                    var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest
                        || response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/admin/sign-in", StringComparison.Ordinal);
                    Assert.True(refused, $"{method} {path} answered {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }
    }

    /// <summary>Where a redirect sends the browser, whether the header is absolute or relative.</summary>
    private static string PathAndQueryOf(HttpResponseMessage response) =>
        response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location!.OriginalString;

    private static string PathOf(HttpResponseMessage response) => PathAndQueryOf(response).Split('?')[0];

    /// <summary>The page's text as a browser shows it (Razor encodes apostrophes and the like).</summary>
    private static string Html(string page) => System.Net.WebUtility.HtmlDecode(page);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"One-time password: (\S+)")]
    private static partial Regex OneTimePassword();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
