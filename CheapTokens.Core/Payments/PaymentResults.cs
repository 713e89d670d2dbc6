namespace CheapTokens.Core.Payments;

public enum PaymentFailureCode
{
    /// <summary>The issuer refused the card.</summary>
    Declined,

    InsufficientFunds,

    /// <summary>The processor failed; the same request may succeed later.</summary>
    ProcessorError,
}

public static class PaymentFailureCodes
{
    /// <summary>Wire names, as clients and the Payments table see them.</summary>
    public static string ToCode(this PaymentFailureCode code) => code switch
    {
        PaymentFailureCode.Declined => "declined",
        PaymentFailureCode.InsufficientFunds => "insufficient_funds",
        PaymentFailureCode.ProcessorError => "processor_error",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>The failure a wire code names; anything unknown is a plain decline.</summary>
    public static PaymentFailureCode FromCode(string? code) =>
        Enum.GetValues<PaymentFailureCode>().FirstOrDefault(c => c.ToCode() == code, PaymentFailureCode.Declined);
}
