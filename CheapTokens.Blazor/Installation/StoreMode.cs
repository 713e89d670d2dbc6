using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.Blazor.Venice;

namespace CheapTokens.Blazor.Installation;

public enum StoreModeName
{
    /// <summary>Simulated Venice and simulated payments: nothing is charged and no key works against Venice.</summary>
    Demo,

    /// <summary>A deliberate mix (Store:Mode=Staging), or a mix in Development.</summary>
    Staging,

    /// <summary>Real Venice keys for real payments.</summary>
    Live,
}

/// <summary>
/// What is real in this install: the one answer the banner, the docs page and the key panel ask for. Worked out from
/// the Venice and payment settings; a mix of real and simulated refuses to start outside Development unless declared
/// with Store:Mode=Staging, because real keys for test cards (or real charges for keys that do not work) are never an
/// accident worth having.
/// </summary>
public sealed record StoreMode(StoreModeName Name, string? SimulatedVenice, string? SimulatedPayments)
{
    public const string StandInVenice = "a stand-in Venice";
    public const string PaymentSandbox = "the payment sandbox";
    public const string StripeStandInPayments = "a Stripe stand-in that takes Stripe's test cards";
    public const string StripeTestMode = "Stripe in test mode, which takes only Stripe's test cards";

    public static readonly StoreMode Demo = new(StoreModeName.Demo, StandInVenice, PaymentSandbox);

    public bool VeniceIsReal => SimulatedVenice is null;

    public bool PaymentsAreReal => SimulatedPayments is null;

    public bool IsDemo => Name == StoreModeName.Demo;

    public bool IsLive => Name == StoreModeName.Live;

    /// <summary>The banner's title: "Demo store" or "Staging store"; null for a live store.</summary>
    public string? NoticeTitle => Name switch
    {
        StoreModeName.Demo => "Demo store",
        StoreModeName.Staging => "Staging store",
        _ => null,
    };

    /// <summary>What is simulated and what is real, said plainly; null for a live store.</summary>
    public string? Notice => Name == StoreModeName.Live ? null : (SimulatedVenice, SimulatedPayments) switch
    {
        ({ } keys, { } money) => $"keys and money are simulated ({keys} and {money}). Nothing here is charged.",
        ({ } keys, null) => $"keys are simulated ({keys}): they do not work against Venice. Payments are real: cards are charged.",
        (null, { } money) => $"keys are real Venice keys; money is simulated ({money}). Nothing here is charged.",
        _ => "keys are real Venice keys and payments are real: cards are charged.",
    };

    /// <summary>
    /// The mode these settings make, and what is wrong with them as an install: <see cref="StoreModeDecision.Refusal"/>
    /// outside Development, <see cref="StoreModeDecision.Warning"/> in it. Never quotes a secret.
    /// </summary>
    public static StoreModeDecision Decide(StoreModeOptions store, VeniceOptions venice, PaymentsOptions payments, StripeOptions stripe,
        bool keyRingEncrypted, bool isDevelopment)
    {
        var keys = VeniceSide(venice);
        var money = PaymentSide(payments, stripe);
        var actual = (keys.Simulated, money.Simulated) switch
        {
            (true, true) => StoreModeName.Demo,
            (false, false) => StoreModeName.Live,
            _ => StoreModeName.Staging,
        };
        var declared = store.Declared;
        var mode = new StoreMode(declared ?? actual, keys.Simulated ? keys.Description : null, money.Simulated ? money.Description : null);
        const string modeKey = $"{StoreModeOptions.SectionName}:{nameof(StoreModeOptions.Mode)}";

        string? problem = null;
        if (declared is StoreModeName.Demo or StoreModeName.Live && declared != actual)
        {
            var (wrong, fix) = declared == StoreModeName.Demo
                ? (new[] { keys, money }.Where(s => !s.Simulated), (Func<Side, string>)(s => s.ToSimulate))
                : (new[] { keys, money }.Where(s => s.Simulated), s => s.ToMakeReal);
            problem = $"{modeKey} is {declared}, but {string.Join(" and ", wrong.Select(s => s.Because))}. " +
                      $"Set {string.Join("; and ", wrong.Select(fix))}; or change {modeKey}.";
        }
        else if (declared is null && actual == StoreModeName.Staging)
        {
            var risk = keys.Simulated
                ? $"This install would charge real cards ({money.Because}) for simulated keys that do not work against Venice ({keys.Because})."
                : $"This install would sell real Venice keys ({keys.Because}) for simulated payments ({money.Because}): anyone could get real keys with a test card.";
            problem = $"{risk} Choose one: for a live store set {(keys.Simulated ? keys.ToMakeReal : money.ToMakeReal)}; " +
                      $"for a demo set {(keys.Simulated ? money.ToSimulate : keys.ToSimulate)}; for a deliberate mix set {modeKey}=Staging.";
        }
        else if (mode.Name != StoreModeName.Demo && !keyRingEncrypted)
        {
            problem = $"A {mode.Name.ToString().ToLowerInvariant()} store keeps real secrets, and its Data Protection key ring (which encrypts buyers' " +
                      "keys and signs the operator's sign-in) would be stored unencrypted: set Storage:KeyRingCertificatePath to a .pfx file " +
                      "with its private key, kept outside the data folder and the database, and its password in Storage:KeyRingCertificatePassword.";
        }

        if (problem is null) return new StoreModeDecision(mode, null, null);
        return isDevelopment
            ? new StoreModeDecision(mode, null, problem + " (Allowed in the Development environment only.)")
            : new StoreModeDecision(mode, problem, null);
    }

    /// <param name="Because">The settings that make this side what it is.</param>
    private sealed record Side(bool Simulated, string Description, string Because, string ToMakeReal, string ToSimulate);

    private const string VeniceToReal = $"Venice:Simulator:Enabled=false, Venice:BaseUrl={VeniceOptions.DefaultBaseUrl} and Venice:AdminKey";
    private const string VeniceToSimulate = $"Venice:Simulator:Enabled=true and Venice:BaseUrl={VeniceOptions.SimulatorPath}";
    private const string PaymentsToReal = $"Payments:Processor=Stripe, Payments:Stripe:ApiBase={StripeOptions.RealApiBase} and live keys " +
                                          "(Payments:Stripe:SecretKey sk_live_..., Payments:Stripe:PublishableKey, Payments:Stripe:WebhookSecret)";
    private const string PaymentsToSimulate = $"Payments:Processor=Sandbox (or Payments:Stripe:ApiBase={StripeOptions.StandInPath})";

    /// <summary>
    /// Simulated when the client calls a simulator: this app's own (an empty or relative base with the simulator on) or
    /// any address under the simulator's path (another node's); any other absolute base is a real Venice.
    /// </summary>
    private static Side VeniceSide(VeniceOptions venice)
    {
        if (AbsoluteHttpUrl.Parse(venice.BaseUrl) is { } url)
        {
            var simulator = url.AbsolutePath.TrimEnd('/').StartsWith(VeniceOptions.SimulatorPath, StringComparison.Ordinal);
            var because = simulator ? $"Venice:BaseUrl={url} is a simulated Venice"
                : venice.Simulator.Enabled ? $"Venice:BaseUrl={url}, which is no simulator" : $"Venice:Simulator:Enabled=false with Venice:BaseUrl={url}";
            return new Side(simulator, simulator ? StandInVenice : "Venice", because, VeniceToReal, VeniceToSimulate);
        }
        return venice.Simulator.Enabled
            ? new Side(true, StandInVenice, "Venice:Simulator:Enabled=true", VeniceToReal, VeniceToSimulate)
            : new Side(false, "Venice", "Venice:Simulator:Enabled=false", VeniceToReal, VeniceToSimulate);
    }

    /// <summary>Real only when Stripe itself is called with a live-mode key: Stripe's test mode takes test cards.</summary>
    private static Side PaymentSide(PaymentsOptions payments, StripeOptions stripe)
    {
        if (payments.Processor == PaymentsOptions.SandboxProcessor)
            return new Side(true, PaymentSandbox, "Payments:Processor=Sandbox", PaymentsToReal, PaymentsToSimulate);
        if (stripe.UsesStandIn)
            return new Side(true, StripeStandInPayments, $"Payments:Stripe:ApiBase={stripe.ApiBase} is the app's own Stripe stand-in", PaymentsToReal, PaymentsToSimulate);
        if (!IsLiveStripeKey(stripe.SecretKey))
            return new Side(true, StripeTestMode, "Payments:Stripe:SecretKey is a test-mode key", PaymentsToReal, PaymentsToSimulate);
        return new Side(false, "Stripe", $"Payments:Stripe:ApiBase={stripe.ApiBase} with a live key", PaymentsToReal, PaymentsToSimulate);
    }

    private static bool IsLiveStripeKey(string secretKey) =>
        secretKey.StartsWith("sk_live_", StringComparison.Ordinal) || secretKey.StartsWith("rk_live_", StringComparison.Ordinal);
}

/// <param name="Refusal">Why the app must not start; null when it may.</param>
/// <param name="Warning">What would be refused outside Development; null when nothing.</param>
public sealed record StoreModeDecision(StoreMode Mode, string? Refusal, string? Warning);
