using System.Net;
using CheapTokens.Blazor.Admin;
using CheapTokens.Tests.Support;
using static CheapTokens.Tests.Support.HttpJson;

namespace CheapTokens.Tests.Admin;

public partial class OperatorConsoleTests
{
    private const string NewPassword = "A-much-better-passw0rd";

    /// <summary>Posts the export page's form, as the browser does: the antiforgery token, the range and a code.</summary>
    private static async Task<HttpResponseMessage> ExportAsync(HttpClient client, string what, string query, string? code)
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync("/admin/export")).Groups[1].Value;
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        fields.AddRange(query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1])));
        if (code is not null) fields.Add(new("code", code));
        return await client.PostAsync($"/admin/export/{what}.csv", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task TheOneTimePasswordOpensNothingButThePasswordChange()
    {
        var (host, password) = await StartWithOperatorAsync();
        await using var _ = host;
        using var client = Browser(host);
        await SignInAsync(client, password);

        var orders = await client.GetAsync("/admin/orders");
        Assert.Equal(HttpStatusCode.Redirect, orders.StatusCode);
        Assert.Equal(OperatorConsoleServiceCollectionExtensions.ChangePasswordPath, PathOf(orders));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/admin/export/orders.csv", new FormUrlEncodedContent([new("from", "2026-11-21"), new("to", "2026-11-21")]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/change-password")).StatusCode);
    }

    [Fact]
    public async Task OrdersAndPaymentsExportAsCsvForADateRangeWithoutSecretsAndTheExportIsAudited()
    {
        var (host, client, authenticator, _) = await EnrolledOperatorAsync();
        await using var _ = host;
        using var __ = client;
        var token = await host.BuyCreditsAsync(3);
        await host.WaitForOrderStatusAsync(token, "fulfilled");
        var order = await host.OrderByTokenAsync(token);
        var key = (await host.GetOrderAsync(token)).GetProperty("apiKey").GetString()!;

        var response = await ExportAsync(client, "orders", "from=2026-11-21&to=2026-11-21", CodeNow(host, authenticator));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("cheaptokens-orders-2026-11-21-2026-11-21.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("order_id,created_at,status,product,credits,", lines[0]);
        Assert.StartsWith($"{order.Id},2026-11-21T15:", lines[1]);
        Assert.Contains(",Fulfilled,Credits,3,,", lines[1]);
        Assert.EndsWith("," + key[^6..], lines[1]);
        Assert.DoesNotContain(key, lines[1]);
        Assert.DoesNotContain(token, lines[1]);

        NextStep(host);
        var payments = (await (await ExportAsync(client, "payments", "from=2026-11-21&to=2026-11-21", CodeNow(host, authenticator))).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, payments.Length);
        Assert.Contains($",{order.Id},", payments[1]);
        Assert.Contains(",Succeeded,sandbox_ok,", payments[1]);

        NextStep(host);
        var otherDay = (await (await ExportAsync(client, "orders", "from=2026-11-22&to=2026-11-30", CodeNow(host, authenticator))).Content.ReadAsStringAsync())
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(otherDay);

        var audit = await client.GetStringAsync("/admin/audit");
        Assert.Contains("export orders", audit);
        Assert.Contains("2026-11-21..2026-11-21, 1 rows", audit);
    }

    [Theory]
    [InlineData("from=2026-11-21", "to")]
    [InlineData("from=21.11.2026&to=2026-11-21", "from")]
    [InlineData("from=2026-11-22&to=2026-11-21", "to")]
    [InlineData("from=2025-01-01&to=2026-11-21", "to")]
    public async Task ABadExportRangeIsAProblemNamingTheField(string query, string field)
    {
        var (host, client, authenticator, _) = await EnrolledOperatorAsync();
        await using var _ = host;
        using var __ = client;

        var response = await ExportAsync(client, "orders", query, CodeNow(host, authenticator));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var _), problem.ToString());
    }

    [Fact]
    public async Task AnExportWithoutARightUnusedCodeIsRefusedAndTheRefusalAudited()
    {
        var (host, client, authenticator, recoveryCodes) = await EnrolledOperatorAsync();
        await using var _ = host;
        using var __ = client;
        const string Range = "from=2026-11-21&to=2026-11-21";

        foreach (var code in new[] { null, "", "123456", "NOT-A-CODE" })
        {
            var refused = await ExportAsync(client, "orders", Range, code);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal(ConsoleExport.RefusedPath, PathAndQueryOf(refused));
        }
        Assert.Contains("That code is wrong or was already used.", Html(await client.GetStringAsync(ConsoleExport.RefusedPath)));

        var code1 = CodeNow(host, authenticator);
        Assert.Equal(HttpStatusCode.OK, (await ExportAsync(client, "orders", Range, code1)).StatusCode);
        // The same code again within its window: refused.
        Assert.Equal(HttpStatusCode.Redirect, (await ExportAsync(client, "payments", Range, code1)).StatusCode);
        // A recovery code works once.
        Assert.Equal(HttpStatusCode.OK, (await ExportAsync(client, "payments", Range, recoveryCodes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ExportAsync(client, "payments", Range, recoveryCodes[0])).StatusCode);

        await using var db = await host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<OperatorDbContext>>().CreateDbContextAsync();
        var entries = db.AuditLog.AsEnumerable().Where(e => e.Action.Contains("export", StringComparison.Ordinal)).Select(e => (e.Action, e.After)).ToList();
        Assert.Equal(6, entries.Count(e => e is ("refused: export orders" or "refused: export payments", "wrong or reused code")));
        Assert.Equal(2, entries.Count(e => e.Action is "export orders" or "export payments"));
        Assert.DoesNotContain(db.AuditLog.AsEnumerable(), e => $"{e.Before} {e.After} {e.Action}".Contains(code1, StringComparison.Ordinal)
                                                              || $"{e.Before} {e.After} {e.Action}".Contains(recoveryCodes[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("@sum", "'@sum")]
    public void CsvFieldsAreQuotedAndFormulasDefused(string value, string expected) => Assert.Equal(expected, ConsoleExport.Field(value));
}
