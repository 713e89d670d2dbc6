using System.Text.Json;
using CheapTokens.Core.Payments.X402;

namespace CheapTokens.StandIns.Facilitator;

/// <summary>The simulated network the stand-in settles on, as the host configures it.</summary>
public sealed record FacilitatorStandInNetwork(X402Network Network);

/// <summary>A <c>/verify</c> or <c>/settle</c> body as x402's facilitator client sends it.</summary>
public sealed record FacilitatorCall(int? X402Version, JsonElement? PaymentPayload, PaymentRequirements? PaymentRequirements);

public sealed record VerifyReply(bool IsValid, string? InvalidReason, string? Payer);

public sealed record RefundCall(string? Network, string? From, string? To, string? Value, string? IdempotencyKey);

public sealed record RefundReply(string Transaction);

public sealed record BalanceReply(string Address, string Balance, decimal Usdc);

public sealed record SupportedKind(int X402Version, string Scheme, string Network);

public sealed record SupportedReply(IReadOnlyList<SupportedKind> Kinds);
