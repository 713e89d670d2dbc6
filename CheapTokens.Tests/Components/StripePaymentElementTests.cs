using Bunit;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Payments.Stripe;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Components;

public class StripePaymentElementTests : ComponentTestContext
{
    private const string ModuleImport = "./" + StripePaymentElement.ModulePath;
    private const string ClientSecret = "pi_123_secret_abc";

    private BunitJSModuleInterop SetUpModule(StripePaymentResult confirmation) => CardForm(confirmation);

    private IRenderedComponent<StripePaymentElement> RenderElement(List<StripePaymentResult> results) =>
        Render<StripePaymentElement>(ps => ps
            .Add(p => p.PublishableKey, "pk_test_123")
            .Add(p => p.ClientSecret, ClientSecret)
            .Add(p => p.PayLabel, "Pay $12.34")
            .Add(p => p.OnResult, EventCallback.Factory.Create<StripePaymentResult>(this, results.Add)));

    [Fact]
    public void WithTheStandInItMountsTheStandInsScriptWithTheKeysAndTheIntent()
    {
        Services.AddSingleton(CardFormSettings.From(new StripeOptions()));
        var module = SetUpModule(new StripePaymentResult(true, "succeeded", "pi_123", null, null, null, null));

        var cut = RenderElement([]);

        var mount = module.VerifyInvoke("mount");
        Assert.Equal(["/" + StripePaymentElement.StandInScriptPath, "pk_test_123", ClientSecret, "/stripe-sim"], mount.Arguments.Skip(1));
        Assert.Equal("Pay $12.34", cut.Find("[data-testid=stripe-pay]").TextContent.Trim());
        Assert.False(cut.Find("[data-testid=stripe-pay]").HasAttribute("disabled"));
    }

    [Fact]
    public void WithRealStripeItLoadsStripeJs()
    {
        Services.AddSingleton(CardFormSettings.From(new StripeOptions
        {
            ApiBase = StripeOptions.RealApiBase, SecretKey = "sk_test_x", PublishableKey = "pk_test_x", WebhookSecret = "whsec_x",
        }));
        var module = SetUpModule(new StripePaymentResult(true, "succeeded", "pi_123", null, null, null, null));

        RenderElement([]);

        var mount = module.VerifyInvoke("mount");
        Assert.Equal(StripePaymentElement.StripeJsUrl, mount.Arguments[1]);
        Assert.Null(mount.Arguments[4]);
    }

    [Fact]
    public void PayConfirmsInThePageAndReportsThePayment()
    {
        Services.AddSingleton(CardFormSettings.From(new StripeOptions()));
        var module = SetUpModule(new StripePaymentResult(true, "succeeded", "pi_123", null, null, null, null));
        var results = new List<StripePaymentResult>();
        var cut = RenderElement(results);

        cut.Find("[data-testid=stripe-pay]").Click();

        module.VerifyInvoke("confirm");
        Assert.Equal([new StripePaymentResult(true, "succeeded", "pi_123", null, null, null, null)], results);
    }

    [Fact]
    public void ADeclineIsReportedAndTheBuyerCanPayAgain()
    {
        Services.AddSingleton(CardFormSettings.From(new StripeOptions()));
        var decline = new StripePaymentResult(false, null, "pi_123", "card_error", "card_declined", "generic_decline", "Your card was declined.");
        var module = SetUpModule(decline);
        var results = new List<StripePaymentResult>();
        var cut = RenderElement(results);

        cut.Find("[data-testid=stripe-pay]").Click();
        cut.Find("[data-testid=stripe-pay]").Click();

        Assert.Equal([decline, decline], results);
        Assert.Equal(2, module.Invocations["confirm"].Count);
        Assert.False(cut.Find("[data-testid=stripe-pay]").HasAttribute("disabled"));
    }

    [Fact]
    public void WhatThePageSaysAboutTheCardIsSaidUnderThePayButtonInALiveRegionReadyBeforeIt()
    {
        Services.AddSingleton(CardFormSettings.From(new StripeOptions()));
        SetUpModule(new StripePaymentResult(true, "succeeded", "pi_123", null, null, null, null));
        var cut = RenderElement([]);
        var region = cut.Find(".stripe-payment-element__message");
        Assert.Equal("alert", region.GetAttribute("role"));
        Assert.Equal("", region.TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=card-error]"));

        cut.Render(ps => ps.Add(p => p.Message, "The card was declined. Nothing was charged. Try another card."));

        var message = cut.Find("[data-testid=card-error]");
        Assert.Equal("The card was declined. Nothing was charged. Try another card.", message.TextContent);
        Assert.True(message.ParentElement!.ClassList.Contains("stripe-payment-element__message"));
        // After the Pay button, as in Stripe's own layout.
        var children = cut.Find("[data-testid=stripe-payment-element]").Children.ToList();
        var pay = children.FindIndex(c => c.GetAttribute("data-testid") == "stripe-pay");
        var said = children.FindIndex(c => c.ClassList.Contains("stripe-payment-element__message"));
        Assert.InRange(pay, 0, said - 1);
    }
}
