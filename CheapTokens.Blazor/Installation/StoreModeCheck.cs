using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Blazor.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Installation;

/// <summary>
/// Refuses a mixed or unsafe install at start-up (outside Development) with one message naming the settings to change,
/// as every other setting is refused: an <see cref="OptionsValidationException"/>.
/// </summary>
public sealed class StoreModeCheck(
    IOptions<VeniceOptions> venice,
    IOptions<PaymentsOptions> payments,
    IOptions<StripeOptions> stripe,
    IOptions<StorageOptions> storage,
    IHostEnvironment environment,
    IOptions<X402Options>? x402 = null) : IValidateOptions<StoreModeOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreModeOptions options) =>
        Decide(options).Refusal is { } refusal ? ValidateOptionsResult.Fail(refusal) : ValidateOptionsResult.Success;

    public StoreModeDecision Decide(StoreModeOptions options)
    {
        var decision = StoreMode.Decide(options, venice.Value, payments.Value, stripe.Value,
            keyRingEncrypted: !string.IsNullOrWhiteSpace(storage.Value.KeyRingCertificatePath), environment.IsDevelopment());
        if (decision.Refusal is not null || x402 is null || X402ModeRule.Problem(decision.Mode, x402.Value) is not { } problem) return decision;
        return environment.IsDevelopment()
            ? decision with { Warning = (decision.Warning is null ? "" : decision.Warning + " ") + problem + " (Allowed in the Development environment only.)" }
            : decision with { Refusal = problem };
    }
}
