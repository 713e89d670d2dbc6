using System.Globalization;
using System.Text.Json;

namespace CheapTokens.Core.Payments.X402;

/// <summary>
/// The <c>exact</c> USDC requirement for a quote: its total in atomic units, paid to the store's address on the
/// configured network, to be signed within the quote's remaining life.
/// </summary>
public static class PaymentRequirementsBuilder
{
    public const string JsonMimeType = "application/json";

    /// <param name="quoteTotalUsd">The quote's total; must be a whole number of USDC atomic units (see <see cref="UsdcAmount"/>).</param>
    /// <param name="resource">The absolute URL being paid for.</param>
    /// <param name="quoteRemaining">How long the quote still holds: the client's authorization will not outlive it.</param>
    public static PaymentRequirements Build(
        decimal quoteTotalUsd,
        Uri resource,
        string description,
        string payTo,
        X402Network network,
        TimeSpan quoteRemaining,
        string mimeType = JsonMimeType,
        JsonElement? outputSchema = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quoteTotalUsd);
        if (!resource.IsAbsoluteUri)
            throw new ArgumentException($"The resource '{resource}' is not an absolute URL.", nameof(resource));
        if (!EvmAddress.IsChecksumValidOrSingleCase(payTo))
            throw new ArgumentException(
                $"The pay-to address '{payTo}' is not an address (0x and 40 hex digits, with a valid checksum when in mixed case).", nameof(payTo));

        // The client makes its authorization valid for maxTimeoutSeconds from when it signs: rounded down, that is never
        // longer than the quote's life. A life within the facilitator's margin leaves no time to settle at all.
        var timeoutSeconds = (int)Math.Min(int.MaxValue, Math.Floor(quoteRemaining.TotalSeconds));
        if (timeoutSeconds <= X402PaymentVerifier.ValidBeforeMargin.TotalSeconds)
            throw new ArgumentOutOfRangeException(nameof(quoteRemaining), quoteRemaining,
                $"The quote expires in {quoteRemaining.TotalSeconds:0.#} s, too soon for a payment to be signed and settled.");

        return new PaymentRequirements
        {
            Scheme = X402Protocol.ExactScheme,
            Network = network.Name,
            MaxAmountRequired = UsdcAmount.ToAtomicUnits(quoteTotalUsd).ToString(CultureInfo.InvariantCulture),
            Resource = resource.AbsoluteUri,
            Description = description,
            MimeType = mimeType,
            OutputSchema = outputSchema,
            PayTo = payTo,
            MaxTimeoutSeconds = timeoutSeconds,
            Asset = network.AssetAddress,
            Extra = new PaymentRequirementsExtra(network.AssetDomainName, network.AssetDomainVersion),
        };
    }
}
