namespace CheapTokens.Core.Pricing;

public static class Money
{
    public const int UnitPriceDecimals = 6;

    /// <summary>Unit prices keep 6 decimals so each tick of the decay is visible.</summary>
    public static decimal RoundUnitPrice(decimal price) => Math.Round(price, UnitPriceDecimals, MidpointRounding.AwayFromZero);

    /// <summary>Totals are charged in cents, rounded half-up.</summary>
    public static decimal RoundTotal(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    public static decimal Total(decimal unitPrice, int quantity) => RoundTotal(unitPrice * quantity);
}
