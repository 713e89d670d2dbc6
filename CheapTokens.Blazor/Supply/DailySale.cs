namespace CheapTokens.Blazor.Supply;

/// <summary>Credits sold on one UTC date. Only changed by conditional SQL in <see cref="Supply.SupplyLedger"/>.</summary>
public sealed class DailySale
{
    public DateOnly Date { get; set; }

    public int Sold { get; set; }

    /// <summary>Of <see cref="Sold"/>, the credits held by orders still waiting for the buyer's card in the page.</summary>
    public int Held { get; set; }
}
