using CheapTokens.Blazor.Venice;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CheapTokens.StandIns.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Security;

/// <summary>
/// A corpus of malformed requests against every endpoint the app maps, found in its own
/// <see cref="EndpointDataSource"/> (so endpoints added later are covered without touching this test), the
/// simulated Venice included: no answer is a server error, every 4xx from the store API is problem+json with a
/// numeric status, and no error answer is over 64 KB (no page over 128 KB; a static file is served whole).
/// </summary>
public class MalformedRequestTests(ITestOutputHelper output)
{
    private const int MaxAnswerBytes = 64 * 1024;

    /// <summary>A page that answers whatever junk rides along (the API reference is the largest, 66 KB).</summary>
    private const int MaxPageBytes = 128 * 1024;
    private static readonly string[] BodyMethods = ["POST", "PUT", "PATCH"];
    private static readonly string[] OtherMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

    [Fact]
    public async Task NoMalformedRequestGetsAServerErrorAnUnshapedApiErrorOrAHugeAnswer()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs);
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
                if (status >= 500)
                {
                    var sentBody = request.Content is null ? "" : await request.Content.ReadAsStringAsync();
                    failures.Add($"{status} for {described} with {sentBody[..Math.Min(sentBody.Length, 120)]}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");
                }
                var servedFile = isStatic && status is >= 200 and < 300;
                var limit = status < 400 ? MaxPageBytes : MaxAnswerBytes;
                if (body.Length > limit && !servedFile) failures.Add($"{body.Length} bytes for {described}");
                // Kestrel refuses some requests itself, before the app runs (no security headers): those have no body to shape.
                var answeredByApp = response.Headers.Contains("Content-Security-Policy");
                var apiPath = response.RequestMessage!.RequestUri!.AbsolutePath;
                if (answeredByApp && status == 402 && apiPath.StartsWith("/api/x402/", StringComparison.Ordinal))
                {
                    // A well-formed order without payment: x402's own answer (what to pay), not a problem.
                    if (response.Content.Headers.ContentType?.MediaType != "application/json" || !Encoding.UTF8.GetString(body).Contains("\"x402Version\":1", StringComparison.Ordinal))
                        failures.Add($"402 without an x402 payment requirement for {described}");
                }
                else if (answeredByApp && status is >= 400 and < 500 && apiPath.StartsWith("/api/", StringComparison.Ordinal))
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
        var traced = logs.Lines.Where(HasStackTraceOrIsAnError).ToList();
        Assert.True(traced.Count == 0, $"{traced.Count} log lines with a stack trace or at error level:\n" + string.Join("\n", traced.Take(5)));
    }

    /// <summary>
    /// Bodies Kestrel cannot read (a chunk size that overflows or is not hex, a body cut short by the client) and JSON
    /// that is not text, sent over a raw socket to every route that takes a body: no 5xx, one log line at most for each
    /// and never a stack trace; the store's and the simulated Venice's JSON routes answer 400 problem+json with a detail
    /// (a body cut short by a client that closed its side gets no answer: the connection is gone).
    /// </summary>
    [Fact]
    public async Task EveryRouteTakingABodyRefusesBrokenBodiesAs400WithOneLogLineAndNoStackTrace()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StartAsync(logs, new Dictionary<string, string?> { ["Noise:LinesPerMinute"] = "10000" });
        var adminKey = (await File.ReadAllTextAsync(Path.Combine(host.DataDirectory, VeniceSimulatorAdminKey.FileName))).Trim();
        var jsonRoutes = new HashSet<string>(StringComparer.Ordinal)
        {
            "POST /api/quotes", "POST /api/orders", "POST /api/remembered-orders", $"POST {VeniceSimulatorEndpoints.BasePath}/api_keys/",
            $"PATCH {VeniceSimulatorEndpoints.BasePath}/api_keys/", $"PATCH {VeniceSimulatorEndpoints.BasePath}/api_keys/{{id}}",
            $"POST {VeniceSimulatorEndpoints.BasePath}/chat/completions",
        };
        var routes = host.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["POST"])
                .Where(m => BodyMethods.Contains(m))
                .Select(m => (Method: m, Template: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))))
            .Distinct().ToList();

        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, template) in routes)
        {
            var path = Fill(template, OrderToken.New());
            var headers = "Content-Type: application/json\r\nIdempotency-Key: " + Guid.NewGuid().ToString("N") + "\r\n"
                          + (template.StartsWith(VeniceSimulatorEndpoints.BasePath, StringComparison.Ordinal) ? $"Authorization: Bearer {adminKey}\r\n" : "");
            foreach (var (name, extraHeaders, body, halfClose) in BrokenBodies())
            {
                sent++;
                // The line for a request that got no answer can come after that request "ended" for the client.
                await QuietAsync(logs);
                var before = logs.Lines.Count(IsMalformedRequestLine);
                var answer = await SendRawAsync(host.BaseAddress, method, path, headers + extraHeaders, body, halfClose);
                var lines = logs.Lines.Count(IsMalformedRequestLine) - before;
                var described = $"{name} to {method} {template}";
                // A client that stops sending has closed its side: Kestrel takes that as the connection gone, and answers nothing.
                if (answer.Status >= 500 || answer.Status == 0 && !halfClose) failures.Add($"{answer.Status} for {described}: {answer.Text[..Math.Min(answer.Text.Length, 300)]}");
                if (lines > 1) failures.Add($"{lines} log lines for {described}");
                if (jsonRoutes.Contains($"{method} {template}") && !halfClose
                    && (answer.Status != 400 || !answer.Text.Contains("application/problem+json", StringComparison.Ordinal)
                        || !answer.Text.Contains("\"detail\":", StringComparison.Ordinal) || lines != 1))
                    failures.Add($"not 400 problem+json with a detail and one log line ({answer.Status}, {lines} lines) for {described}: {answer.Text[..Math.Min(answer.Text.Length, 300)]}");
            }
        }

        output.WriteLine($"{sent} broken bodies to {routes.Count} routes: {string.Join(", ", routes.Select(r => r.Method + " " + r.Template).Order())}");
        Assert.True(routes.Count >= 15, $"Only {routes.Count} routes take a body.");
        Assert.Superset(jsonRoutes, routes.Select(r => $"{r.Method} {r.Template}").ToHashSet());
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers were wrong:\n" + string.Join("\n", failures.Take(40)));
        var traced = logs.Lines.Where(HasStackTraceOrIsAnError).ToList();
        Assert.True(traced.Count == 0, $"{traced.Count} log lines with a stack trace or at error level:\n" + string.Join("\n", traced.Take(5)));
    }

    private static Task<StoreHost> StartAsync(CapturingLoggerProvider logs, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false", ["Venice:Simulator:Enabled"] = "true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return StoreHost.StartAsync(all, new FakeTimeProvider(StoreHost.Afternoon), services =>
            services.AddLogging(logging => logging.AddProvider(logs)));
    }

    private static async Task QuietAsync(CapturingLoggerProvider logs)
    {
        var count = logs.Lines.Count;
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(25);
            if (logs.Lines.Count == count) return;
            count = logs.Lines.Count;
        }
    }

    private static bool IsMalformedRequestLine(string line) => line.Contains("Refused a malformed request", StringComparison.Ordinal);

    private static bool HasStackTraceOrIsAnError(string line) =>
        line.Contains("   at ", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal);

    /// <summary>Bodies only a raw socket can send: what each is called, its headers, its bytes, and whether the client then stops sending.</summary>
    private static IEnumerable<(string Name, string Headers, byte[] Body, bool HalfClose)> BrokenBodies()
    {
        const string chunked = "Transfer-Encoding: chunked\r\n";
        yield return ("an overflowing chunk size", chunked, Encoding.ASCII.GetBytes("FFFFFFFFFFFFFFFF\r\n{\"credits\":1}\r\n0\r\n\r\n"), false);
        yield return ("a chunk size that is not hex", chunked, Encoding.ASCII.GetBytes("zz\r\n{\"credits\":1}\r\n0\r\n\r\n"), false);
        yield return ("a body shorter than its Content-Length", "Content-Length: 100\r\n", Encoding.ASCII.GetBytes("{\"credits\":1"), true);
        yield return ("a chunk cut short", chunked, Encoding.ASCII.GetBytes("64\r\n{\"credits\":1"), true);
        byte[] notText = [.. Encoding.ASCII.GetBytes("{\""), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("\":1,\"credits\":1,\"messages\":[1]}")];
        yield return ("a property name that is not UTF-8", $"Content-Length: {notText.Length}\r\n", notText, false);
    }

    /// <summary>One request on its own connection; the answer's status (0: none within 20 s) and its text, headers included.</summary>
    private static async Task<(int Status, string Text)> SendRawAsync(Uri baseAddress, string method, string path, string headers, byte[] body, bool halfClose)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
        var head = Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n{headers}\r\n");
        await socket.SendAsync(head.Concat(body).ToArray(), timeout.Token);
        if (halfClose) socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0) received.Write(buffer, 0, read);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // Whatever arrived before the connection ended is the answer.
        }
        var text = Encoding.UTF8.GetString(received.ToArray());
        var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(9, 3), out var code) ? code : 0;
        return (status, text);
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
            foreach (var bytes in NotTextBodies())
                yield return Make(method, path, new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } });
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

    /// <summary>Well-formed JSON whose property names or strings are not text: bytes that are not UTF-8, unpaired surrogate escapes.</summary>
    private static IEnumerable<byte[]> NotTextBodies()
    {
        static byte[] Json(string before, byte[] bad, string after) => [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];
        byte[][] bad = [[0xC3, 0x28], [0xFF, 0xFE], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80]];
        foreach (var bytes in bad)
        {
            yield return Json("{\"", bytes, "\":1,\"credits\":1}");
            yield return Json("{\"credits\":1,\"email\":\"", bytes, "\",\"token\":\"x\"}");
        }
        yield return Json("{\"quoteId\":\"00000000-0000-0000-0000-000000000000\",\"email\":\"a@b.c\",\"paymentMethod\":\"", [0xC3, 0x28], "\"}");
        yield return Json("{\"apiKeyType\":\"INFERENCE\",\"description\":\"", [0xFF], "\",\"consumptionLimit\":{\"diem\":1}}");
        yield return Json("{\"apiKeyType\":\"INFERENCE\",\"description\":\"x\",\"consumptionLimit\":{\"", [0xC3, 0x28], "\":1}}");
        yield return Json("{\"messages\":[{\"role\":\"user\",\"content\":\"", [0xED, 0xA0, 0x80], "\"}]}");
        yield return Encoding.UTF8.GetBytes("{\"\\ud800\":1}");
        yield return Encoding.UTF8.GetBytes("{\"email\":\"\\udc00\",\"token\":\"\\ud800x\",\"description\":\"\\ud800\"}");
        yield return Encoding.UTF8.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"\\ud83d\"}]}");
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
