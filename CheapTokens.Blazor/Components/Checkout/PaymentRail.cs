namespace CheapTokens.Blazor.Components.Checkout;

/// <summary>How the store takes money, as the buying components need to know it.</summary>
/// <param name="PaysInPage">The buyer types a card into the processor's element in the page (Stripe); otherwise a
/// named method is picked (the sandbox, a test tool).</param>
/// <param name="MinimumCharge">The processor's smallest charge; a smaller order is refused before its price is locked.</param>
/// <param name="InPageWindow">How long a placed order waits for the card before its credits go back on sale.</param>
public sealed record PaymentRail(bool PaysInPage, decimal MinimumCharge, TimeSpan InPageWindow);
