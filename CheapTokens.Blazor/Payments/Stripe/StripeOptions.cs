using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Venice;

namespace CheapTokens.Blazor.Payments.Stripe;

/// <summary>
/// Configuration section "Payments:Stripe". The four keys <see cref="SecretKey"/>, <see cref="PublishableKey"/>,
/// <see cref="WebhookSecret"/> and <see cref="ApiBase"/> switch between the app's own stand-in (the default) and
/// real Stripe.
/// </summary>
public sealed class StripeOptions
{
    public const string SectionName = "Payments:Stripe";
    public const string RealApiBase = "https://api.stripe.com";

    /// <summary>
    /// Where the client calls Stripe. A path (default "/stripe-sim") means this app's own stand-in, at the app's
    /// listening address; real Stripe is "https://api.stripe.com".
    /// </summary>
    public string ApiBase { get; set; } = StripeStandIn.StripeStandInEndpoints.BasePath;

    /// <summary>Secret. Sent only as "Authorization: Bearer"; never logged. Empty with the stand-in: its generated key.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>Given to the browser's payment element. Empty with the stand-in: its generated key.</summary>
    public string PublishableKey { get; set; } = "";

    /// <summary>The webhook endpoint's signing secret (whsec_...). Empty with the stand-in: its generated secret.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Per attempt; a timed-out attempt is retried by the library like a 5xx.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Stripe.net's own network retries (429, 409, 5xx, timeouts), each with the same idempotency key.</summary>
    public int MaxNetworkRetries { get; set; } = 2;

    public StripeStandInOptions StandIn { get; set; } = new();

    /// <summary>True when the client talks to the app's own stand-in (ApiBase empty or a path).</summary>
    public bool UsesStandIn => string.IsNullOrWhiteSpace(ApiBase) || ApiBase.StartsWith('/');

    public override string ToString() => $"StripeOptions {{ ApiBase = {ApiBase}, StandIn.Enabled = {StandIn.Enabled} }}";

    /// <summary>Every problem with the section, each naming its key and never a secret's value; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (UsesStandIn)
        {
            if (!StandIn.Enabled)
            {
                errors.Add($"{SectionName}:{nameof(ApiBase)} is a path ('{ApiBase}'), which means the app's own stand-in, but " +
                           $"{SectionName}:StandIn:Enabled is false: set {nameof(ApiBase)} to {RealApiBase} (with the keys) or enable the stand-in.");
            }
        }
        else if (AbsoluteHttpUrl.Parse(ApiBase) is null)
        {
            errors.Add($"{SectionName}:{nameof(ApiBase)} must be an absolute http(s) URL or a path starting with '/' (got '{ApiBase}').");
        }
        else
        {
            RequireKey(errors, SecretKey, nameof(SecretKey), "sk_", "rk_");
            RequireKey(errors, PublishableKey, nameof(PublishableKey), "pk_");
            RequireKey(errors, WebhookSecret, nameof(WebhookSecret), "whsec_");
        }
        if (TimeoutSeconds is < 0.01 or > 600) errors.Add($"{SectionName}:{nameof(TimeoutSeconds)} must be between 0.01 and 600.");
        if (MaxNetworkRetries is < 0 or > 10) errors.Add($"{SectionName}:{nameof(MaxNetworkRetries)} must be between 0 and 10.");
        errors.AddRange(StandIn.Validate($"{SectionName}:StandIn"));
        return errors;
    }

    private static void RequireKey(List<string> errors, string value, string name, params string[] prefixes)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add($"{SectionName}:{name} is required with real Stripe (set it by the Payments__Stripe__{name} environment variable).");
        else if (!prefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal)))
            errors.Add($"{SectionName}:{name} must start with {string.Join(" or ", prefixes)}.");
    }
}

/// <summary>Section "Payments:Stripe:StandIn": the app's own Stripe stand-in and its fault injection.</summary>
public sealed class StripeStandInOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The secret-key routes answer loopback callers only unless this is true. The browser's confirm call
    /// (publishable key and client secret) answers anyone, as buyers make it.
    /// </summary>
    public bool AllowRemoteCallers { get; set; }

    /// <summary>Where events are sent; empty: this app's own /webhooks/stripe.</summary>
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
        if (!string.IsNullOrWhiteSpace(WebhookUrl) && AbsoluteHttpUrl.Parse(WebhookUrl) is null)
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
