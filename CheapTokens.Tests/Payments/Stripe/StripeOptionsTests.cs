using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Options;

namespace CheapTokens.Tests.Payments.Stripe;

public class StripeOptionsTests
{
    private static StripeOptions Real(Action<StripeOptions>? change = null)
    {
        var options = new StripeOptions
        {
            ApiBase = StripeOptions.RealApiBase, SecretKey = "sk_live_abc", PublishableKey = "pk_live_abc", WebhookSecret = "whsec_abc",
        };
        change?.Invoke(options);
        return options;
    }

    [Fact]
    public void TheDefaultsUseTheStandIn()
    {
        var options = new StripeOptions();

        Assert.True(options.UsesStandIn);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void RealStripeWithItsThreeKeysIsValid() => Assert.Empty(Real().Validate());

    [Theory]
    [InlineData(nameof(StripeOptions.SecretKey))]
    [InlineData(nameof(StripeOptions.PublishableKey))]
    [InlineData(nameof(StripeOptions.WebhookSecret))]
    public void RealStripeNeedsEachKey(string key)
    {
        var options = Real(o => typeof(StripeOptions).GetProperty(key)!.SetValue(o, ""));

        Assert.Contains(options.Validate(), e => e.StartsWith($"Payments:Stripe:{key} is required", StringComparison.Ordinal));
    }

    [Fact]
    public void AKeyInTheWrongPlaceIsNamedButNotEchoed()
    {
        var errors = Real(o => o.PublishableKey = "sk_live_secret_in_the_wrong_place").Validate();

        var error = Assert.Single(errors);
        Assert.Contains("Payments:Stripe:PublishableKey must start with pk_", error);
        Assert.DoesNotContain("sk_live_secret", error);
    }

    [Fact]
    public void APathNeedsTheStandIn()
    {
        var options = new StripeOptions { StandIn = { Enabled = false } };

        Assert.Contains(options.Validate(), e => e.Contains("Payments:Stripe:StandIn:Enabled is false", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Payments:Stripe:StandIn:FailFirst429", "-1")]
    [InlineData("Payments:Stripe:StandIn:WebhookMaxAttempts", "0")]
    [InlineData("Payments:Stripe:ApiBase", "ftp://stripe.example")]
    [InlineData("Payments:Stripe:MaxNetworkRetries", "11")]
    public async Task InvalidSettingsStopStartUpNamingTheKey(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StoreHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, failure.Message);
    }

    [Fact]
    public async Task WithRealStripeThePagesMayLoadStripeJsAndNothingElseChanges()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Payments:Stripe:ApiBase"] = StripeOptions.RealApiBase,
            ["Payments:Stripe:SecretKey"] = "sk_test_abc",
            ["Payments:Stripe:PublishableKey"] = "pk_test_abc",
            ["Payments:Stripe:WebhookSecret"] = "whsec_abc",
        });
        using var http = host.CreateClient();

        using var response = await http.GetAsync("/");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self' https://js.stripe.com;", csp);
        Assert.Contains("frame-src https://js.stripe.com", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [Fact]
    public async Task WithTheStandInThePolicyAllowsNoOtherOrigin()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        using var response = await http.GetAsync("/");

        Assert.DoesNotContain("stripe.com", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task TheStandInsKeysAreGeneratedIntoTheDataFolder()
    {
        await using var host = await StoreHost.StartAsync();
        var options = host.Get<IOptions<StripeOptions>>().Value;

        Assert.StartsWith("sk_test_", options.SecretKey);
        Assert.StartsWith("pk_test_", options.PublishableKey);
        Assert.StartsWith("whsec_", options.WebhookSecret);
        var saved = JsonSerializer.Deserialize<StripeStandInKeys>(File.ReadAllText(Path.Combine(host.DataDirectory, StripeStandInKeys.FileName)));
        Assert.Equal(new StripeStandInKeys(options.SecretKey, options.PublishableKey, options.WebhookSecret), saved);
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", options.SecretKey);
        using var response = await http.GetAsync("/stripe-sim/v1/nothing-here");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }
}
