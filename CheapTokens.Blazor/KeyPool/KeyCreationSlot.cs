namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// One Venice key creation taken from an account's budget, shared by every node (PostgreSQL): the budget counts these
/// over the last minute. The instant is Unix milliseconds on the store's clock, so the window arithmetic is plain
/// integer comparison on either engine.
/// </summary>
public sealed class KeyCreationSlot
{
    public long Id { get; set; }

    public string Account { get; set; } = "";

    public long TakenAtUnixMs { get; set; }
}
