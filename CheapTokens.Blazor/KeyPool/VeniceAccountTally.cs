namespace CheapTokens.Blazor.KeyPool;

/// <summary>An account's active Venice keys as all nodes know them together (PostgreSQL); see <see cref="SharedAccountTallies"/>.</summary>
public sealed class VeniceAccountTally
{
    public string Account { get; set; } = "";

    public int LiveKeys { get; set; }
}
