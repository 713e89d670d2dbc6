using CheapTokens.Core.Passes;
using CheapTokens.Core.Time;

namespace CheapTokens.Core.Orders;

/// <summary>
/// A purchase and its state machine (<see cref="OrderTransitions"/>). State only changes through the
/// transition methods, which throw <see cref="InvalidOperationException"/> on an illegal move.
/// The keys live in child <see cref="OrderKey"/> runs: a credits order gets its one run when paid; a pass plans
/// one run per run of consecutive dates when created. A pass stays <see cref="OrderStatus.Provisioning"/> while
/// some runs are minted and later ones wait for their day, and is Fulfilled once every run has its key.
/// </summary>
public sealed class Order
{
    private readonly List<OrderKey> _keys = [];

    private Order()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>
    /// The buyer's unguessable handle on the order (see <see cref="OrderToken"/>), present only on the instance that
    /// created or renewed it: the store keeps just <see cref="TokenHash"/>, so an order read back has none.
    /// </summary>
    public string? Token { get; private set; }

    /// <summary>SHA-256 of the token (<see cref="OrderToken.Hash"/>): what is stored and looked up.</summary>
    public string TokenHash { get; private set; } = "";

    /// <summary>The client's Idempotency-Key: one order per key, however often it is submitted.</summary>
    public string IdempotencyKey { get; private set; } = "";

    public Guid QuoteId { get; private set; }

    public string Email { get; private set; } = "";

    public string PaymentMethod { get; private set; } = "";

    /// <summary>The method of an order paid by the buyer in the page (a card typed into the processor's element).</summary>
    public const string InPagePayment = "in_page";

    /// <summary>The buyer confirms the charge in the page: a declined card there can be followed by another.</summary>
    public bool PaysInPage => PaymentMethod == InPagePayment;

    public Product Product { get; private set; }

    /// <summary>Credits bought; for a pass diem per day × dates (for display).</summary>
    public int Credits { get; private set; }

    /// <summary>A pass's per-UTC-day diem limit (each run's key limit, renewed every UTC day); null for credits.</summary>
    public int? DiemPerDay { get; private set; }

    /// <summary>For a pass the average unit price over its dates.</summary>
    public decimal UnitPrice { get; private set; }

    public decimal Total { get; private set; }

    /// <summary>The UTC day whose supply this order draws on (the quote's day; a pass: its first date).</summary>
    public DateOnly SupplyDate { get; private set; }

    public OrderStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public string? ChargeId { get; private set; }

    /// <summary>Machine-readable reason of a decline (the payment failure code).</summary>
    public string? FailureCode { get; private set; }

    /// <summary>Human-readable reason of a decline or a failed provisioning.</summary>
    public string? FailureReason { get; private set; }

    public DateTimeOffset? FulfilledAt { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    public string? RefundId { get; private set; }

    public DateTimeOffset? RefundedAt { get; private set; }

    /// <summary>
    /// The order holds its credits in the day's supply. Set in the transaction that reserves them and cleared in the
    /// one that gives them back, so a resumed or retried order never reserves twice and releases exactly once.
    /// </summary>
    public bool HoldsSupply { get; private set; }

    /// <summary>Its refund was refused for good: nothing retries it any more, a person has to settle it.</summary>
    public bool NeedsAttention { get; private set; }

    public IReadOnlyList<OrderKey> Keys => _keys;

    /// <summary>Runs in run order (the collection itself comes back from the database in any order).</summary>
    public IReadOnlyList<OrderKey> Runs => _keys.OrderBy(k => k.RunNumber).ToList();

    /// <summary>
    /// When access ends once paid: credits perish at the first UTC midnight after payment; a pass at the
    /// 00:00 UTC after its last date.
    /// </summary>
    public DateTimeOffset? KeyExpiresAt => PaidAt is null ? null
        : Product == Product.Pass && _keys.Count > 0 ? _keys.Max(k => k.ExpiresAt)
        : CreditsKeyExpiry;

    /// <summary>A credits key stops at the end of the UTC day it was sold for: the next midnight after payment.</summary>
    private DateTimeOffset CreditsKeyExpiry => UtcDay.StartOf(SupplyDate.AddDays(1));

    /// <summary>The supply dates this order holds credits on: one for a credits order, every covered date for a pass.</summary>
    public IReadOnlyCollection<DateOnly> ReservedDates => Product == Product.Pass
        ? _keys.SelectMany(k => new DateRun(k.DateFrom, k.DateTo).Dates).Distinct().Order().ToList()
        : [SupplyDate];

    /// <summary>Credits held on each of <see cref="ReservedDates"/>: a pass holds its diem per day on every date.</summary>
    public int CreditsPerReservedDate => Product == Product.Pass ? DiemPerDay!.Value : Credits;

    public static Order Create(Quote quote, string email, string paymentMethod, string idempotencyKey, DateTimeOffset now)
    {
        var token = OrderToken.New();
        var order = new Order
        {
            Id = Guid.NewGuid(),
            Token = token,
            TokenHash = OrderToken.Hash(token),
            IdempotencyKey = idempotencyKey,
            QuoteId = quote.Id,
            Email = email,
            PaymentMethod = paymentMethod,
            Product = quote.Product,
            Credits = quote.Credits,
            DiemPerDay = quote.DiemPerDay,
            UnitPrice = quote.UnitPrice,
            Total = quote.Total,
            SupplyDate = quote.SupplyDate,
            Status = OrderStatus.Created,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (quote.Product == Product.Pass) order.PlanPassRuns(quote, now);
        return order;
    }

    /// <summary>One run per run of consecutive dates, each limited to the diem per day and expiring after its last date.</summary>
    private void PlanPassRuns(Quote quote, DateTimeOffset now)
    {
        var diemPerDay = quote.DiemPerDay ?? throw new InvalidOperationException($"Pass quote {quote.Id} has no diem per day.");
        var runs = DateRuns.Split(quote.DatesInOrder().Select(d => d.Date).ToList());
        if (runs.Count == 0) throw new InvalidOperationException($"Pass quote {quote.Id} has no dates.");
        for (var i = 0; i < runs.Count; i++)
            _keys.Add(OrderKey.Schedule(Id, runNumber: i + 1, runs[i].From, runs[i].To, diemPerDay,
                mintAt: DateRuns.MintAt(runs[i], now), expiresAt: DateRuns.ExpiresAt(runs[i])));
    }

    /// <summary>
    /// The charge went through. A credits order gets its key scheduled now, valid until the next UTC midnight;
    /// a pass keeps the runs planned when it was created.
    /// </summary>
    public void MarkPaid(string chargeId, DateTimeOffset paidAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargeId);
        MoveTo(OrderStatus.Paid, paidAt);
        ChargeId = chargeId;
        PaidAt = paidAt;
        if (Product == Product.Pass) return;
        // The key is for the day whose price and supply were sold, even when the charge completes just after
        // midnight: then it is already expired, and the worker refunds instead of handing out a fresh day cheaply.
        _keys.Add(OrderKey.Schedule(Id, runNumber: 1, SupplyDate, SupplyDate, Credits, mintAt: paidAt, expiresAt: CreditsKeyExpiry));
    }

    /// <summary>The earliest run still waiting for its key, due or not; null when none is left.</summary>
    public OrderKey? NextScheduledRun => _keys.Where(k => k.Status == OrderKeyStatus.Scheduled).MinBy(k => k.RunNumber);

    /// <summary>
    /// Hands out the next scheduled run if it is due (<see cref="OrderKey.MintAt"/> &lt;= <paramref name="now"/>):
    /// Paid → Provisioning on the first hand-out. Null, with no change, when the next run is not due yet or
    /// nothing is left. <paramref name="resumed"/> is true when this run was handed out before and no key was
    /// recorded (an interrupted attempt may have left a key on Venice).
    /// </summary>
    public OrderKey? StartNextRun(DateTimeOffset now, out bool resumed)
    {
        resumed = false;
        if (Status is not (OrderStatus.Paid or OrderStatus.Provisioning))
            throw new InvalidOperationException($"Order {Id} is {Status}; only a paid order can be provisioned.");
        var run = NextScheduledRun;
        if (run is null || run.MintAt > now) return null;
        if (Status == OrderStatus.Paid) StartProvisioning(now);
        else UpdatedAt = now;
        resumed = run.ProvisioningStartedAt is not null;
        run.MarkHandedOut(now);
        return run;
    }

    /// <summary>Records that the order's credits were just reserved (same transaction as the reservation).</summary>
    public void MarkSupplyHeld()
    {
        if (HoldsSupply) throw new InvalidOperationException($"Order {Id} already holds its supply.");
        HoldsSupply = true;
    }

    /// <summary>Clears the hold; true when there was one to give back (the caller releases the credits in the same transaction).</summary>
    public bool TakeSupplyRelease()
    {
        if (!HoldsSupply) return false;
        HoldsSupply = false;
        return true;
    }

    /// <summary>The refund was refused for good; the order stays where it is and waits for a person.</summary>
    public void FlagForAttention(string reason, DateTimeOffset at)
    {
        NeedsAttention = true;
        FailureReason = reason;
        UpdatedAt = at;
    }

    /// <summary>A person settled what the order was flagged for (e.g. its refund went through on a second try).</summary>
    public void ClearAttention(DateTimeOffset at)
    {
        if (!NeedsAttention) return;
        NeedsAttention = false;
        UpdatedAt = at;
    }

    /// <summary>Every key the order was given has been revoked (true when it was given none).</summary>
    public bool KeysAllRevoked => _keys.Where(k => k.Status == OrderKeyStatus.Minted).All(k => k.RevokedAt is not null);

    /// <summary>Records that these runs' keys were revoked on Venice; returns the runs newly marked.</summary>
    public IReadOnlyList<OrderKey> MarkKeysRevoked(IReadOnlyCollection<Guid> orderKeyIds, DateTimeOffset at)
    {
        var marked = _keys.Where(k => orderKeyIds.Contains(k.Id) && k.MarkRevoked(at)).ToList();
        if (marked.Count > 0) UpdatedAt = at;
        return marked;
    }

    public void Decline(string failureCode, string? message, DateTimeOffset at)
    {
        MoveTo(OrderStatus.Declined, at);
        FailureCode = failureCode;
        FailureReason = message;
    }

    public void StartProvisioning(DateTimeOffset at) => MoveTo(OrderStatus.Provisioning, at);

    /// <summary>Stores the key of run <paramref name="orderKeyId"/>; the order is fulfilled once no run is left to mint.</summary>
    public OrderKey RecordKey(Guid orderKeyId, string veniceKeyId, string protectedApiKey, string apiKeyHint, DateTimeOffset expiresAt, DateTimeOffset at, string? veniceAccount = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(veniceKeyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(protectedApiKey);
        if (Status != OrderStatus.Provisioning)
            throw new InvalidOperationException($"Order {Id} is {Status}; a key can only be recorded while provisioning.");
        var run = _keys.FirstOrDefault(k => k.Id == orderKeyId)
                  ?? throw new InvalidOperationException($"Order {Id} has no key run {orderKeyId}.");
        run.RecordMinted(veniceKeyId, protectedApiKey, apiKeyHint, expiresAt, at, veniceAccount);
        if (_keys.All(k => k.Status == OrderKeyStatus.Minted))
        {
            MoveTo(OrderStatus.Fulfilled, at);
            FulfilledAt = at;
        }
        else
        {
            UpdatedAt = at;
        }
        return run;
    }

    /// <summary>Provisioning gave up; the only way on is <see cref="MarkRefunded"/>.</summary>
    public void Fail(string reason, DateTimeOffset at)
    {
        MoveTo(OrderStatus.Failed, at);
        FailureReason = reason;
        FailedAt = at;
        foreach (var key in _keys) key.Cancel();
    }

    /// <summary>The money went back: a failed order, or a fulfilled one whose keys were all revoked first.</summary>
    public void MarkRefunded(string refundId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        if (Status == OrderStatus.Fulfilled && !KeysAllRevoked)
            throw new InvalidOperationException($"Order {Id} still has a live key; revoke it before refunding.");
        MoveTo(OrderStatus.Refunded, at);
        RefundId = refundId;
        RefundedAt = at;
    }

    private void MoveTo(OrderStatus next, DateTimeOffset at)
    {
        if (!OrderTransitions.IsAllowed(Status, next))
            throw new InvalidOperationException($"Order {Id} cannot go from {Status} to {next}.");
        Status = next;
        UpdatedAt = at;
    }
}
