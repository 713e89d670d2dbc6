namespace CheapTokens.Core.Payments.X402;

/// <summary>Why a payment was not accepted: a stable x402 code (<see cref="X402ErrorReasons"/>) and a sentence for a person.</summary>
public sealed record X402Refusal(string Code, string Message);
