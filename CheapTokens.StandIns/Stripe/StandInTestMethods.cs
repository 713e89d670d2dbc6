using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CheapTokens.StandIns.Stripe;

/// <summary>What paying with a method or card does in the stand-in.</summary>
public sealed record StandInOutcome(bool Succeeds, string? DeclineCode, string Message)
{
    public static readonly StandInOutcome Success = new(true, null, "");
    public static readonly StandInOutcome Declined = new(false, "generic_decline", "Your card was declined.");
    public static readonly StandInOutcome InsufficientFunds = new(false, "insufficient_funds", "Your card has insufficient funds.");
}

/// <summary>
/// Stripe's documented test payment methods and test cards, the only ones the stand-in takes. Any other card number
/// is declined the way Stripe's test mode declines a live card.
/// </summary>
public static class StandInTestMethods
{
    public const string Visa = "pm_card_visa";
    public const string ChargeDeclined = "pm_card_chargeDeclined";
    public const string ChargeDeclinedInsufficientFunds = "pm_card_chargeDeclinedInsufficientFunds";

    public const string SucceedingCard = "4242424242424242";
    public const string DeclinedCard = "4000000000000002";
    public const string InsufficientFundsCard = "4000000000009995";

    public static readonly IReadOnlyList<string> Methods = [Visa, ChargeDeclined, ChargeDeclinedInsufficientFunds];

    public static bool IsKnown(string paymentMethod) => Methods.Contains(paymentMethod) || paymentMethod.StartsWith("pm_ctsim", StringComparison.Ordinal);

    public static StandInOutcome OutcomeOf(string paymentMethod) => paymentMethod switch
    {
        ChargeDeclined => StandInOutcome.Declined,
        ChargeDeclinedInsufficientFunds => StandInOutcome.InsufficientFunds,
        _ => StandInOutcome.Success,
    };

    /// <summary>Reads the card the element sent; a malformed card is a 402 card_error that leaves the intent as it was.</summary>
    public static StandInReply? ReadCard(IFormCollection form, DateTimeOffset now, out StandInOutcome outcome)
    {
        outcome = StandInOutcome.Declined;
        var number = new string(form["payment_method_data[card][number]"].ToString().Where(c => c is not (' ' or '-')).ToArray());
        if (number.Length is < 12 or > 19 || !number.All(char.IsAsciiDigit) || !PassesLuhn(number))
            return CardError("incorrect_number", "Your card number is incorrect.", "number");

        if (!int.TryParse(form["payment_method_data[card][exp_month]"], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
            return CardError("invalid_expiry_month", "Your card's expiration month is invalid.", "exp_month");
        var yearText = form["payment_method_data[card][exp_year]"].ToString();
        if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || yearText.Length is not (2 or 4))
            return CardError("invalid_expiry_year", "Your card's expiration year is invalid.", "exp_year");
        if (year < 100) year += 2000;
        if (year < now.Year || (year == now.Year && month < now.Month))
            return CardError("expired_card", "Your card has expired.", "exp_month");
        if (year > now.Year + 50) return CardError("invalid_expiry_year", "Your card's expiration year is invalid.", "exp_year");

        var cvc = form["payment_method_data[card][cvc]"].ToString();
        if (cvc.Length is not (3 or 4) || !cvc.All(char.IsAsciiDigit))
            return CardError("invalid_cvc", "Your card's security code is invalid.", "cvc");

        outcome = number switch
        {
            SucceedingCard => StandInOutcome.Success,
            DeclinedCard => StandInOutcome.Declined,
            InsufficientFundsCard => StandInOutcome.InsufficientFunds,
            _ => new StandInOutcome(false, "test_mode_live_card",
                "Your card was declined. This is a test stand-in: use one of Stripe's test cards, such as 4242 4242 4242 4242."),
        };
        return null;
    }

    private static StandInReply CardError(string code, string message, string param)
    {
        var reply = StandInReply.Error(402, "card_error", code, message, save: false);
        var body = System.Text.Json.Nodes.JsonNode.Parse(reply.Body)!;
        body["error"]!["param"] = param;
        return reply with { Body = body.ToJsonString() };
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9) digit -= 9;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
