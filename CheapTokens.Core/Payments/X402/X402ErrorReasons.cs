namespace CheapTokens.Core.Payments.X402;

/// <summary>The refusal codes the store uses, each one of the names in x402's <c>ErrorReasons</c>.</summary>
public static class X402ErrorReasons
{
    /// <summary>The header is absent or not a well-formed payment (not base64, not JSON, a field missing or malformed).</summary>
    public const string InvalidPayload = "invalid_payload";
    public const string InvalidX402Version = "invalid_x402_version";
    public const string UnsupportedScheme = "unsupported_scheme";
    public const string InvalidNetwork = "invalid_network";
    /// <summary>The requirement handed to verification does not describe the network it is checked on.</summary>
    public const string InvalidPaymentRequirements = "invalid_payment_requirements";
    public const string InvalidSignature = "invalid_exact_evm_payload_signature";
    public const string RecipientMismatch = "invalid_exact_evm_payload_recipient_mismatch";
    public const string AuthorizationValue = "invalid_exact_evm_payload_authorization_value";
    public const string AuthorizationValidBefore = "invalid_exact_evm_payload_authorization_valid_before";
    public const string AuthorizationValidAfter = "invalid_exact_evm_payload_authorization_valid_after";
}
