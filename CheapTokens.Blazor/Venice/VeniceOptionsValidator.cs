using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Venice;

/// <summary>Fails start-up with messages naming the configuration key, never its secret value.</summary>
public sealed class VeniceOptionsValidator : IValidateOptions<VeniceOptions>
{
    public ValidateOptionsResult Validate(string? name, VeniceOptions options)
    {
        var failures = new List<string>();
        var simulator = options.Simulator;

        if (!IsAbsoluteHttpUrl(options.BaseUrl) && !(simulator.Enabled && IsEmptyOrRelative(options.BaseUrl)))
        {
            failures.Add(simulator.Enabled
                ? $"Venice:BaseUrl must be an absolute http(s) URL, a path starting with '/', or empty (got '{options.BaseUrl}')."
                : $"Venice:BaseUrl must be an absolute http(s) URL (got '{options.BaseUrl}').");
        }
        if (!simulator.Enabled && string.IsNullOrWhiteSpace(options.AdminKey))
        {
            failures.Add("Venice:AdminKey is required when Venice:Simulator:Enabled is false (set it in configuration or the Venice__AdminKey environment variable).");
        }
        Require(failures, options.TimeoutSeconds is >= 0.01 and <= 3600, "Venice:TimeoutSeconds must be between 0.01 and 3600.");
        Require(failures, options.MaxRetries is >= 0 and <= 10, "Venice:MaxRetries must be between 0 and 10.");
        Require(failures, options.RetryBaseDelayMs is >= 0 and <= 60_000, "Venice:RetryBaseDelayMs must be between 0 and 60000.");
        Require(failures, options.MaxRetryAfterSeconds >= 0, "Venice:MaxRetryAfterSeconds must not be negative.");

        Require(failures, simulator.FailFirstCreates429 >= 0, "Venice:Simulator:FailFirstCreates429 must not be negative.");
        Require(failures, simulator.FailFirstCreates500 >= 0, "Venice:Simulator:FailFirstCreates500 must not be negative.");
        Require(failures, simulator.RetryAfterSeconds >= 0, "Venice:Simulator:RetryAfterSeconds must not be negative.");
        Require(failures, simulator.DelayMs >= 0, "Venice:Simulator:DelayMs must not be negative.");
        Require(failures, simulator.RateLimitPerMinute > 0, "Venice:Simulator:RateLimitPerMinute must be greater than 0.");
        Require(failures, simulator.MaxLiveKeys > 0, "Venice:Simulator:MaxLiveKeys must be greater than 0.");
        Require(failures, simulator.ChatCostDiem >= 0, "Venice:Simulator:ChatCostDiem must not be negative.");
        Require(failures, simulator.ChatCostUsd >= 0, "Venice:Simulator:ChatCostUsd must not be negative.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Empty admin key plus an enabled simulator means "use the simulator's default key" on both sides.</summary>
    public static void ApplySimulatorDefaults(VeniceOptions options)
    {
        if (options.Simulator.Enabled && string.IsNullOrWhiteSpace(options.AdminKey))
        {
            options.AdminKey = VeniceSimulatorOptions.DefaultAdminKey;
        }
    }

    private static bool IsAbsoluteHttpUrl(string? value) => VeniceOptions.AbsoluteHttpUrl(value) is not null;

    private static bool IsEmptyOrRelative(string? value) => string.IsNullOrWhiteSpace(value) || value.StartsWith('/');

    private static void Require(List<string> failures, bool condition, string message)
    {
        if (!condition) failures.Add(message);
    }
}
