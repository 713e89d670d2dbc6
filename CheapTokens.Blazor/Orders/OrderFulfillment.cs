using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Venice;

namespace CheapTokens.Blazor.Orders;

/// <summary>What the provisioning worker needs to mint a key for one run of an order.</summary>
/// <param name="Credits">The key's consumption limit: the credits bought, or a pass's diem per day.</param>
/// <param name="Resumed">This run was handed out before without a key being recorded (e.g. the worker restarted):
/// look for a key with <paramref name="KeyDescription"/> on Venice before minting another.</param>
/// <param name="LimitPeriod">Pass on to <c>VeniceKeyRequest.LimitPeriod</c>: <see cref="VeniceNames.DailyLimitPeriod"/> for a pass (the limit renews
/// every UTC day), null for credits (a one-off limit).</param>
/// <param name="RunNumber">1-based run within the order.</param>
public sealed record ProvisioningJob(
    Guid OrderId,
    Guid OrderKeyId,
    int Credits,
    DateTimeOffset ExpiresAt,
    string KeyDescription,
    bool Resumed,
    string? LimitPeriod = null,
    int RunNumber = 1);

/// <summary>Answer of <see cref="OrderFulfillment.StartNextRunAsync"/>.</summary>
public abstract record NextRun
{
    /// <summary>Mint this key now.</summary>
    public sealed record Due(ProvisioningJob Job) : NextRun;

    /// <summary>Every remaining run starts later: schedule the order again at <paramref name="MintAt"/>.</summary>
    public sealed record NotYet(Guid OrderId, Guid OrderKeyId, DateTimeOffset MintAt) : NextRun;

    /// <summary>Nothing to mint: the order is not Paid/Provisioning (fulfilled, failed, refunded...) or has no run left.</summary>
    public sealed record Nothing(OrderStatus Status) : NextRun;
}

/// <summary>A run waiting for its key (see <see cref="OrderStore.ListRunsDueAsync"/>).</summary>
public sealed record ScheduledRun(Guid OrderId, Guid OrderKeyId, int RunNumber, DateTimeOffset MintAt);

/// <summary>
/// The provisioning worker's side of an order. Every call is a legal, persisted state transition, so a paid
/// order ends either with its key (Fulfilled) or with its money back (Refunded).
/// </summary>
public sealed class OrderFulfillment(
    OrderStore orders, IKeyVault keyVault, TimeProvider clock, ILogger<OrderFulfillment> logger, StoreMetrics? metrics = null)
{
    /// <summary>Every key this store mints is described with this prefix, so sweeps and reconciliation touch only ours.</summary>
    public const string KeyDescriptionPrefix = "cheaptokens order ";

    /// <summary>Venice key description for an order: fits Venice's 64 characters and finds the key again after a restart.</summary>
    public static string KeyDescriptionFor(Guid orderId) => $"{KeyDescriptionPrefix}{orderId:N}";

    /// <summary>
    /// Description of one run's key: credits orders keep <see cref="KeyDescriptionFor(Guid)"/>; a pass's runs add
    /// " run N" (56 characters at most), so revoking one run's leftovers never touches another run's live key.
    /// </summary>
    public static string KeyDescriptionFor(Order order, OrderKey run) =>
        order.Product == Product.Pass ? $"{KeyDescriptionFor(order.Id)} run {run.RunNumber}" : KeyDescriptionFor(order.Id);

    /// <summary>The order a key description names, or null when the key is not one of this store's.</summary>
    public static Guid? OrderIdOf(string description) =>
        description.StartsWith(KeyDescriptionPrefix, StringComparison.Ordinal)
        && description.Length >= KeyDescriptionPrefix.Length + 32
        && Guid.TryParseExact(description.AsSpan(KeyDescriptionPrefix.Length, 32), "N", out var orderId)
            ? orderId
            : null;

    /// <summary>
    /// Hands out the next scheduled run whose MintAt has come (Paid → Provisioning on the first), or says when the
    /// next one is due, or that nothing is left. Asking again for a run handed out before answers it as Resumed.
    /// A pass with some runs minted and later ones waiting stays Provisioning until its last run is minted.
    /// </summary>
    public async Task<NextRun> StartNextRunAsync(Guid orderId, CancellationToken cancellationToken)
    {
        NextRun? answer = null;
        await orders.ChangeAsync(orderId, o =>
        {
            if (o.Status is not (OrderStatus.Paid or OrderStatus.Provisioning) || o.NextScheduledRun is not { } next)
            {
                answer = new NextRun.Nothing(o.Status);
                return;
            }
            var run = o.StartNextRun(clock.GetUtcNow(), out var resumed);
            answer = run is null
                ? new NextRun.NotYet(o.Id, next.Id, next.MintAt)
                : new NextRun.Due(JobFor(o, run, resumed));
        }, cancellationToken);
        return answer!;
    }

    /// <summary>Stores the minted key of run <paramref name="orderKeyId"/> encrypted; the order becomes Fulfilled once every run has its key.</summary>
    public Task<Order> RecordKeyAsync(Guid orderId, Guid orderKeyId, string veniceKeyId, string apiKey, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        RecordKeyAsync(orderId, orderKeyId, veniceKeyId, apiKey, expiresAt, veniceAccount: null, cancellationToken);

    /// <param name="veniceAccount">The Venice account the key lives on (by configured name); null for the default account.</param>
    public async Task<Order> RecordKeyAsync(
        Guid orderId, Guid orderKeyId, string veniceKeyId, string apiKey, DateTimeOffset expiresAt, string? veniceAccount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        var sealedKey = keyVault.Protect(apiKey);
        var order = await orders.ChangeAsync(orderId,
            o => o.RecordKey(orderKeyId, veniceKeyId, sealedKey, ApiKeyHint.Of(apiKey), expiresAt, clock.GetUtcNow(), veniceAccount),
            cancellationToken);
        logger.LogInformation("Order {OrderId} run {OrderKeyId} is {Status} with Venice key {VeniceKeyId}", order.Id, orderKeyId, order.Status, veniceKeyId);
        metrics?.KeyRecorded(order, orderKeyId);
        return order;
    }

    private static ProvisioningJob JobFor(Order order, OrderKey run, bool resumed) =>
        new(order.Id, run.Id, run.Credits, run.ExpiresAt, KeyDescriptionFor(order, run), resumed,
            LimitPeriod: order.Product == Product.Pass ? VeniceNames.DailyLimitPeriod : null,
            RunNumber: run.RunNumber);
}
