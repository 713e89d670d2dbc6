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

    /// <summary>Where the app serves its own Stripe stand-in (CheapTokens.StandIns), the default <see cref="ApiBase"/>.</summary>
    public const string StandInPath = "/stripe-sim";

    /// <summary>
    /// Where the client calls Stripe. A path (default "/stripe-sim") means this app's own stand-in, at the app's
    /// listening address; real Stripe is "https://api.stripe.com".
    /// </summary>
    public string ApiBase { get; set; } = StandInPath;

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

    /// <summary>Whether the app serves its own stand-in; its other settings are the stand-in's own (same section).</summary>
    public StripeStandInSwitch StandIn { get; set; } = new();

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

/// <summary>"Payments:Stripe:StandIn:Enabled", the one key of the stand-in's section the store reads.</summary>
public sealed class StripeStandInSwitch
{
    public bool Enabled { get; set; } = true;
}
