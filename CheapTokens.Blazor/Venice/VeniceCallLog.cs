using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Venice;

/// <summary>
/// One HTTP attempt at Venice's key-management API made on an order's behalf, for the order's timeline in the console.
/// Holds the key's public Venice id at most: never a key, never the admin key.
/// </summary>
public sealed class VeniceCall
{
    private VeniceCall()
    {
    }

    public VeniceCall(Guid orderId, DateTimeOffset at, string operation, string? veniceKeyId, int attempt, int? httpStatus, string outcome, string? error, int durationMs)
    {
        OrderId = orderId;
        At = at;
        Operation = operation;
        VeniceKeyId = veniceKeyId;
        Attempt = attempt;
        HttpStatus = httpStatus;
        Outcome = outcome;
        Error = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
        DurationMs = durationMs;
    }

    public const int MaxErrorLength = 200;

    public long Id { get; private set; }

    public Guid OrderId { get; private set; }

    /// <summary>When the attempt was sent (UTC).</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>create key, update key, revoke key, list keys, get key.</summary>
    public string Operation { get; private set; } = "";

    public string? VeniceKeyId { get; private set; }

    /// <summary>1 for the first try; retries of the same call count up.</summary>
    public int Attempt { get; private set; }

    /// <summary>Null when Venice did not answer (connection error, timeout).</summary>
    public int? HttpStatus { get; private set; }

    /// <summary>ok, already gone, retried, refused, failed, or the kind of failure when Venice did not answer.</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>What Venice said was wrong (its error text, shortened, admin key blanked); null on success.</summary>
    public string? Error { get; private set; }

    public int DurationMs { get; private set; }
}

/// <summary>Where the Venice client reports its calls once a call is over. Never throws: a lost record must never fail an order.</summary>
public interface IVeniceCallRecorder
{
    Task RecordAsync(IReadOnlyList<VeniceCall> calls);
}

/// <summary>
/// The recorded Venice calls (table VeniceCalls): one small insert per call, read by the console, pruned by maintenance.
/// Without the store's database (the Venice client used on its own) nothing is recorded.
/// </summary>
public sealed class VeniceCallLog(ILogger<VeniceCallLog> logger, IDbContextFactory<StoreDbContext>? databases = null) : IVeniceCallRecorder
{
    private IDbContextFactory<StoreDbContext> Databases =>
        databases ?? throw new InvalidOperationException("The Venice call log needs the store's database: register AddStorePersistence.");

    /// <summary>How long calls are kept: long enough to look into any order of the last weeks.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    public async Task RecordAsync(IReadOnlyList<VeniceCall> calls)
    {
        if (calls.Count == 0 || databases is null) return;
        try
        {
            // Not the caller's token: a call that happened is recorded even when its caller is being cancelled.
            await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
            db.VeniceCalls.AddRange(calls);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not record {Count} Venice calls for order {OrderId}: {Failure}", calls.Count, calls[0].OrderId, ex.GetType().Name);
        }
    }

    public async Task<IReadOnlyList<VeniceCall>> ForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellationToken);
        return await db.VeniceCalls.AsNoTracking().Where(c => c.OrderId == orderId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <returns>How many calls older than <paramref name="cutoff"/> were deleted.</returns>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var db = await Databases.CreateDbContextAsync(cancellationToken);
        return await db.VeniceCalls.Where(c => c.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
