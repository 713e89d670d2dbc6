using System.Globalization;
using System.Text;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using CheapTokens.Core.Time;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// CSV exports for the books: orders and payments created in a UTC date range, one row each, no secrets (no token, no
/// key, no idempotency key). Every export is audited. An export is a form post (antiforgery-checked) carrying a fresh
/// authenticator or recovery code, so a signed-in browser alone cannot take the books away.
/// </summary>
public static class ConsoleExport
{
    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapConsoleExport(this IEndpointRouteBuilder endpoints)
    {
        var export = endpoints.MapGroup("/admin/export").RequireAuthorization(OperatorConsoleServiceCollectionExtensions.OperatorPolicy).ExcludeFromDescription();
        export.MapPost("/orders.csv", ([FromForm] string? from, [FromForm] string? to, [FromForm] string? code, IDbContextFactory<StoreDbContext> db, OperatorStepUp stepUp, OperatorAudit audit, HttpContext context) =>
            ExportAsync("orders", from, to, code, context, stepUp, audit, (start, end, ct) => OrdersAsync(db, start, end, ct)));
        export.MapPost("/payments.csv", ([FromForm] string? from, [FromForm] string? to, [FromForm] string? code, IDbContextFactory<StoreDbContext> db, OperatorStepUp stepUp, OperatorAudit audit, HttpContext context) =>
            ExportAsync("payments", from, to, code, context, stepUp, audit, (start, end, ct) => PaymentsAsync(db, start, end, ct)));
        return endpoints;
    }

    /// <summary>Where a refused code sends the browser back to: the export page, saying so.</summary>
    public const string RefusedPath = "/admin/export?refused=true";

    private static async Task<IResult> ExportAsync(
        string what, string? from, string? to, string? code, HttpContext context, OperatorStepUp stepUp, OperatorAudit audit,
        Func<DateTimeOffset, DateTimeOffset, CancellationToken, Task<(string Csv, int Rows)>> export)
    {
        var errors = new FieldErrors();
        var first = Date(from, "from", errors);
        var last = Date(to, "to", errors);
        if (errors.Count == 0 && first > last) errors.Add("to", "to must not be before from.");
        if (errors.Count == 0 && last.DayNumber - first.DayNumber + 1 > MaxDays) errors.Add("to", $"Export at most {MaxDays} days at a time.");
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        // After the range is checked, so a mistyped date does not spend the code.
        var check = await stepUp.CheckAsync(context.User, $"export {what}", code ?? "", context.RequestAborted);
        if (!check.Allowed) return Results.Redirect(RefusedPath);

        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var (csv, rows) = await export(start, end, context.RequestAborted);
        var range = $"{IsoDate.Format(first)}..{IsoDate.Format(last)}";
        await audit.RecordAsync($"export {what}", null, $"{range}, {rows} rows", context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"cheaptokens-{what}-{IsoDate.Format(first)}-{IsoDate.Format(last)}.csv");
    }

    private static DateOnly Date(string? text, string field, FieldErrors errors)
    {
        if (IsoDate.TryParse(text, out var date)) return date;
        errors.Add(field, $"{field} must be a UTC date, YYYY-MM-DD.");
        return default;
    }

    public static async Task<(string Csv, int Rows)> OrdersAsync(IDbContextFactory<StoreDbContext> dbFactory, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var orders = await db.Orders.AsNoTracking().Include(o => o.Keys).Where(o => o.CreatedAt >= start && o.CreatedAt < end)
            .OrderBy(o => o.CreatedAt).ToListAsync(cancellationToken);
        var csv = new StringBuilder();
        Line(csv, "order_id", "created_at", "status", "product", "credits", "diem_per_day", "unit_price", "total", "email", "payment_method",
            "charge_id", "paid_at", "fulfilled_at", "failed_at", "refund_id", "refunded_at", "needs_attention", "failure_code", "failure_reason", "key_ends");
        foreach (var o in orders)
            Line(csv, o.Id.ToString(), Utc(o.CreatedAt), o.Status.ToString(), o.Product.ToString(), Num(o.Credits), o.DiemPerDay is { } d ? Num(d) : "",
                Money(o.UnitPrice), Money(o.Total), o.Email, o.PaymentMethod, o.ChargeId, Utc(o.PaidAt), Utc(o.FulfilledAt), Utc(o.FailedAt), o.RefundId,
                Utc(o.RefundedAt), o.NeedsAttention ? "true" : "false", o.FailureCode, o.FailureReason,
                string.Join(" ", o.Runs.Where(k => k.ApiKeyHint is not null).Select(k => k.ApiKeyHint)));
        return (csv.ToString(), orders.Count);
    }

    public static async Task<(string Csv, int Rows)> PaymentsAsync(IDbContextFactory<StoreDbContext> dbFactory, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payments = await db.Payments.AsNoTracking().Where(p => p.CreatedAt >= start && p.CreatedAt < end)
            .OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        var csv = new StringBuilder();
        Line(csv, "payment_id", "order_id", "created_at", "updated_at", "state", "method", "amount", "charge_id", "refund_id", "refund_attempts", "failure_code", "message");
        foreach (var p in payments)
            Line(csv, p.Id.ToString(), p.OrderId.ToString(), Utc(p.CreatedAt), Utc(p.UpdatedAt), p.State.ToString(), p.Method, Money(p.Amount), p.ChargeId,
                p.RefundId, Num(p.RefundAttempts), p.FailureCode, p.Message);
        return (csv.ToString(), payments.Count);
    }

    private static string Utc(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    private static string Money(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, params string?[] fields)
    {
        csv.AppendJoin(',', fields.Select(Field));
        csv.Append("\r\n");
    }

    /// <summary>RFC 4180 quoting; a text starting like a formula is prefixed with ' so a spreadsheet shows it rather than runs it.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
