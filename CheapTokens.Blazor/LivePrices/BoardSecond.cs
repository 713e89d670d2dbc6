namespace CheapTokens.Blazor.LivePrices;

/// <summary>
/// The board's shared figures for one second, written by the first node to tick in it and read by the others
/// (PostgreSQL), so every node shows the same credits and orders left for the same second.
/// </summary>
public sealed class BoardSecond
{
    /// <summary>Whole seconds since the Unix epoch on the store's clock.</summary>
    public long UnixSecond { get; set; }

    public int SupplyRemaining { get; set; }

    public int? OrdersLeftToday { get; set; }
}
