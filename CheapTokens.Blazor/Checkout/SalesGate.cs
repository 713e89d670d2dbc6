using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Checkout;

/// <summary>One pause or resume of sales, as an operator set it. Rows are only added: the newest is the state now.</summary>
public sealed class SalesPauseChange
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public bool Paused { get; set; }

    /// <summary>What buyers are told while sales are paused; null for a resume.</summary>
    public string? Reason { get; set; }

    /// <summary>The operator who changed it.</summary>
    public string ChangedBy { get; set; } = "";
}

/// <summary>Whether the store sells now. <paramref name="Reason"/> is set while sales are paused.</summary>
public sealed record SalesState(string? Reason, DateTimeOffset? Since)
{
    public static readonly SalesState Open = new(null, null);

    public bool Paused => Reason is not null;
}

/// <summary>
/// The pause switch for sales, kept in the store's database. Quotes and orders ask it before anything else; the price
/// board carries it to every open page and the hub. Read from memory; re-read from the database on every price tick,
/// so every process follows a change made in another within one tick.
/// </summary>
public sealed class SalesGate(IDbContextFactory<StoreDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxReasonLength = 200;

    private volatile SalesState? _state;

    public async ValueTask<SalesState> CurrentAsync(CancellationToken cancellationToken) => _state ?? await RefreshAsync(cancellationToken);

    public async Task<SalesState> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.SalesPauses.AsNoTracking().OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        return _state = last is { Paused: true } ? new SalesState(last.Reason ?? "Sales are paused.", last.At) : SalesState.Open;
    }

    /// <summary>The message for a reason an operator typed, or null when it is fine.</summary>
    public static string? CheckReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? "Say why sales are paused: buyers read it."
        : reason.Trim().Length > MaxReasonLength ? $"Keep the reason under {MaxReasonLength} characters."
        : null;

    /// <summary>
    /// Pauses sales with <paramref name="reason"/> (or changes the reason), or resumes them when it is null.
    /// Returns the state before, or null when nothing changed (the same request twice). <paramref name="alsoInTransaction"/>
    /// runs in the change's transaction (the operator console's audit entry), so both commit or neither.
    /// </summary>
    public async Task<SalesState?> SetAsync(string? reason, string changedBy, CancellationToken cancellationToken,
        Func<StoreDbContext, SalesState, Task>? alsoInTransaction = null)
    {
        reason = reason?.Trim();
        if (reason is not null && CheckReason(reason) is { } error) throw new ArgumentException(error, nameof(reason));
        var before = await RefreshAsync(cancellationToken);
        if (before.Reason == reason) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var change = new SalesPauseChange { At = clock.GetUtcNow(), Paused = reason is not null, Reason = reason, ChangedBy = changedBy };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.SalesPauses.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        if (alsoInTransaction is not null) await alsoInTransaction(db, before);
        await transaction.CommitAsync(cancellationToken);
        _state = reason is null ? SalesState.Open : new SalesState(reason, change.At);
        return before;
    }
}
