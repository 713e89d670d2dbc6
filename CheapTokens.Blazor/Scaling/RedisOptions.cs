namespace CheapTokens.Blazor.Scaling;

/// <summary>The "Redis" configuration section: set when the store runs on several nodes.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>StackExchange.Redis configuration string (e.g. <c>127.0.0.1:6379</c>, or <c>host:6379,password=...,ssl=true</c>); empty: one node, no Redis.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Prefix of every channel the store uses, so several stores can share one Redis.</summary>
    public string ChannelPrefix { get; set; } = "cheaptokens";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Enabled)
        {
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(Configuration);
            }
            catch (ArgumentException e)
            {
                errors.Add($"{SectionName}:{nameof(Configuration)} is not a Redis configuration string: {e.Message}");
            }
        }
        if (string.IsNullOrWhiteSpace(ChannelPrefix)) errors.Add($"{SectionName}:{nameof(ChannelPrefix)} must not be empty (default \"cheaptokens\").");
        return errors;
    }
}
