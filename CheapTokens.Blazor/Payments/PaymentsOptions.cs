namespace CheapTokens.Blazor.Payments;

/// <summary>The "Payments" configuration section: which processor takes the money, and how reconciliation runs.</summary>
public sealed class PaymentsOptions
{
    public const string SectionName = "Payments";

    public const string SandboxProcessor = "Sandbox";

    /// <summary>Stripe payment intents through Stripe.net: real Stripe, or the Stripe stand-in the app serves.</summary>
    public const string StripeProcessor = "Stripe";

    /// <summary>The processors this build knows, by their <see cref="Processor"/> name.</summary>
    public static readonly IReadOnlyList<string> KnownProcessors = [SandboxProcessor, StripeProcessor];

    /// <summary>Which <c>IPaymentProcessor</c> the store charges through.</summary>
    public string Processor { get; set; } = StripeProcessor;

    /// <summary>A payment younger than this is left to the request (or webhook) still working on it.</summary>
    public int ReconcileGraceSeconds { get; set; } = 120;

    /// <summary>How often unsettled payments are looked up at the processor (also once at start-up).</summary>
    public int ReconcileIntervalSeconds { get; set; } = 60;

    /// <summary>
    /// How long a buyer paying in the page (Stripe's Payment Element) has to complete it, declined cards and new tries
    /// included; then reconciliation cancels the intent and the order's credits go back on sale.
    /// </summary>
    public int InPagePaymentMinutes { get; set; } = 10;

    public TimeSpan InPagePaymentWindow => TimeSpan.FromMinutes(InPagePaymentMinutes);

    public TimeSpan ReconcileGrace => TimeSpan.FromSeconds(ReconcileGraceSeconds);

    public TimeSpan ReconcileInterval => TimeSpan.FromSeconds(ReconcileIntervalSeconds);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!KnownProcessors.Contains(Processor, StringComparer.Ordinal))
            errors.Add($"{SectionName}:{nameof(Processor)} must be one of {string.Join(", ", KnownProcessors)} (was '{Processor}').");
        if (ReconcileGraceSeconds is < 1 or > 86_400)
            errors.Add($"{SectionName}:{nameof(ReconcileGraceSeconds)} must be between 1 and 86400 (was {ReconcileGraceSeconds}).");
        if (ReconcileIntervalSeconds is < 1 or > 3600)
            errors.Add($"{SectionName}:{nameof(ReconcileIntervalSeconds)} must be between 1 and 3600 (was {ReconcileIntervalSeconds}).");
        if (InPagePaymentMinutes is < 1 or > 1440)
            errors.Add($"{SectionName}:{nameof(InPagePaymentMinutes)} must be between 1 and 1440 (was {InPagePaymentMinutes}).");
        return errors;
    }
}
