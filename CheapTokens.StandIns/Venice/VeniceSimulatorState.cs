using System.Security.Cryptography;
using CheapTokens.StandIns.Data;
using CheapTokens.Core.Venice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Venice;

/// <summary>What the simulator answers: a status, a JSON body, and for 429 the Retry-After seconds.</summary>
public sealed record VeniceSimulatorReply(int StatusCode, object Body, int? RetryAfterSeconds = null)
{
    public static VeniceSimulatorReply Error(int statusCode, string message, int? retryAfterSeconds = null) =>
        new(statusCode, new VeniceErrorWire(message), retryAfterSeconds);
}

/// <summary>Validated input of a key creation or update; null members are "not given".</summary>
public sealed record VeniceSimulatorKeySpec(
    string? Description,
    decimal? DiemLimit,
    decimal? UsdLimit,
    string? LimitPeriod,
    DateTimeOffset? ExpiresAt,
    bool ClearExpiry = false);

/// <summary>
/// The simulator's account. Keys, limits and usage live in the stand-ins' tables of the store's database (one context per operation), so a
/// key sold before a restart still works after it; secrets are kept only as SHA-256 hashes. The creation rate limit
/// and injected faults are per process by nature and stay in memory. All time comes from <see cref="TimeProvider"/>,
/// so tests expire keys and roll epochs by moving a clock.
/// </summary>
public sealed class VeniceSimulatorState
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>Ids are GUIDs; a longer one is simply unknown.</summary>
    private const int MaxIdLength = 64;

    private readonly object _faultGate = new();

    /// <summary>
    /// Serialises the account's writes in this process: the live-key cap and a key's limit are check-then-write,
    /// and two requests must not both pass the check. The stand-in runs in one process per database.
    /// </summary>
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private readonly TimeProvider _time;
    private readonly SimulatedVeniceOptions _options;
    private readonly IDbContextFactory<StandInsDbContext> _db;
    private readonly ILogger<VeniceSimulatorState> _logger;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recentCreates = new(StringComparer.Ordinal);

    /// <summary>Admin key → account: the default admin key is account "", each other account's key its own account.</summary>
    private readonly Dictionary<string, string> _accounts = new(StringComparer.Ordinal);
    private int _pending429;
    private int _pending500;
    private int _pendingUpdate429;
    private int _pendingUpdate500;
    private int _pendingUpdate400;
    private int _retryAfterSeconds;
    private int _delayMs;

    public VeniceSimulatorState(TimeProvider time, IOptions<SimulatedVeniceOptions> options, IDbContextFactory<StandInsDbContext> db, ILogger<VeniceSimulatorState> logger)
    {
        _time = time;
        _db = db;
        _logger = logger;
        var venice = options.Value;
        _options = venice;
        // The host's own Venice admin key: the simulator stands in for the account that key opens.
        AdminKey = venice.AdminKey;
        if (AdminKey.Length > 0) _accounts[AdminKey] = DefaultAccount;
        foreach (var account in venice.Accounts.Where(a => !string.IsNullOrEmpty(a.AdminKey))) _accounts.TryAdd(account.AdminKey, account.Name);
        InjectFaults(_options.FailFirstCreates429, _options.FailFirstCreates500, _options.RetryAfterSeconds, _options.DelayMs);
    }

    /// <summary>The default account's admin key (<see cref="SimulatedVeniceOptions.AdminKey"/>).</summary>
    public string AdminKey { get; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public decimal ChatCostDiem => _options.ChatCostDiem;

    public decimal ChatCostUsd => _options.ChatCostUsd;

    /// <summary>
    /// Replaces pending faults: the next <paramref name="fail429"/> key creations answer 429 with Retry-After,
    /// then the next <paramref name="fail500"/> answer 500; every request waits <paramref name="delayMs"/>.
    /// </summary>
    public void InjectFaults(int fail429 = 0, int fail500 = 0, int retryAfterSeconds = 1, int delayMs = 0)
    {
        lock (_faultGate)
        {
            _pending429 = Math.Max(fail429, 0);
            _pending500 = Math.Max(fail500, 0);
            _retryAfterSeconds = Math.Max(retryAfterSeconds, 0);
            _delayMs = Math.Max(delayMs, 0);
        }
    }

    public TimeSpan Delay
    {
        get { lock (_faultGate) return TimeSpan.FromMilliseconds(_delayMs); }
    }

    /// <summary>The account of <see cref="SimulatedVeniceOptions.AdminKey"/>.</summary>
    public const string DefaultAccount = "";

    public bool IsAdmin(string? bearer) => AccountOf(bearer) is not null;

    /// <summary>The account <paramref name="bearer"/> is the admin key of; null when it is none.</summary>
    public string? AccountOf(string? bearer)
    {
        if (bearer is null) return null;
        var given = System.Text.Encoding.UTF8.GetBytes(bearer);
        string? found = null;
        // Every admin key is compared in constant time, so timing tells nothing about which one nearly matched.
        foreach (var (key, account) in _accounts)
        {
            if (CryptographicOperations.FixedTimeEquals(given, System.Text.Encoding.UTF8.GetBytes(key))) found = account;
        }
        return found;
    }

    /// <summary>Injected faults first, then Venice's creation rate limit and active-key cap.</summary>
    public Task<VeniceSimulatorReply> CreateKeyAsync(VeniceSimulatorKeySpec spec, CancellationToken cancellationToken = default) =>
        CreateKeyAsync(DefaultAccount, spec, cancellationToken);

    /// <summary>Injected faults first, then Venice's creation rate limit and active-key cap, both per account.</summary>
    public async Task<VeniceSimulatorReply> CreateKeyAsync(string account, VeniceSimulatorKeySpec spec, CancellationToken cancellationToken = default)
    {
        if (TakeCreationFault(account) is { } fault) return fault;

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            await using var db = await _db.CreateDbContextAsync(cancellationToken);
            var live = await db.SimulatedVeniceKeys.CountAsync(
                k => k.Account == account && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now), cancellationToken);
            if (live >= _options.MaxLiveKeys)
            {
                return VeniceSimulatorReply.Error(400, $"Maximum of {_options.MaxLiveKeys} active API keys reached");
            }

            var secret = NewSecret();
            var key = new SimulatedVeniceKey
            {
                Id = Guid.NewGuid().ToString(),
                Account = account,
                SecretHash = Hash(secret),
                Last6Chars = secret[^6..],
                Description = spec.Description ?? "",
                DiemLimit = spec.DiemLimit,
                UsdLimit = spec.UsdLimit,
                LimitPeriod = spec.LimitPeriod,
                CreatedAt = now,
                ExpiresAt = spec.ExpiresAt,
            };
            db.SimulatedVeniceKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            _logger.LogInformation("Simulator minted key {KeyId}", key.Id);

            var created = new VeniceCreatedKeyWire(
                key.Id, secret, VeniceNames.InferenceKeyType, key.Description, new VeniceLimitsWire(key.UsdLimit, key.DiemLimit),
                key.LimitPeriod, FormatOrNull(key.ExpiresAt));
            return new VeniceSimulatorReply(200, new VeniceDataWire<VeniceCreatedKeyWire>(created, Success: true));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<VeniceSimulatorReply> ListKeysAsync(CancellationToken cancellationToken = default) => ListKeysAsync(DefaultAccount, cancellationToken);

    public async Task<VeniceSimulatorReply> ListKeysAsync(string account, CancellationToken cancellationToken = default)
    {
        await using var db = await _db.CreateDbContextAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var keys = await db.SimulatedVeniceKeys.AsNoTracking().Include(k => k.Spend).Where(k => k.Account == account && k.RevokedAt == null)
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken);
        return new VeniceSimulatorReply(200, new VeniceDataWire<List<VeniceKeyInfoWire>>(keys.Select(k => Describe(k, now)).ToList(), Object: "list"));
    }

    public Task<VeniceSimulatorReply> GetKeyAsync(string id, CancellationToken cancellationToken = default) => GetKeyAsync(DefaultAccount, id, cancellationToken);

    public async Task<VeniceSimulatorReply> GetKeyAsync(string account, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await _db.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, account, id, cancellationToken) is { } key
            ? new VeniceSimulatorReply(200, new VeniceDataWire<VeniceKeyInfoWire>(Describe(key, _time.GetUtcNow()), Success: true))
            : NotFound();
    }

    public Task<VeniceSimulatorReply> UpdateKeyAsync(string id, VeniceSimulatorKeySpec spec, CancellationToken cancellationToken = default) =>
        UpdateKeyAsync(DefaultAccount, id, spec, cancellationToken);

    public async Task<VeniceSimulatorReply> UpdateKeyAsync(string account, string id, VeniceSimulatorKeySpec spec, CancellationToken cancellationToken = default)
    {
        if (TakeUpdateFault() is { } fault) return fault;
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await _db.CreateDbContextAsync(cancellationToken);
            if (await FindAsync(db, account, id, cancellationToken) is not { } key) return NotFound();
            if (spec.Description is not null) key.Description = spec.Description;
            if (spec.DiemLimit is not null || spec.UsdLimit is not null)
            {
                key.DiemLimit = spec.DiemLimit;
                key.UsdLimit = spec.UsdLimit;
            }
            if (spec.LimitPeriod is not null) key.LimitPeriod = spec.LimitPeriod;
            if (spec.ExpiresAt is not null || spec.ClearExpiry) key.ExpiresAt = spec.ExpiresAt;
            await db.SaveChangesAsync(cancellationToken);
            _logger.LogInformation("Simulator updated key {KeyId}", key.Id);
            return new VeniceSimulatorReply(200, new VeniceDataWire<VeniceKeyInfoWire>(Describe(key, _time.GetUtcNow()), Success: true));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task<VeniceSimulatorReply> RevokeKeyAsync(string id, CancellationToken cancellationToken = default) => RevokeKeyAsync(DefaultAccount, id, cancellationToken);

    public async Task<VeniceSimulatorReply> RevokeKeyAsync(string account, string id, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await _db.CreateDbContextAsync(cancellationToken);
            if (await FindAsync(db, account, id, cancellationToken) is not { } key) return NotFound();
            key.RevokedAt = _time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            _logger.LogInformation("Simulator revoked key {KeyId}", key.Id);
            return new VeniceSimulatorReply(200, new { success = true });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Null when the bearer may call inference routes (a live inference key or the admin key).</summary>
    public async Task<VeniceSimulatorReply?> AuthorizeInferenceAsync(string? bearer, CancellationToken cancellationToken = default)
    {
        if (IsAdmin(bearer)) return null;
        await using var db = await _db.CreateDbContextAsync(cancellationToken);
        return await LiveKeyForAsync(db, bearer, _time.GetUtcNow(), cancellationToken) is null ? Unauthorized() : null;
    }

    /// <summary>
    /// Charges one chat completion to the key: 401 for an unknown, revoked or expired key, 402 when the charge
    /// would pass the key's limit for its period (EPOCH: the current UTC day). The admin key is not metered.
    /// </summary>
    public async Task<VeniceSimulatorReply?> ChargeChatCompletionAsync(string? bearer, CancellationToken cancellationToken = default)
    {
        if (IsAdmin(bearer)) return null;
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            await using var db = await _db.CreateDbContextAsync(cancellationToken);
            if (await LiveKeyForAsync(db, bearer, now, cancellationToken) is not { } key) return Unauthorized();

            var (usedDiem, usedUsd) = SpentInPeriod(key, now);
            if (usedDiem + ChatCostDiem > key.DiemLimit || usedUsd + ChatCostUsd > key.UsdLimit)
            {
                _logger.LogInformation("Simulator refused key {KeyId}: consumption limit reached", key.Id);
                return VeniceSimulatorReply.Error(402, "Insufficient balance: the API key's consumption limit has been reached");
            }

            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (key.Spend.Find(s => s.Day == today) is { } spend)
            {
                spend.Diem += ChatCostDiem;
                spend.Usd += ChatCostUsd;
            }
            else
            {
                key.Spend.Add(new SimulatedVeniceSpend { KeyId = key.Id, Day = today, Diem = ChatCostDiem, Usd = ChatCostUsd });
            }
            key.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The next pending fault, or Venice's per-minute creation limit; null when the creation may go ahead.</summary>
    private VeniceSimulatorReply? TakeCreationFault(string account)
    {
        lock (_faultGate)
        {
            if (_pending429 > 0)
            {
                _pending429--;
                _logger.LogInformation("Simulator injected 429 on key creation");
                return VeniceSimulatorReply.Error(429, "Rate limit exceeded", _retryAfterSeconds);
            }
            if (_pending500 > 0)
            {
                _pending500--;
                _logger.LogInformation("Simulator injected 500 on key creation");
                return VeniceSimulatorReply.Error(500, "Internal server error");
            }

            var now = _time.GetUtcNow();
            if (!_recentCreates.TryGetValue(account, out var recent)) _recentCreates[account] = recent = new Queue<DateTimeOffset>();
            while (recent.Count > 0 && now - recent.Peek() >= RateWindow) recent.Dequeue();
            if (recent.Count >= _options.RateLimitPerMinute)
            {
                var wait = RateWindow - (now - recent.Peek());
                _logger.LogInformation("Simulator rate-limited key creation");
                return VeniceSimulatorReply.Error(429, "API key creation is rate limited", Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
            }
            recent.Enqueue(now);
            return null;
        }
    }

    /// <summary>
    /// Replaces pending update faults: the next <paramref name="fail429"/> key updates answer 429 with Retry-After, then the
    /// next <paramref name="fail500"/> answer 500, then the next <paramref name="fail400"/> answer 400.
    /// </summary>
    public void InjectUpdateFaults(int fail429 = 0, int fail500 = 0, int fail400 = 0)
    {
        lock (_faultGate)
        {
            _pendingUpdate429 = Math.Max(fail429, 0);
            _pendingUpdate500 = Math.Max(fail500, 0);
            _pendingUpdate400 = Math.Max(fail400, 0);
        }
    }

    private VeniceSimulatorReply? TakeUpdateFault()
    {
        lock (_faultGate)
        {
            if (_pendingUpdate429 > 0)
            {
                _pendingUpdate429--;
                return VeniceSimulatorReply.Error(429, "Rate limit exceeded", _retryAfterSeconds);
            }
            if (_pendingUpdate500 > 0)
            {
                _pendingUpdate500--;
                return VeniceSimulatorReply.Error(500, "Internal server error");
            }
            if (_pendingUpdate400 > 0)
            {
                _pendingUpdate400--;
                return VeniceSimulatorReply.Error(400, "consumptionLimit could not be applied");
            }
            return null;
        }
    }

    private static async Task<SimulatedVeniceKey?> LiveKeyForAsync(StandInsDbContext db, string? bearer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(bearer)) return null;
        var hash = Hash(bearer);
        var key = await db.SimulatedVeniceKeys.Include(k => k.Spend).SingleOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
        return key is not null && key.IsLive(now) ? key : null;
    }

    private static async Task<SimulatedVeniceKey?> FindAsync(StandInsDbContext db, string account, string id, CancellationToken cancellationToken) =>
        id.Length > MaxIdLength ? null
            : await db.SimulatedVeniceKeys.Include(k => k.Spend)
                .SingleOrDefaultAsync(k => k.Id == id && k.Account == account && k.RevokedAt == null, cancellationToken);

    /// <summary>EPOCH renews at each UTC midnight, MONTH on the 1st; otherwise the limit is for the key's life.</summary>
    private static (decimal Diem, decimal Usd) SpentInPeriod(SimulatedVeniceKey key, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return key.LimitPeriod switch
        {
            VeniceNames.DailyLimitPeriod => Sum(key, day => day == today),
            "MONTH" => Sum(key, day => day.Year == today.Year && day.Month == today.Month),
            _ => Sum(key, _ => true),
        };
    }

    private static (decimal Diem, decimal Usd) Sum(SimulatedVeniceKey key, Func<DateOnly, bool> include)
    {
        var included = key.Spend.Where(s => include(s.Day)).ToList();
        return (included.Sum(s => s.Diem), included.Sum(s => s.Usd));
    }

    private static VeniceKeyInfoWire Describe(SimulatedVeniceKey key, DateTimeOffset now)
    {
        var firstDay = DateOnly.FromDateTime(now.AddDays(-7).UtcDateTime);
        var (diem, usd) = Sum(key, day => day > firstDay);
        return new VeniceKeyInfoWire(
            key.Id,
            VeniceNames.InferenceKeyType,
            key.Description,
            new VeniceLimitsWire(key.UsdLimit, key.DiemLimit),
            key.LimitPeriod,
            VeniceJson.FormatTimestamp(key.CreatedAt),
            FormatOrNull(key.ExpiresAt),
            key.Last6Chars,
            FormatOrNull(key.LastUsedAt),
            new VeniceUsageWire(new VeniceUsageAmountsWire(
                usd.ToString(System.Globalization.CultureInfo.InvariantCulture),
                diem.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static string? FormatOrNull(DateTimeOffset? value) => value is { } v ? VeniceJson.FormatTimestamp(v) : null;

    private static VeniceSimulatorReply NotFound() => VeniceSimulatorReply.Error(404, "API key not found");

    private static VeniceSimulatorReply Unauthorized() => VeniceSimulatorReply.Error(401, "Authentication failed");

    private static string NewSecret() => "sim_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}
