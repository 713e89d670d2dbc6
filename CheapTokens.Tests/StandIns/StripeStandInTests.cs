using System.Net;
using System.Text;
using System.Text.Json;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using static CheapTokens.Tests.Support.StripeSimulation;

namespace CheapTokens.Tests.StandIns;

/// <summary>The Stripe stand-in on the wire: what a Stripe client or the in-page element sees.</summary>
public class StripeStandInTests
{
    private static readonly KeyValuePair<string, string>[] ValidIntent =
    [
        new("amount", "1234"), new("currency", "usd"), new("metadata[order_id]", "order-1"), new("description", "CheapTokens order"),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("sk_test_wrong")]
    public async Task CallsWithoutTheSecretKeyAreRefused(string? bearer)
    {
        await using var host = await StripeSimulation.StartAsync();
        using var http = host.StandInClient(bearer);

        var (status, body) = await http.PostFormAsync("payment_intents", ValidIntent);

        Assert.Equal(401, status);
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ThePublishableKeyCannotCreateIntents()
    {
        await using var host = await StripeSimulation.StartAsync();
        using var http = host.StandInClient(host.StripeOptions().PublishableKey);

        var (status, body) = await http.PostFormAsync("payment_intents", ValidIntent);

        Assert.Equal(401, status);
        Assert.Equal("secret_key_required", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheSameIdempotencyKeyAndParametersReplayTheFirstAnswer()
    {
        await using var host = await StripeSimulation.StartAsync();
        using var http = host.StandInClient(host.StripeOptions().SecretKey);

        var first = await http.PostFormAsync("payment_intents", ValidIntent, "key-1");
        var again = await http.PostFormAsync("payment_intents", ValidIntent, "key-1");

        Assert.Equal((200, 200), (first.Status, again.Status));
        Assert.Equal(first.Body.GetRawText(), again.Body.GetRawText());
    }

    [Fact]
    public async Task TheSameIdempotencyKeyWithOtherParametersIsAnIdempotencyErrorAndChangesNothing()
    {
        await using var host = await StripeSimulation.StartAsync();
        using var http = host.StandInClient(host.StripeOptions().SecretKey);
        await http.PostFormAsync("payment_intents", ValidIntent, "key-1");

        var (status, body) = await http.PostFormAsync("payment_intents",
            [.. ValidIntent.Where(p => p.Key != "amount"), new("amount", "9999")], "key-1");

        Assert.Equal(400, status);
        Assert.Equal("idempotency_error", body.GetProperty("error").GetProperty("type").GetString());
        var search = await http.GetJsonAsync("payment_intents/search?query=metadata['order_id']:'order-1'");
        Assert.Equal(1234, Assert.Single(search.Body.GetProperty("data").EnumerateArray().ToList()).GetProperty("amount").GetInt64());
    }

    [Theory]
    [InlineData("amount", "abc", "parameter_invalid_integer")]
    [InlineData("amount", "1e3", "parameter_invalid_integer")]
    [InlineData("amount", "-100", "parameter_invalid_integer")]
    [InlineData("amount", "49", "amount_too_small")]
    [InlineData("amount", "99999999999999999999999", "parameter_invalid_integer")]
    [InlineData("amount", "100000000", "amount_too_large")]
    [InlineData("currency", "eur", "parameter_invalid_string")]
    [InlineData("confirm", "maybe", "parameter_invalid_boolean")]
    [InlineData("payment_method", "pm_card_unknown", "resource_missing")]
    [InlineData("surprise", "1", "parameter_unknown")]
    [InlineData("metadata[a_key_much_longer_than_forty_characters_allowed]", "x", "parameter_invalid_string")]
    public async Task BadParametersAreA400NamingTheProblem(string name, string value, string code)
    {
        await using var host = await StripeSimulation.StartAsync();
        using var http = host.StandInClient(host.StripeOptions().SecretKey);

        var (status, body) = await http.PostFormAsync("payment_intents", [.. ValidIntent.Where(p => p.Key != name), new(name, value)]);

        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ABodyThatIsNotAFormIsA400()
    {
        await using var host = await StripeSimulation.StartAsync();
        using var http = host.StandInClient(host.StripeOptions().SecretKey);

        using var response = await http.PostAsync("payment_intents", new StringContent("{\"amount\": 100}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("status:'succeeded'")]
    [InlineData("metadata['order_id']:'x' OR 1=1")]
    [InlineData("")]
    public async Task SearchUnderstandsTheOrderQueryOnly(string query)
    {
        await using var host = await StripeSimulation.StartAsync();
        using var http = host.StandInClient(host.StripeOptions().SecretKey);

        var (status, body) = await http.GetJsonAsync("payment_intents/search?query=" + Uri.EscapeDataString(query));

        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnUnknownIntentIsA404ResourceMissing()
    {
        await using var host = await StripeSimulation.StartAsync();
        using var http = host.StandInClient(host.StripeOptions().SecretKey);

        var (status, body) = await http.GetJsonAsync("payment_intents/pi_nothing");

        Assert.Equal(404, status);
        Assert.Equal("resource_missing", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheBrowserPaysWithTheSucceedingTestCard()
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);

        var (status, body) = await ConfirmInBrowserAsync(host, intent, StandInTestMethods.SucceedingCard);

        Assert.Equal(200, status);
        Assert.Equal("succeeded", body.GetProperty("status").GetString());
        Assert.Equal(ChargeState.Succeeded, (await host.Processor().GetChargeAsync(intent.ChargeId!, default)).State);
    }

    [Theory]
    [InlineData(StandInTestMethods.DeclinedCard, "generic_decline", PaymentFailureCode.Declined)]
    [InlineData(StandInTestMethods.InsufficientFundsCard, "insufficient_funds", PaymentFailureCode.InsufficientFunds)]
    public async Task ADeclinedTestCardIsA402AndPayingAgainWithAGoodCardWorks(string card, string declineCode, PaymentFailureCode failure)
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);

        var (status, body) = await ConfirmInBrowserAsync(host, intent, card);

        Assert.Equal(402, status);
        var error = body.GetProperty("error");
        Assert.Equal(("card_error", "card_declined", declineCode), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(),
            error.GetProperty("decline_code").GetString()));
        var declined = await host.Processor().GetChargeAsync(intent.ChargeId!, default);
        Assert.Equal((ChargeState.Failed, failure), (declined.State, declined.FailureCode));

        var retry = await ConfirmInBrowserAsync(host, intent, StandInTestMethods.SucceedingCard);
        Assert.Equal(200, retry.Status);
        Assert.Equal(ChargeState.Succeeded, (await host.Processor().GetChargeAsync(intent.ChargeId!, default)).State);
    }

    [Theory]
    [InlineData("4242 4242 4242 4241", "12", "34", "123", "incorrect_number")]
    [InlineData("4242424242424242", "13", "34", "123", "invalid_expiry_month")]
    [InlineData("4242424242424242", "10", "26", "123", "expired_card")]
    [InlineData("4242424242424242", "12", "34", "12", "invalid_cvc")]
    public async Task AMistypedCardIsA402ThatLeavesTheIntentPayable(string number, string month, string year, string cvc, string code)
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);

        var (status, body) = await ConfirmInBrowserAsync(host, intent, number, month, year, cvc);

        Assert.Equal(402, status);
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(ChargeState.AwaitingBuyer, (await host.Processor().GetChargeAsync(intent.ChargeId!, default)).State);
    }

    [Fact]
    public async Task TheBrowserNeedsTheIntentsClientSecret()
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);

        var (status, _) = await ConfirmInBrowserAsync(host, intent with { ClientSecret = intent.ChargeId + "_secret_guessed" },
            StandInTestMethods.SucceedingCard);

        Assert.Equal(404, status);
        Assert.Equal(ChargeState.AwaitingBuyer, (await host.Processor().GetChargeAsync(intent.ChargeId!, default)).State);
    }

    [Fact]
    public async Task KeysAndIntentsOutliveARestart()
    {
        var folder = StoreHost.NewDataDirectory();
        try
        {
            string chargeId, secretKey;
            await using (var first = await StripeSimulation.StartAsync(dataDirectory: folder))
            {
                chargeId = (await first.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), StandInTestMethods.Visa), default)).ChargeId!;
                secretKey = first.StripeOptions().SecretKey;
            }

            await using var second = await StripeSimulation.StartAsync(dataDirectory: folder);

            Assert.Equal(secretKey, second.StripeOptions().SecretKey);
            Assert.Equal(ChargeState.Succeeded, (await second.Processor().GetChargeAsync(chargeId, default)).State);
            var keyFile = Path.Combine(folder, StripeStandInKeys.FileName);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.DoesNotContain(File.ReadAllText(keyFile), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        }
        finally
        {
            StoreHost.DeleteDataDirectory(folder);
        }
    }

    private static async Task<(int Status, JsonElement Body)> ConfirmInBrowserAsync(StoreHost host, ProcessorCharge intent, string number,
        string month = "12", string year = "34", string cvc = "123")
    {
        using var http = host.StandInClient(host.StripeOptions().PublishableKey);
        return await http.PostFormAsync($"payment_intents/{intent.ChargeId}/confirm",
        [
            new("client_secret", intent.ClientSecret!), new("payment_method_data[type]", "card"),
            new("payment_method_data[card][number]", number), new("payment_method_data[card][exp_month]", month),
            new("payment_method_data[card][exp_year]", year), new("payment_method_data[card][cvc]", cvc),
        ]);
    }
}
