namespace CheapTokens.Core.Payments.X402;

/// <summary>The constants of x402 protocol version 1 as the npm <c>x402</c> 1.2.0 package speaks it.</summary>
public static class X402Protocol
{
    public const int Version = 1;

    /// <summary>The only scheme of version 1: the payer authorizes exactly the required amount.</summary>
    public const string ExactScheme = "exact";

    /// <summary>The request header that carries the signed payment (base64 of the JSON payment payload).</summary>
    public const string PaymentHeader = "X-PAYMENT";

    /// <summary>The response header that carries the settlement record (base64 of its JSON).</summary>
    public const string PaymentResponseHeader = "X-PAYMENT-RESPONSE";

    /// <summary>USDC has 6 decimals on every network x402 lists.</summary>
    public const int UsdcDecimals = 6;
}
