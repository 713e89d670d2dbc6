using System.Text.Json;

namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// One way to pay, as x402's <c>PaymentRequirementsSchema</c> types it. <see cref="MaxAmountRequired"/> is a string of
/// the asset's atomic units (USDC: millionths of a dollar); <see cref="Extra"/> carries the asset's EIP-712 domain name
/// and version, which the client signs with.
/// </summary>
public sealed record PaymentRequirements
{
    public required string Scheme { get; init; }
    public required string Network { get; init; }
    public required string MaxAmountRequired { get; init; }
    public required string Resource { get; init; }
    public required string Description { get; init; }
    public required string MimeType { get; init; }
    public JsonElement? OutputSchema { get; init; }
    public required string PayTo { get; init; }
    public required int MaxTimeoutSeconds { get; init; }
    public required string Asset { get; init; }
    public PaymentRequirementsExtra? Extra { get; init; }
}

/// <summary>The asset's EIP-712 domain name and version (USDC's contracts use version "2").</summary>
public sealed record PaymentRequirementsExtra(string Name, string Version);
