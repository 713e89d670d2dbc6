using CheapTokens.Blazor.Http;
using CheapTokens.Core.Venice;

namespace CheapTokens.Blazor.Venice;

/// <summary>Configuration section "Venice". The admin key comes from configuration or the Venice__AdminKey environment variable.</summary>
public sealed class VeniceOptions
{
    public const string SectionName = "Venice";
    public const string DefaultBaseUrl = "https://api.venice.ai/api/v1";

    /// <summary>Where the simulated Venice (a stand-in, CheapTokens.StandIns) answers under the app's own address.</summary>
    public const string SimulatorPath = "/venice-sim/api/v1";

    /// <summary>
    /// Absolute base of Venice's API. With the simulator enabled it may be left empty (or relative, e.g.
    /// "/venice-sim/api/v1"): the client then calls the app's own listening address. To pin it, set e.g.
    /// "http://127.0.0.1:5000/venice-sim/api/v1".
    /// </summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Secret. Sent only as "Authorization: Bearer"; never logged.</summary>
    public string AdminKey { get; set; } = "";

    /// <summary>
    /// Several Venice accounts, each with its own admin key: pacing, the active-key cap and the key pool are per
    /// account. Empty: one account, <see cref="AdminKey"/>. When given, the first one also serves as
    /// <see cref="AdminKey"/> for anything that needs just one account.
    /// </summary>
    public List<VeniceAccountOptions> Accounts { get; set; } = [];

    /// <summary>The name of the one account when <see cref="Accounts"/> is empty.</summary>
    public const string DefaultAccountName = "default";

    /// <summary>The accounts in use: <see cref="Accounts"/>, or the single <see cref="AdminKey"/> account.</summary>
    public IReadOnlyList<VeniceAccountOptions> EffectiveAccounts =>
        Accounts.Count > 0 ? Accounts : [new VeniceAccountOptions { Name = DefaultAccountName, AdminKey = AdminKey }];

    /// <summary>Unit the store caps minted keys in.</summary>
    public VeniceLimitUnit LimitUnit { get; set; } = VeniceLimitUnit.Diem;

    /// <summary>Per attempt; a timed-out attempt is retried like a 5xx.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff step; later steps grow exponentially with jitter.</summary>
    public int RetryBaseDelayMs { get; set; } = 500;

    /// <summary>Upper bound on a server's Retry-After, so one bad header cannot stall an order for long.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 30;

    public VeniceSimulatorOptions Simulator { get; set; } = new();

    public override string ToString() => $"VeniceOptions {{ BaseUrl = {BaseUrl}, Simulator.Enabled = {Simulator.Enabled} }}";

    /// <summary>Every problem with this section, each naming its key and never a secret's value; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        const string simulatorSection = $"{SectionName}:{nameof(Simulator)}";
        var errors = new List<string>();
        var simulator = Simulator;
        var emptyOrRelative = string.IsNullOrWhiteSpace(BaseUrl) || BaseUrl.StartsWith('/');
        if (AbsoluteHttpUrl.Parse(BaseUrl) is null && !(simulator.Enabled && emptyOrRelative))
        {
            errors.Add(simulator.Enabled
                ? $"{SectionName}:{nameof(BaseUrl)} must be an absolute http(s) URL, a path starting with '/', or empty (got '{BaseUrl}')."
                : $"{SectionName}:{nameof(BaseUrl)} must be an absolute http(s) URL (got '{BaseUrl}').");
        }
        for (var i = 0; i < Accounts.Count; i++)
        {
            var account = Accounts[i];
            var key = $"{SectionName}:{nameof(Accounts)}:{i}";
            if (!VeniceAccountOptions.IsValidName(account.Name))
                errors.Add($"{key}:{nameof(VeniceAccountOptions.Name)} must be 1 to 32 letters, digits, '-' or '_' (got '{account.Name}').");
            if (string.IsNullOrWhiteSpace(account.AdminKey)) errors.Add($"{key}:{nameof(VeniceAccountOptions.AdminKey)} is required.");
        }
        if (Accounts.Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Accounts.Count)
            errors.Add($"{SectionName}:{nameof(Accounts)} names must be different from each other.");
        if (Accounts.Where(a => !string.IsNullOrWhiteSpace(a.AdminKey)).Select(a => a.AdminKey).Distinct(StringComparer.Ordinal).Count()
            != Accounts.Count(a => !string.IsNullOrWhiteSpace(a.AdminKey)))
            errors.Add($"{SectionName}:{nameof(Accounts)} must each have their own admin key.");
        if (!simulator.Enabled && string.IsNullOrWhiteSpace(AdminKey) && Accounts.Count == 0)
        {
            errors.Add($"{SectionName}:{nameof(AdminKey)} is required when {simulatorSection}:{nameof(simulator.Enabled)} is false " +
                       $"(set it in configuration or the {SectionName}__{nameof(AdminKey)} environment variable).");
        }
        Require(errors, TimeoutSeconds is >= 0.01 and <= 3600, $"{SectionName}:{nameof(TimeoutSeconds)} must be between 0.01 and 3600.");
        Require(errors, MaxRetries is >= 0 and <= 10, $"{SectionName}:{nameof(MaxRetries)} must be between 0 and 10.");
        Require(errors, RetryBaseDelayMs is >= 0 and <= 60_000, $"{SectionName}:{nameof(RetryBaseDelayMs)} must be between 0 and 60000.");
        Require(errors, MaxRetryAfterSeconds >= 0, $"{SectionName}:{nameof(MaxRetryAfterSeconds)} must not be negative.");

        Require(errors, simulator.FailFirstCreates429 >= 0, $"{simulatorSection}:{nameof(simulator.FailFirstCreates429)} must not be negative.");
        Require(errors, simulator.FailFirstCreates500 >= 0, $"{simulatorSection}:{nameof(simulator.FailFirstCreates500)} must not be negative.");
        Require(errors, simulator.RetryAfterSeconds >= 0, $"{simulatorSection}:{nameof(simulator.RetryAfterSeconds)} must not be negative.");
        Require(errors, simulator.DelayMs >= 0, $"{simulatorSection}:{nameof(simulator.DelayMs)} must not be negative.");
        Require(errors, simulator.RateLimitPerMinute > 0, $"{simulatorSection}:{nameof(simulator.RateLimitPerMinute)} must be greater than 0.");
        Require(errors, simulator.MaxLiveKeys > 0, $"{simulatorSection}:{nameof(simulator.MaxLiveKeys)} must be greater than 0.");
        Require(errors, simulator.ChatCostDiem >= 0, $"{simulatorSection}:{nameof(simulator.ChatCostDiem)} must not be negative.");
        Require(errors, simulator.ChatCostUsd >= 0, $"{simulatorSection}:{nameof(simulator.ChatCostUsd)} must not be negative.");
        return errors;
    }

    private static void Require(List<string> errors, bool condition, string message)
    {
        if (!condition) errors.Add(message);
    }
}

/// <summary>One entry of "Venice:Accounts": a Venice account by a name of our choosing, and its admin key (a secret).</summary>
public sealed class VeniceAccountOptions
{
    public string Name { get; set; } = "";

    /// <summary>Secret. Sent only as "Authorization: Bearer"; never logged.</summary>
    public string AdminKey { get; set; } = "";

    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 32 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public override string ToString() => $"VeniceAccountOptions {{ Name = {Name} }}";
}

/// <summary>Section "Venice:Simulator": an in-app stand-in for Venice, with fault injection for tests and demos.</summary>
public sealed class VeniceSimulatorOptions
{
    public bool Enabled { get; set; }

    /// <summary>
    /// The stand-in's admin routes (/api_keys) answer loopback callers only unless this is true; its inference
    /// routes (/models, /chat/completions) answer anyone holding a key, as buyers call them in the demo.
    /// </summary>
    public bool AllowRemoteCallers { get; set; }

    /// <summary>The first N key creations answer 429 with <see cref="RetryAfterSeconds"/>.</summary>
    public int FailFirstCreates429 { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>After any 429s, the next N key creations answer 500.</summary>
    public int FailFirstCreates500 { get; set; }

    /// <summary>Latency added to every simulator request.</summary>
    public int DelayMs { get; set; }

    /// <summary>Venice caps key creation at 20 requests a minute.</summary>
    public int RateLimitPerMinute { get; set; } = 20;

    /// <summary>Venice caps an account at 500 active keys.</summary>
    public int MaxLiveKeys { get; set; } = 500;

    /// <summary>What one chat completion costs a key, so a test can exhaust a small limit.</summary>
    public decimal ChatCostDiem { get; set; } = 0.01m;

    public decimal ChatCostUsd { get; set; } = 0.01m;
}
