using CheapTokens.Blazor.Http;
using CheapTokens.Core.Venice;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// Where the keys this install sells work, as the store says it: the footer, the storefront's introduction, /docs, the
/// key panel and the receipt all read it from here, so a demo never tells a buyer to call Venice with a key only the
/// simulator knows, and a live store never mentions a simulator. Made once from the store mode (Installation) and
/// Venice:BaseUrl.
/// </summary>
/// <param name="Simulated">The keys come from the simulated Venice this store serves itself.</param>
/// <param name="VeniceBaseUrl">Where real keys are called: the configured Venice API, without a trailing slash.</param>
public sealed record KeyEndpoint(bool Simulated, string VeniceBaseUrl)
{
    public static readonly KeyEndpoint Live = new(false, VeniceOptions.DefaultBaseUrl);

    public static KeyEndpoint From(bool veniceIsReal, VeniceOptions venice) => veniceIsReal
        ? new(false, (AbsoluteHttpUrl.Parse(venice.BaseUrl)?.ToString() ?? VeniceOptions.DefaultBaseUrl).TrimEnd('/'))
        : new(true, VeniceOptions.DefaultBaseUrl);

    /// <summary>
    /// The base URL a buyer points an OpenAI-compatible client at: Venice's, or the simulator under the store's own
    /// address (<paramref name="storeBaseUri"/>, as the buyer's browser reached it), absolute so a copied snippet works.
    /// </summary>
    public string BaseUrl(string storeBaseUri) => Simulated ? storeBaseUri.TrimEnd('/') + VeniceOptions.SimulatorPath : VeniceBaseUrl;

    /// <summary>The footer's sentence, and the one the docs open with.</summary>
    public string Sentence(string storeBaseUri) => Simulated
        ? $"Keys here are simulated: they work only against this demo's simulated Venice at {BaseUrl(storeBaseUri)}, not against Venice itself."
        : $"Keys are real Venice {VeniceNames.InferenceKeyType} keys: call {VeniceBaseUrl} directly.";

    /// <summary>Who meters the key's use, for the docs' prose.</summary>
    public string Server => Simulated ? "this demo's simulated Venice" : "Venice";
}
