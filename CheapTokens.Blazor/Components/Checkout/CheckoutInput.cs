using System.Globalization;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>What the buyer types, checked as they type (the server checks again when locking).</summary>
public static class CheckoutInput
{
    /// <summary>A whole number, thousands separators allowed ("1,000").</summary>
    public static int? ParseWhole(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <param name="remaining">Today's supply left, when known.</param>
    /// <param name="fewestCredits">The fewest credits that reach the processor's <paramref name="minimumCharge"/> at the live price.</param>
    public static string? CreditsError(string? text, int maxPerOrder, int? remaining, int fewestCredits = 1, decimal minimumCharge = 0)
    {
        if (string.IsNullOrWhiteSpace(text)) return "Enter how many credits you want.";
        if (ParseWhole(text) is not { } credits) return "Enter a whole number of credits.";
        if (credits < 1) return "Buy at least 1 credit.";
        if (credits > maxPerOrder) return $"At most {Whole(maxPerOrder)} credits per order.";
        if (remaining is { } left && credits > left) return $"Only {Whole(left)} credits are left today.";
        if (credits < fewestCredits) return OrderInputRules.MinimumChargeText(minimumCharge, fewestCredits, pass: false);
        return null;
    }

    public static string? DiemError(string? text, int maxPerDay)
    {
        if (string.IsNullOrWhiteSpace(text)) return "Enter the diem you want per day.";
        if (ParseWhole(text) is not { } diem) return "Enter a whole number of diem per day.";
        if (diem < 1) return "At least 1 diem per day.";
        if (diem > maxPerDay) return $"At most {Whole(maxPerDay)} diem per day.";
        return null;
    }

    public static string Whole(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Dollars with thousands separators: $3,894.08.</summary>
    public static string Dollars(decimal amount) => "$" + amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string UnitPrice(decimal price) => "$" + price.ToString("0.000000", CultureInfo.InvariantCulture);
}
