using CheapTokens.Core.Pricing;

namespace CheapTokens.Core.Orders;

/// <summary>Checks on what a buyer submits. Each returns null when valid, else a message for that field.</summary>
public static class OrderInputRules
{
    public const int MinCredits = 1;
    public const int MaxEmailLength = 254;
    public const int MaxIdempotencyKeyLength = 255;
    public const int MinIdempotencyKeyLength = 8;

    public static string? CheckCredits(int? credits, int maxCreditsPerOrder) => credits switch
    {
        null => "Credits are required.",
        < MinCredits => $"Credits must be at least {MinCredits}.",
        var n when n > maxCreditsPerOrder => $"Credits must be at most {maxCreditsPerOrder} per order.",
        _ => null,
    };

    /// <summary>Deliberately simple: one @, something before it, a dotted domain after it, no spaces.</summary>
    public static string? CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return "Email is required.";
        var value = email.Trim();
        if (value.Length > MaxEmailLength) return $"Email must be at most {MaxEmailLength} characters.";
        var at = value.IndexOf('@');
        var valid = at > 0
                    && at == value.LastIndexOf('@')
                    && !value.Any(char.IsWhiteSpace)
                    && !value.Any(char.IsControl)
                    && IsDomain(value[(at + 1)..]);
        return valid ? null : "Email must be an address like name@example.com.";
    }

    /// <summary>Required, and one the payment processor accepts.</summary>
    public static string? CheckPaymentMethod(string? method, Func<string, bool> accepts)
    {
        if (string.IsNullOrWhiteSpace(method)) return "Payment method is required.";
        return accepts(method) ? null : "This payment method is not accepted.";
    }

    public static string? CheckPaymentMethod(string? method, IReadOnlyCollection<string> supportedMethods)
    {
        if (string.IsNullOrWhiteSpace(method)) return "Payment method is required.";
        return supportedMethods.Contains(method)
            ? null
            : $"Payment method must be one of: {string.Join(", ", supportedMethods)}.";
    }

    /// <summary>
    /// The processor's smallest charge, said as the smallest amount to type: <paramref name="units"/> credits (or diem per
    /// day of a pass) cost <paramref name="total"/>. Null when the total reaches the minimum.
    /// </summary>
    public static string? CheckMinimumCharge(decimal total, int units, decimal minimumCharge, bool pass)
    {
        if (total >= minimumCharge || units < 1) return null;
        var perUnit = total / units;
        var fewest = perUnit > 0 ? (int)Math.Ceiling(minimumCharge / perUnit) : 1;
        return MinimumChargeText(minimumCharge, fewest, pass);
    }

    /// <summary>What a buyer is told when an order is under the processor's minimum charge.</summary>
    public static string MinimumChargeText(decimal minimumCharge, int fewest, bool pass)
    {
        var smallest = minimumCharge.ToString("$0.00", System.Globalization.CultureInfo.InvariantCulture);
        var count = fewest.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        return pass
            ? $"The smallest order is {smallest}: for these dates that is at least {count} diem per day."
            : $"The smallest order is {smallest}: at the current price that is at least {count} credits.";
    }

    /// <summary>
    /// The fewest units whose rounded total at <paramref name="unitPrice"/> reaches <paramref name="minimumCharge"/>:
    /// a number that moves far less often than the price, so a page can check the minimum without following every tick.
    /// </summary>
    public static int FewestUnits(decimal unitPrice, decimal minimumCharge)
    {
        if (minimumCharge <= 0 || unitPrice <= 0) return 1;
        var units = Math.Max(1, (int)Math.Min(int.MaxValue, Math.Ceiling(minimumCharge / unitPrice)));
        // Totals are rounded to the cent, so the exact quotient can be one off either way.
        while (units > 1 && Money.Total(unitPrice, units - 1) >= minimumCharge) units--;
        while (units < int.MaxValue && Money.Total(unitPrice, units) < minimumCharge) units++;
        return units;
    }

    /// <summary>8 to 255 visible ASCII characters, e.g. a UUID.</summary>
    public static string? CheckIdempotencyKey(string? key)
    {
        if (string.IsNullOrEmpty(key)) return "The Idempotency-Key header is required.";
        return key.Length is >= MinIdempotencyKeyLength and <= MaxIdempotencyKeyLength && key.All(c => c is > ' ' and <= '~')
            ? null
            : $"Idempotency-Key must be {MinIdempotencyKeyLength} to {MaxIdempotencyKeyLength} visible ASCII characters (a UUID is ideal).";
    }

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length > 0 && l[0] != '-' && l[^1] != '-');
    }
}
