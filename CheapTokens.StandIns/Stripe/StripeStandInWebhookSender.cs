using System.Text;
using CheapTokens.StandIns.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using EventUtility = global::Stripe.EventUtility;

namespace CheapTokens.StandIns.Stripe;

/// <summary>
/// Sends the stand-in's events from its outbox (a table, so nothing is lost in a restart), signed as Stripe signs
/// them, at least once: a delivery that is not answered 2xx is tried again after 1 s, 2 s, 4 s ... (at most 5 min)
/// until <see cref="StripeStandInOptions.WebhookMaxAttempts"/>. Delay, duplicate, reorder and drop come from
/// configuration. Waiting uses <see cref="TimeProvider"/>, so tests move retries on with their clock. With several
/// nodes every node runs a sender over the same outbox: each event is claimed before it is sent, by one conditional
/// update that moves its next attempt a lease's length ahead, so only the node whose update matched sends it (a node
/// that dies mid-send leaves the event to be sent again once the lease has run out).
/// </summary>
public sealed class StripeStandInWebhookSender(
    IDbContextFactory<StandInsDbContext> dbFactory,
    IHttpClientFactory httpFactory,
    StripeStandInKeys keys,
    StripeStandInOutboxSignal signal,
    IOptions<StripeStandInOptions> options,
    StripeStandInWebhookTarget target,
    TimeProvider clock,
    ILogger<StripeStandInWebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "stripe-sim-webhooks";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>How long a claimed event is left to the node that claimed it: longer than a delivery's time-out.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only a running stand-in sends webhooks.
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await SendDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The outbox is in the database: whatever failed here is tried again on the next round.
                logger.LogWarning(e, "The Stripe stand-in could not send its webhooks; trying again shortly");
                wait = TimeSpan.FromSeconds(5);
            }
            if (wait == TimeSpan.Zero) continue; // more is due already
            try
            {
                await signal.WaitAsync(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends every due event once; returns how long until the next one is due.</summary>
    public async Task<TimeSpan> SendDueAsync(CancellationToken cancellationToken)
    {
        var standIn = options.Value;
        if (target.TryResolve() is not { } url) return TimeSpan.FromSeconds(1); // not listening yet

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var due = await db.StandInEvents.Where(e => e.DeliveredAt == null && !e.Abandoned && e.NextAttemptAt <= now).ToListAsync(cancellationToken);
        var ordered = standIn.ReorderWebhooks ? due.OrderByDescending(e => e.Sequence) : due.OrderBy(e => e.Sequence);
        foreach (var stripeEvent in ordered)
        {
            if (!await ClaimAsync(db, stripeEvent, now, cancellationToken)) continue;
            var delivered = await SendAsync(url, stripeEvent, cancellationToken);
            if (delivered && standIn.DuplicateWebhooks) await SendAsync(url, stripeEvent, cancellationToken);
            now = clock.GetUtcNow();
            stripeEvent.Attempts++;
            if (delivered) stripeEvent.DeliveredAt = now;
            else if (stripeEvent.Attempts >= standIn.WebhookMaxAttempts)
            {
                stripeEvent.Abandoned = true;
                logger.LogWarning("The Stripe stand-in gave up sending event {EventId} ({EventType}) after {Attempts} attempts",
                    stripeEvent.Id, stripeEvent.Type, stripeEvent.Attempts);
            }
            else
            {
                var backoff = TimeSpan.FromSeconds(Math.Pow(2, stripeEvent.Attempts - 1));
                stripeEvent.NextAttemptAt = now + (backoff < MaxBackoff ? backoff : MaxBackoff);
            }
            await db.SaveChangesAsync(cancellationToken);
        }

        var next = await db.StandInEvents.Where(e => e.DeliveredAt == null && !e.Abandoned)
            .OrderBy(e => e.NextAttemptAt).Select(e => (DateTimeOffset?)e.NextAttemptAt).FirstOrDefaultAsync(cancellationToken);
        if (next is null) return Timeout.InfiniteTimeSpan;
        var until = next.Value - clock.GetUtcNow();
        return until > TimeSpan.Zero ? until : TimeSpan.Zero;
    }

    /// <summary>
    /// Moves the event's next attempt a lease ahead if it is still as read (due, neither delivered nor abandoned, not
    /// attempted since): true for the one sender whose update matched.
    /// </summary>
    private static async Task<bool> ClaimAsync(StandInsDbContext db, StandInEvent stripeEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (id, attempts, due) = (stripeEvent.Id, stripeEvent.Attempts, stripeEvent.NextAttemptAt);
        var leasedUntil = now + ClaimLease;
        var claimed = await db.StandInEvents
            .Where(e => e.Id == id && e.DeliveredAt == null && !e.Abandoned && e.Attempts == attempts && e.NextAttemptAt == due)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.NextAttemptAt, leasedUntil), cancellationToken);
        return claimed == 1;
    }

    private async Task<bool> SendAsync(Uri url, StandInEvent stripeEvent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(stripeEvent.Payload, Encoding.UTF8, "application/json"),
        };
        // Stripe's scheme, computed by the library: t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{body}">.
        request.Headers.TryAddWithoutValidation("Stripe-Signature",
            EventUtility.GenerateSignatureHeader(stripeEvent.Payload, keys.WebhookSecret, clock.GetUtcNow().ToUnixTimeSeconds()));
        try
        {
            using var response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode) return true;
            logger.LogInformation("Webhook {EventId} ({EventType}) answered {Status}; will retry", stripeEvent.Id, stripeEvent.Type, (int)response.StatusCode);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Webhook {EventId} ({EventType}) was not delivered ({Error}); will retry", stripeEvent.Id, stripeEvent.Type, e.Message);
            return false;
        }
    }
}
