using CheapTokens.Core.Orders;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Receipts;

/// <summary>The "Receipts" configuration section.</summary>
public sealed class ReceiptOptions
{
    public const string SectionName = "Receipts";

    /// <summary>Public address of the store, so a receipt carries a full link.</summary>
    public string StoreBaseUrl { get; set; } = "http://localhost:5130";
}

/// <summary>
/// The development mail sender: writes the receipt to the log instead of emailing it. It carries the
/// order link (which opens the key), never the key itself; a deployment replaces it with a real mailer.
/// </summary>
public sealed class ConsoleReceiptSender(IOptions<ReceiptOptions> options, ILogger<ConsoleReceiptSender> logger) : IReceiptSender
{
    public Task SendAsync(OrderReceipt receipt, CancellationToken cancellationToken)
    {
        logger.LogInformation("Receipt to {Email}: {Credits} credits for ${Total}. Your order and key: {Link}",
            receipt.Email, receipt.Credits, receipt.Total, options.Value.StoreBaseUrl.TrimEnd('/') + receipt.OrderPath);
        return Task.CompletedTask;
    }
}

public static class ReceiptServiceCollectionExtensions
{
    public static IServiceCollection AddReceipts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReceiptOptions>().Bind(configuration.GetSection(ReceiptOptions.SectionName))
            .Validate(o => CheapTokens.Blazor.Venice.VeniceOptions.AbsoluteHttpUrl(o.StoreBaseUrl) is not null, $"{ReceiptOptions.SectionName}:{nameof(ReceiptOptions.StoreBaseUrl)} must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddSingleton<IReceiptSender, ConsoleReceiptSender>();
        return services;
    }
}
