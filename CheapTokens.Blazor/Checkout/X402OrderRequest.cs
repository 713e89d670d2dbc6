using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// The body of <c>POST /api/x402/orders</c>: credits for today, or diem per day on dates for a pass, and optionally
/// where the receipt goes. The client sends the same body with its payment, so the body is what ties a payment to the
/// quote the store offered for it.
/// </summary>
public sealed record X402OrderRequest(int? Credits, int? DiemPerDay, IReadOnlyList<string?>? Dates, string? Email)
{
    public bool IsPass => DiemPerDay is not null || Dates is not null;

    /// <summary>The body that buys what <paramref name="quote"/> prices (no e-mail).</summary>
    public static X402OrderRequest For(Quote quote) => quote.Product == Product.Pass
        ? new(null, quote.DiemPerDay, quote.DatesInOrder().Select(d => (string?)IsoDate.Format(d.Date)).ToList(), null)
        : new(quote.Credits, null, null, null);

    /// <summary>
    /// What is bought, as a hash: the same for the same product however the dates are ordered, never the same for two
    /// products. Null when the dates are not all yyyy-MM-dd (such a body gets no quote).
    /// </summary>
    public string? ProductFingerprint()
    {
        string text;
        if (IsPass)
        {
            var dates = new List<DateOnly>();
            foreach (var date in Dates ?? [])
            {
                if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return null;
                dates.Add(parsed);
            }
            text = $"pass\n{DiemPerDay}\n{string.Join(",", dates.Distinct().Order().Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}";
        }
        else
        {
            text = $"credits\n{Credits}";
        }
        return Hash(text);
    }

    /// <summary>The whole request (product and e-mail), for the payment's idempotency record.</summary>
    public string RequestFingerprint(string productFingerprint) => Hash($"{productFingerprint}\n{Email?.Trim() ?? ""}");

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
