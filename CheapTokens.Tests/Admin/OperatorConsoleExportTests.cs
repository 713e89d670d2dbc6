using System.Net;
using CheapTokens.Blazor.Admin;
using CheapTokens.Tests.Support;
using static CheapTokens.Tests.Support.HttpJson;

namespace CheapTokens.Tests.Admin;

public partial class OperatorConsoleTests
{
    private const string NewPassword = "A-much-better-passw0rd";

    /// <summary>An operator signed in with the password they chose (the one-time one replaced).</summary>
    private static async Task<(StoreHost Host, HttpClient Client)> SignedInOperatorAsync()
    {
        var (host, password) = await StartWithOperatorAsync();
        var client = Browser(host);
        await SignInAsync(client, password);
        var changed = await PostFormAsync(client, "/admin/change-password", "operator-change-password", ("Input.Current", password), ("Input.Next", NewPassword));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        return (host, client);
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
        Assert.Equal(OperatorConsoleServiceCollectionExtensions.ChangePasswordPath, orders.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/export/orders.csv?from=2026-11-21&to=2026-11-21")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/change-password")).StatusCode);
    }

    [Fact]
    public async Task OrdersAndPaymentsExportAsCsvForADateRangeWithoutSecretsAndTheExportIsAudited()
    {
        var (host, client) = await SignedInOperatorAsync();
        await using var _ = host;
        using var __ = client;
        var token = await host.BuyCreditsAsync(3);
        await host.WaitForOrderStatusAsync(token, "fulfilled");
        var order = await host.OrderByTokenAsync(token);
        var key = (await host.GetOrderAsync(token)).GetProperty("apiKey").GetString()!;

        var response = await client.GetAsync("/admin/export/orders.csv?from=2026-11-21&to=2026-11-21");

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

        var payments = (await client.GetStringAsync("/admin/export/payments.csv?from=2026-11-21&to=2026-11-21")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, payments.Length);
        Assert.Contains($",{order.Id},", payments[1]);
        Assert.Contains(",Succeeded,sandbox_ok,", payments[1]);

        var otherDay = (await client.GetStringAsync("/admin/export/orders.csv?from=2026-11-22&to=2026-11-30")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
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
        var (host, client) = await SignedInOperatorAsync();
        await using var _ = host;
        using var __ = client;

        var response = await client.GetAsync("/admin/export/orders.csv?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var _), problem.ToString());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("@sum", "'@sum")]
    public void CsvFieldsAreQuotedAndFormulasDefused(string value, string expected) => Assert.Equal(expected, ConsoleExport.Field(value));
}
