using CheapTokens.Blazor.Installation;

namespace CheapTokens.Blazor.Components.Layout;

/// <summary>The banner over every page of an install that is not wholly real; <see cref="Title"/> and <see cref="Notice"/> are null for a live store.</summary>
/// <param name="Title">"Demo store" or "Staging store".</param>
/// <param name="Notice">What is simulated and what is real, said plainly.</param>
public sealed record StoreBanner(string? Title, string? Notice, bool IsDemo)
{
    /// <summary>Money is simulated (the sandbox, the Stripe stand-in or Stripe's test mode): pages may offer test cards.</summary>
    public bool TestPayments { get; init; }

    public static StoreBanner Of(StoreMode mode) => new(mode.NoticeTitle, mode.Notice, mode.IsDemo) { TestPayments = !mode.PaymentsAreReal };
}
