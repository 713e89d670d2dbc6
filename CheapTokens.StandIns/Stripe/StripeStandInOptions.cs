using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Stripe;

/// <summary>Section "Payments:Stripe:StandIn": the app's own Stripe stand-in and its fault injection.</summary>
public sealed class StripeStandInOptions
{
    public const string SectionName = "Payments:Stripe:StandIn";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The secret-key routes answer loopback callers only unless this is true. The browser's confirm call
    /// (publishable key and client secret) answers anyone, as buyers make it.
    /// </summary>
    public bool AllowRemoteCallers { get; set; }

    /// <summary>Where events are sent; empty: the host's own webhook (<see cref="StripeStandInWebhookTarget"/>).</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>The first N API calls answer 429 (with Stripe-Should-Retry: true, as Stripe's lock timeouts do).</summary>
    public int FailFirst429 { get; set; }

    /// <summary>After those, the next N API calls answer 500.</summary>
    public int FailFirst500 { get; set; }

    /// <summary>After those, the next N API calls are carried out but answered only after <see cref="TimeoutSeconds"/>.</summary>
    public int TimeOutFirst { get; set; }

    /// <summary>Every Nth API call answers 500 (0: never).</summary>
    public int FailEvery { get; set; }

    /// <summary>How long a timed-out call holds its answer.</summary>
    public double TimeoutSeconds { get; set; } = 120;

    /// <summary>Each event is sent this long after it happened.</summary>
    public int WebhookDelayMs { get; set; }

    /// <summary>Each event is sent twice.</summary>
    public bool DuplicateWebhooks { get; set; }

    /// <summary>Events due together are sent newest first.</summary>
    public bool ReorderWebhooks { get; set; }

    /// <summary>The first N events are never sent.</summary>
    public int DropFirstWebhooks { get; set; }

    /// <summary>Tries per event before it is given up; a failed try is retried after 1 s, 2 s, 4 s ... (at most 5 min).</summary>
    public int WebhookMaxAttempts { get; set; } = 10;

    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(WebhookUrl) && StripeStandInWebhookTarget.AbsoluteHttpUrl(WebhookUrl) is null)
            errors.Add($"{section}:{nameof(WebhookUrl)} must be empty or an absolute http(s) URL.");
        foreach (var (name, value) in new[]
                 {
                     (nameof(FailFirst429), FailFirst429), (nameof(FailFirst500), FailFirst500), (nameof(TimeOutFirst), TimeOutFirst),
                     (nameof(FailEvery), FailEvery), (nameof(WebhookDelayMs), WebhookDelayMs), (nameof(DropFirstWebhooks), DropFirstWebhooks),
                 })
        {
            if (value < 0) errors.Add($"{section}:{name} must not be negative.");
        }
        if (TimeoutSeconds is < 0 or > 3600) errors.Add($"{section}:{nameof(TimeoutSeconds)} must be between 0 and 3600.");
        if (WebhookMaxAttempts is < 1 or > 100) errors.Add($"{section}:{nameof(WebhookMaxAttempts)} must be between 1 and 100.");
        return errors;
    }
}

/// <summary>Every problem with the section at start, each naming its key.</summary>
internal sealed class StripeStandInOptionsValidator : IValidateOptions<StripeStandInOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeStandInOptions options) =>
        options.Validate(StripeStandInOptions.SectionName) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
