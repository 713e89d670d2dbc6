using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Venice.Simulator;
using CheapTokens.Core.Orders;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace CheapTokens.Tests.Security;

/// <summary>
/// A corpus of malformed requests against every endpoint the app maps, found in its own
/// <see cref="EndpointDataSource"/> (so endpoints added later are covered without touching this test), the
/// simulated Venice included: no answer is a server error, every 4xx from the store API is problem+json with a
/// numeric status, and no answer is over 64 KB (except a static file served whole).
/// </summary>
public class MalformedRequestTests(ITestOutputHelper output)
{
    private const int MaxAnswerBytes = 64 * 1024;
    private static readonly string[] BodyMethods = ["POST", "PUT", "PATCH"];
    private static readonly string[] OtherMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

    [Fact]
    public async Task NoMalformedRequestGetsAServerErrorAnUnshapedApiErrorOrAHugeAnswer()
    {
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false", ["Venice:Simulator:Enabled"] = "true" },
            new FakeTimeProvider(StoreHost.Afternoon));
        var adminKey = (await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, VeniceSimulatorAdminKey.FileName))).Trim();
        var endpoints = host.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.BaseAddress };

        var failures = new List<string>();
        var sent = 0;
        var routes = new HashSet<string>();
        foreach (var endpoint in endpoints)
        {
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            routes.Add(template);
            var isStatic = IsStaticFile(endpoint, template);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared ? declared : ["GET", "POST"];
            foreach (var request in Corpus(host.BaseAddress.ToString().TrimEnd('/'), template, methods, isStatic, adminKey))
            {
                sent++;
                var described = $"{request.Method} {request.RequestUri} ({request.Content?.Headers.ContentType?.MediaType ?? "no body"})";
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsByteArrayAsync();
                var status = (int)response.StatusCode;
                if (status >= 500) failures.Add($"{status} for {described}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");
                var servedFile = isStatic && status is >= 200 and < 300;
                if (body.Length > MaxAnswerBytes && !servedFile) failures.Add($"{body.Length} bytes for {described}");
                // Kestrel refuses some requests itself, before the app runs (no security headers): those have no body to shape.
                var answeredByApp = response.Headers.Contains("Content-Security-Policy");
                if (answeredByApp && status is >= 400 and < 500 && response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
                {
                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        failures.Add($"{status} without problem+json for {described}");
                    // A HEAD answer has no body by definition; its headers say what the body would be.
                    else if (request.Method != HttpMethod.Head && !HasNumericStatus(body, status))
                        failures.Add($"{status} problem without its numeric status for {described}");
                }
                request.Dispose();
            }
        }

        output.WriteLine($"{sent} requests to {routes.Count} routes: {string.Join(", ", routes.Order())}");
        Assert.True(sent >= 300, $"Only {sent} requests sent.");
        Assert.Contains("/api/quotes", routes);
        Assert.Contains(VeniceSimulatorEndpoints.BasePath + "/api_keys/{id}", routes);
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers were wrong:\n" + string.Join("\n", failures.Take(40)));
    }

    private static bool HasNumericStatus(byte[] body, int status)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("status", out var value) && value.ValueKind == JsonValueKind.Number && value.GetInt32() == status;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsStaticFile(RouteEndpoint endpoint, string template) =>
        endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal))
        || Path.HasExtension(template) && !template.Contains('{', StringComparison.Ordinal) && !template.StartsWith("/openapi", StringComparison.Ordinal);

    /// <summary>Route parameters filled with plausible values, so requests reach the endpoint's own code.</summary>
    private static string Fill(string template, string value) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{\*{0,2}([^}:=?]+)[^}]*\}", match => value ?? match.Groups[1].Value);

    private static IEnumerable<HttpRequestMessage> Corpus(string origin, string template, IReadOnlyList<string> methods, bool isStatic, string adminKey)
    {
        var path = Fill(template, OrderToken.New());
        var isVenice = template.StartsWith(VeniceSimulatorEndpoints.BasePath, StringComparison.Ordinal);

        HttpRequestMessage Make(string method, string url, HttpContent? content = null)
        {
            // Absolute, so a path starting with "//" stays a path.
            var request = new HttpRequestMessage(new HttpMethod(method), origin + url) { Content = content };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString("N"));
            if (isVenice) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            return request;
        }

        // Path tricks and wrong methods, for every route.
        foreach (var method in OtherMethods) yield return Make(method, path);
        yield return Make(methods[0], path + "%2e%2e%2f%2e%2e%2fetc%2fpasswd");
        yield return Make(methods[0], path + "%00");
        yield return Make(methods[0], path + "/" + new string('a', 3000));
        yield return Make(methods[0], Fill(template, "%0d%0aSet-Cookie:%20x=1"));
        yield return Make(methods[0], Fill(template, "..%2F..%2F..%2Fappsettings.json"));
        yield return Make(methods[0], Fill(template, "%C0%AF%E2%80%AE"));
        yield return Make(methods[0], path + "?credits=1&credits=2&x=" + new string('%', 1) + "zz" + new string('b', 3000));
        yield return Make(methods[0], "/" + path.TrimStart('/').Replace("/", "//", StringComparison.Ordinal));

        // Header tricks.
        var repeated = Make(methods[0], path);
        repeated.Headers.TryAddWithoutValidation("Idempotency-Key", "second-value");
        yield return repeated;
        var noKey = new HttpRequestMessage(new HttpMethod(methods[0]), origin + path);
        yield return noKey;
        var huge = Make(methods[0], path);
        huge.Headers.TryAddWithoutValidation("X-Padding", new string('h', 7000));
        yield return huge;
        var odd = Make(methods[0], path);
        odd.Headers.TryAddWithoutValidation("X-Forwarded-For", "999.1.1.1, ::::, garbage");
        odd.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "gopher");
        odd.Headers.TryAddWithoutValidation("Accept", "application/xml;q=garbage");
        odd.Headers.TryAddWithoutValidation("Range", "bytes=99999999999999999999-0");
        odd.Headers.TryAddWithoutValidation("If-None-Match", "\"unterminated");
        odd.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        yield return odd;
        var auth = Make(methods[0], path);
        auth.Headers.Remove("Authorization");
        auth.Headers.TryAddWithoutValidation("Authorization", ["Bearer", "Basic !!!"]);
        yield return auth;
        var cookies = Make(methods[0], path);
        cookies.Headers.TryAddWithoutValidation("Cookie", "ct_orders=" + string.Join('.', Enumerable.Range(0, 80).Select(_ => "x" + new string('y', 42))) + "; ct_orders=..; ct_orders=%00");
        yield return cookies;

        if (isStatic) yield break;

        // Bodies, on every method that takes one.
        foreach (var method in methods.Where(m => BodyMethods.Contains(m)))
        {
            foreach (var json in JsonBodies())
                yield return Make(method, path, new StringContent(json, Encoding.UTF8, "application/json"));
            yield return Make(method, path, new ByteArrayContent([0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE, (byte)'{']) { Headers = { ContentType = new("application/json") } });
            yield return Make(method, path, new StringContent("\uFEFF{\"credits\":1}", Encoding.UTF8, "application/json"));
            yield return Make(method, path, new StringContent("credits=1&email=a@b.c", Encoding.UTF8, "application/x-www-form-urlencoded"));
            yield return Make(method, path, new StringContent("{\"credits\":1}", Encoding.UTF8, "text/plain"));
            yield return Make(method, path, new StringContent("<credits>1</credits>", Encoding.UTF8, "application/xml"));
            yield return Make(method, path, new ByteArrayContent(Encoding.UTF8.GetBytes("{\"credits\":1}")));
            var multipart = new MultipartFormDataContent { { new StringContent("1"), "credits" } };
            yield return Make(method, path, multipart);
            yield return Make(method, path, new ByteArrayContent(new byte[1024 * 1024]) { Headers = { ContentType = new("application/json") } });
        }
    }

    private static IEnumerable<string> JsonBodies()
    {
        yield return "{\"credits\":\"abc\"}";
        yield return "{\"credits\":1e308}";
        yield return "{\"credits\":99999999999999999999999999999999}";
        yield return "{\"credits\":-1,\"diemPerDay\":1.5,\"dates\":\"2026-11-21\"}";
        yield return "{\"diemPerDay\":1,\"dates\":[" + string.Join(',', Enumerable.Repeat("1", 12_000)) + "]}";
        yield return "{\"diemPerDay\":1,\"dates\":[" + string.Join(',', Enumerable.Repeat("\"2026-13-45\"", 500)) + "]}";
        yield return "{\"email\":\"" + new string('a', 15_000) + "@example.com\"}";
        yield return "{\"email\":\"\\u0000\\u0001\\u001b[31m\\r\\n\",\"description\":\"\\u0000\\n\",\"paymentMethod\":\"\\u202e\"}";
        yield return "{";
        yield return "[]";
        yield return "null";
        yield return "\"just a string\"";
        yield return "";
        yield return new string('[', 3000) + new string(']', 3000);
        yield return "{\"credits\":1,\"credits\":2,\"credits\":3}";
        yield return "{\"quoteId\":123,\"email\":[],\"paymentMethod\":{},\"token\":42}";
        yield return "{\"quoteId\":\"00000000-0000-0000-0000-000000000000\",\"email\":\"a@b.c\",\"paymentMethod\":\"sandbox_ok\"}";
        yield return "{\"token\":\"" + new string('t', 5000) + "\"}";
        yield return "{\"apiKeyType\":\"INFERENCE\",\"description\":\"x\",\"consumptionLimit\":{\"diem\":1e19,\"usd\":7.9e28},\"expiresAt\":\"not a date\"}";
        yield return "{\"apiKeyType\":[1],\"description\":{},\"consumptionLimit\":[],\"expiresAt\":-1e308}";
        yield return "{\"model\":\"" + new string('m', 10_000) + "\",\"messages\":[{\"role\":7,\"content\":null}],\"stream\":\"yes\"}";
        yield return "{\"messages\":[" + string.Join(',', Enumerable.Repeat("{\"role\":\"user\",\"content\":\"hi\"}", 400)) + "]}";
    }
}
