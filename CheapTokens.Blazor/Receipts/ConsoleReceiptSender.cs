using System.Globalization;
using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Scaling;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Receipts;

/// <summary>The "Receipts" configuration section.</summary>
public sealed class ReceiptOptions
{
    public const string SectionName = "Receipts";

    /// <summary>Public address of the store, so a receipt carries a full link. Empty: the address the app listens on.</summary>
    public string StoreBaseUrl { get; set; } = "";

    /// <param name="severalNodes">
    /// Redis or PostgreSQL is configured: the store may run on several nodes, and a node's own address is not the one
    /// buyers use (nor the same on every node), so the public address must be set.
    /// </param>
    public IReadOnlyList<string> Validate(bool severalNodes = false)
    {
        if (string.IsNullOrWhiteSpace(StoreBaseUrl))
        {
            return severalNodes
                ? [$"{SectionName}:{nameof(StoreBaseUrl)} (environment variable {SectionName}__{nameof(StoreBaseUrl)}) must be set to the store's public address " +
                   "(e.g. https://cheaptokens.example) when it runs on several nodes (Redis:Configuration set or Database:Provider Postgres): " +
                   "receipts and order links would otherwise point at one node's own address."]
                : [];
        }
        return AbsoluteHttpUrl.Parse(StoreBaseUrl) is not null
            ? []
            : [$"{SectionName}:{nameof(StoreBaseUrl)} must be empty or an absolute http(s) URL (was '{StoreBaseUrl}')."];
    }
}

/// <summary>
/// The stand-in mailer, on only while the store sells simulated Venice keys (a demo): it writes the receipt, with
/// the order link that opens the buyer's key, to standard output, marked as a simulated email. It never goes
/// through the logs.
/// </summary>
public sealed class ConsoleReceiptSender(AppAddress address, IOptions<ReceiptOptions> options, KeyEndpoint keys, TextWriter output) : IReceiptSender
{
    public async Task SendAsync(OrderReceipt receipt, CancellationToken cancellationToken)
    {
        var store = address.PublicBaseUrl(options.Value.StoreBaseUrl);
        var text =
            $"""
             ---- Simulated email (the Venice stand-in is on, so no mail is sent) ----
             To: {receipt.Email}
             Your CheapTokens order: {receipt.Credits} credits for ${receipt.Total.ToString("0.00", CultureInfo.InvariantCulture)}.
             Status: {OrderStages.Word(receipt.Stage)}
             Your order and its key: {store}{receipt.OrderPath}
             {keys.Sentence(store)}
             -------------------------------------------------------------------------
             """;
        await output.WriteLineAsync(text.AsMemory(), cancellationToken);
    }
}

public static class ReceiptServiceCollectionExtensions
{
    private static bool SeveralNodes(IConfiguration configuration) =>
        (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions()).Enabled
        || (configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions()).IsPostgres;

    public static IServiceCollection AddReceipts(this IServiceCollection services, IConfiguration configuration)
    {
        // The configuration is read when the options are validated (at start), so settings added after this call count.
        services.AddValidatedOptions<ReceiptOptions>(configuration.GetSection(ReceiptOptions.SectionName), o => o.Validate(SeveralNodes(configuration)));
        services.TryAddSingleton<AppAddress>();
        services.AddSingleton<IReceiptSender>(sp => sp.GetRequiredService<IOptions<VeniceOptions>>().Value.Simulator.Enabled
            ? new ConsoleReceiptSender(sp.GetRequiredService<AppAddress>(), sp.GetRequiredService<IOptions<ReceiptOptions>>(), sp.GetRequiredService<KeyEndpoint>(), Console.Out)
            : ActivatorUtilities.CreateInstance<UnsentReceiptSender>(sp));
        return services;
    }
}
