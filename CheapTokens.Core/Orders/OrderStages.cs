namespace CheapTokens.Core.Orders;

/// <summary>
/// Where an order, or one of its keys, stands in the words a buyer, an operator and an API client all read: the one
/// status vocabulary of the store (see <see cref="OrderStages"/> for the word, icon and colour of each).
/// </summary>
public enum OrderStage
{
    /// <summary>Placed; the payment has not gone through yet.</summary>
    AwaitingPayment,

    /// <summary>The payment was refused or never reached the processor; nothing was charged.</summary>
    Declined,

    /// <summary>Charged; the key is queued (or, for a pass, no run of dates has started yet).</summary>
    Paid,

    /// <summary>A pass's key whose dates have not started: it is issued at 00:00 UTC on its first date.</summary>
    Scheduled,

    /// <summary>The key is being created on Venice.</summary>
    IssuingKey,

    /// <summary>A pass with a key out and later runs of dates still to come.</summary>
    PartlyReady,

    /// <summary>Every key is out (or, for one key, this one is).</summary>
    Ready,

    /// <summary>A key past its expiry.</summary>
    Expired,

    /// <summary>A key revoked on Venice before its expiry.</summary>
    Revoked,

    /// <summary>No key could be issued after payment; the refund is on its way.</summary>
    RefundDue,

    /// <summary>The payment was returned.</summary>
    Refunded,
}

/// <summary>How a status is drawn beside its word; the pages draw each as an icon, never colour alone.</summary>
public enum StatusIcon
{
    Hourglass,
    Blocked,
    Paid,
    Calendar,
    Working,
    PartKey,
    Check,
    TimerOff,
    KeyOff,
    Warning,
    Returned,
}

/// <summary>The colour family of a status: grey, blue, green, amber or red.</summary>
public enum StatusTone
{
    Neutral,
    Progress,
    Success,
    Warning,
    Danger,
}

/// <param name="Word">What every page, the API's statusText and the receipt call it.</param>
public sealed record StageLook(OrderStage Stage, string Word, StatusIcon Icon, StatusTone Tone);

/// <summary>
/// The store's one status vocabulary: each <see cref="OrderStage"/> with its word, icon and colour, and how an order's
/// <see cref="OrderStatus"/> and its key runs map onto it. The buyer's pages, the console, the API and the receipt all
/// read it from here, so a pass whose first key is out says the same everywhere.
/// </summary>
public static class OrderStages
{
    private static readonly Dictionary<OrderStage, StageLook> Looks = new StageLook[]
    {
        new(OrderStage.AwaitingPayment, "Awaiting payment", StatusIcon.Hourglass, StatusTone.Neutral),
        new(OrderStage.Declined, "Declined", StatusIcon.Blocked, StatusTone.Danger),
        new(OrderStage.Paid, "Paid", StatusIcon.Paid, StatusTone.Progress),
        new(OrderStage.Scheduled, "Scheduled", StatusIcon.Calendar, StatusTone.Neutral),
        new(OrderStage.IssuingKey, "Issuing key", StatusIcon.Working, StatusTone.Progress),
        new(OrderStage.PartlyReady, "Partly ready", StatusIcon.PartKey, StatusTone.Success),
        new(OrderStage.Ready, "Ready", StatusIcon.Check, StatusTone.Success),
        new(OrderStage.Expired, "Expired", StatusIcon.TimerOff, StatusTone.Neutral),
        new(OrderStage.Revoked, "Revoked", StatusIcon.KeyOff, StatusTone.Danger),
        new(OrderStage.RefundDue, "Refund due", StatusIcon.Warning, StatusTone.Warning),
        new(OrderStage.Refunded, "Refunded", StatusIcon.Returned, StatusTone.Neutral),
    }.ToDictionary(l => l.Stage);

    /// <summary>Every stage in order, for the documentation's table.</summary>
    public static IReadOnlyList<StageLook> All { get; } = Enum.GetValues<OrderStage>().Select(s => Looks[s]).ToList();

    public static StageLook Look(OrderStage stage) => Looks[stage];

    public static string Word(OrderStage stage) => Looks[stage].Word;

    /// <summary>
    /// The order as a whole. <paramref name="keysOut"/> counts its issued keys: a pass that is still being provisioned
    /// (later runs wait for their dates) but has a key out is <see cref="OrderStage.PartlyReady"/>.
    /// </summary>
    public static OrderStage Of(OrderStatus status, int keysOut) => status switch
    {
        OrderStatus.Created => OrderStage.AwaitingPayment,
        OrderStatus.Declined => OrderStage.Declined,
        OrderStatus.Paid or OrderStatus.Provisioning when keysOut > 0 => OrderStage.PartlyReady,
        OrderStatus.Paid => OrderStage.Paid,
        OrderStatus.Provisioning => OrderStage.IssuingKey,
        OrderStatus.Fulfilled => OrderStage.Ready,
        OrderStatus.Failed => OrderStage.RefundDue,
        OrderStatus.Refunded => OrderStage.Refunded,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// One key run of an order at <paramref name="now"/>: a run not yet due is scheduled, a due one is being issued,
    /// an issued one is ready until it expires or is revoked; a run that never got its key says what became of the order.
    /// </summary>
    public static OrderStage OfRun(OrderStatus orderStatus, OrderKeyStatus runStatus, DateTimeOffset mintAt, DateTimeOffset expiresAt,
        bool revoked, DateTimeOffset now) => runStatus switch
    {
        OrderKeyStatus.Minted when revoked => OrderStage.Revoked,
        OrderKeyStatus.Minted when now >= expiresAt => OrderStage.Expired,
        OrderKeyStatus.Minted => OrderStage.Ready,
        OrderKeyStatus.Scheduled when orderStatus is OrderStatus.Paid or OrderStatus.Provisioning =>
            mintAt > now ? OrderStage.Scheduled : OrderStage.IssuingKey,
        // A run never issued: planned for an order not yet paid, or left behind by a declined or refunded one.
        _ => Of(orderStatus, keysOut: 0),
    };
}
