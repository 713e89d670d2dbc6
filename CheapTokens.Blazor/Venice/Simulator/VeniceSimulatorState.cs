using System.Security.Cryptography;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Venice.Simulator;

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
/// The simulator's in-memory account: keys, usage, creation rate limit and injected faults. Thread-safe;
/// all time comes from <see cref="TimeProvider"/>, so tests expire keys and roll epochs by moving a clock.
/// </summary>
public sealed class VeniceSimulatorState
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>Bounds the request log so a long-running demo does not grow without end.</summary>

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly VeniceSimulatorOptions _options;
    private readonly ILogger<VeniceSimulatorState> _logger;
    private readonly Dictionary<string, SimulatedKey> _keysById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimulatedKey> _keysBySecret = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recentCreates = new();
    private int _pending429;
    private int _pending500;
    private int _retryAfterSeconds;
    private int _delayMs;

    public VeniceSimulatorState(TimeProvider time, IOptions<VeniceOptions> options, ILogger<VeniceSimulatorState> logger)
    {
        _time = time;
        _logger = logger;
        var venice = options.Value;
        _options = venice.Simulator;
        // Settled by AddVenice's post-configuration: Venice:AdminKey, else the generated key in the data folder.
        AdminKey = venice.AdminKey;
        InjectFaults(_options.FailFirstCreates429, _options.FailFirstCreates500, _options.RetryAfterSeconds, _options.DelayMs);
    }

    /// <summary>The only key admin routes accept (Venice:AdminKey, else the one generated into the data folder).</summary>
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
        lock (_gate)
        {
            _pending429 = Math.Max(fail429, 0);
            _pending500 = Math.Max(fail500, 0);
            _retryAfterSeconds = Math.Max(retryAfterSeconds, 0);
            _delayMs = Math.Max(delayMs, 0);
        }
    }

    public TimeSpan Delay
    {
        get { lock (_gate) return TimeSpan.FromMilliseconds(_delayMs); }
    }


    public bool IsAdmin(string? bearer) =>
        bearer is not null && AdminKey.Length > 0 && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(bearer), System.Text.Encoding.UTF8.GetBytes(AdminKey));

    /// <summary>Injected faults first, then Venice's creation rate limit and active-key cap.</summary>
    public VeniceSimulatorReply CreateKey(VeniceSimulatorKeySpec spec)
    {
        lock (_gate)
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
            while (_recentCreates.Count > 0 && now - _recentCreates.Peek() >= RateWindow) _recentCreates.Dequeue();
            if (_recentCreates.Count >= _options.RateLimitPerMinute)
            {
                var wait = RateWindow - (now - _recentCreates.Peek());
                _logger.LogInformation("Simulator rate-limited key creation");
                return VeniceSimulatorReply.Error(429, "API key creation is rate limited", Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
            }
            _recentCreates.Enqueue(now);

            if (LiveKeys(now).Count() >= _options.MaxLiveKeys)
            {
                return VeniceSimulatorReply.Error(400, $"Maximum of {_options.MaxLiveKeys} active API keys reached");
            }

            var key = new SimulatedKey(Guid.NewGuid().ToString(), NewSecret(), now)
            {
                Description = spec.Description ?? "",
                DiemLimit = spec.DiemLimit,
                UsdLimit = spec.UsdLimit,
                LimitPeriod = spec.LimitPeriod,
                ExpiresAt = spec.ExpiresAt,
            };
            _keysById.Add(key.Id, key);
            _keysBySecret.Add(key.Secret, key);
            _logger.LogInformation("Simulator minted key {KeyId}", key.Id);

            var created = new VeniceCreatedKeyWire(
                key.Id, key.Secret, VeniceNames.InferenceKeyType, key.Description, new VeniceLimitsWire(key.UsdLimit, key.DiemLimit),
                key.LimitPeriod, FormatOrNull(key.ExpiresAt));
            return new VeniceSimulatorReply(200, new VeniceDataWire<VeniceCreatedKeyWire>(created, Success: true));
        }
    }

    public VeniceSimulatorReply ListKeys()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var keys = _keysById.Values.Where(k => !k.Revoked).OrderBy(k => k.CreatedAt).Select(k => Describe(k, now)).ToList();
            return new VeniceSimulatorReply(200, new VeniceDataWire<List<VeniceKeyInfoWire>>(keys, Object: "list"));
        }
    }

    public VeniceSimulatorReply GetKey(string id)
    {
        lock (_gate)
        {
            return Find(id) is { } key
                ? new VeniceSimulatorReply(200, new VeniceDataWire<VeniceKeyInfoWire>(Describe(key, _time.GetUtcNow()), Success: true))
                : NotFound();
        }
    }

    public VeniceSimulatorReply UpdateKey(string id, VeniceSimulatorKeySpec spec)
    {
        lock (_gate)
        {
            if (Find(id) is not { } key) return NotFound();
            if (spec.Description is not null) key.Description = spec.Description;
            if (spec.DiemLimit is not null || spec.UsdLimit is not null)
            {
                key.DiemLimit = spec.DiemLimit;
                key.UsdLimit = spec.UsdLimit;
            }
            if (spec.LimitPeriod is not null) key.LimitPeriod = spec.LimitPeriod;
            if (spec.ExpiresAt is not null || spec.ClearExpiry) key.ExpiresAt = spec.ExpiresAt;
            _logger.LogInformation("Simulator updated key {KeyId}", key.Id);
            return new VeniceSimulatorReply(200, new VeniceDataWire<VeniceKeyInfoWire>(Describe(key, _time.GetUtcNow()), Success: true));
        }
    }

    public VeniceSimulatorReply RevokeKey(string id)
    {
        lock (_gate)
        {
            if (Find(id) is not { } key) return NotFound();
            key.Revoked = true;
            _keysBySecret.Remove(key.Secret);
            _logger.LogInformation("Simulator revoked key {KeyId}", key.Id);
            return new VeniceSimulatorReply(200, new { success = true });
        }
    }

    /// <summary>Null when the bearer may call inference routes (a live inference key or the admin key).</summary>
    public VeniceSimulatorReply? AuthorizeInference(string? bearer)
    {
        if (IsAdmin(bearer)) return null;
        lock (_gate) return LiveKeyFor(bearer, _time.GetUtcNow()) is null ? Unauthorized() : null;
    }

    /// <summary>
    /// Charges one chat completion to the key: 401 for an unknown, revoked or expired key, 402 when the charge
    /// would pass the key's limit for its period (EPOCH: the current UTC day). The admin key is not metered.
    /// </summary>
    public VeniceSimulatorReply? ChargeChatCompletion(string? bearer)
    {
        if (IsAdmin(bearer)) return null;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (LiveKeyFor(bearer, now) is not { } key) return Unauthorized();

            var (usedDiem, usedUsd) = key.SpentInPeriod(now);
            if (usedDiem + ChatCostDiem > key.DiemLimit || usedUsd + ChatCostUsd > key.UsdLimit)
            {
                _logger.LogInformation("Simulator refused key {KeyId}: consumption limit reached", key.Id);
                return VeniceSimulatorReply.Error(402, "Insufficient balance: the API key's consumption limit has been reached");
            }
            key.Charge(now, ChatCostDiem, ChatCostUsd);
            return null;
        }
    }

    private IEnumerable<SimulatedKey> LiveKeys(DateTimeOffset now) => _keysById.Values.Where(k => k.IsLive(now));

    private SimulatedKey? LiveKeyFor(string? bearer, DateTimeOffset now) =>
        bearer is not null && _keysBySecret.TryGetValue(bearer, out var key) && key.IsLive(now) ? key : null;

    /// <summary>Ids are GUIDs; a longer one is simply unknown.</summary>
    private SimulatedKey? Find(string id) => id.Length <= 64 && _keysById.TryGetValue(id, out var key) && !key.Revoked ? key : null;

    private static VeniceKeyInfoWire Describe(SimulatedKey key, DateTimeOffset now)
    {
        var (diem, usd) = key.SpentSince(now.AddDays(-7));
        return new VeniceKeyInfoWire(
            key.Id,
            VeniceNames.InferenceKeyType,
            key.Description,
            new VeniceLimitsWire(key.UsdLimit, key.DiemLimit),
            key.LimitPeriod,
            VeniceJson.FormatTimestamp(key.CreatedAt),
            FormatOrNull(key.ExpiresAt),
            key.Secret[^6..],
            FormatOrNull(key.LastUsedAt),
            new VeniceUsageWire(new VeniceUsageAmountsWire(
                usd.ToString(System.Globalization.CultureInfo.InvariantCulture),
                diem.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static string? FormatOrNull(DateTimeOffset? value) => value is { } v ? VeniceJson.FormatTimestamp(v) : null;

    private static VeniceSimulatorReply NotFound() => VeniceSimulatorReply.Error(404, "API key not found");

    private static VeniceSimulatorReply Unauthorized() => VeniceSimulatorReply.Error(401, "Authentication failed");

    private static string NewSecret() => "sim_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Mutable; only touched under the state's lock.</summary>
    private sealed class SimulatedKey(string id, string secret, DateTimeOffset createdAt)
    {
        private readonly Dictionary<DateOnly, (decimal Diem, decimal Usd)> _spendByUtcDay = [];

        public string Id { get; } = id;
        public string Secret { get; } = secret;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public string Description { get; set; } = "";
        public decimal? DiemLimit { get; set; }
        public decimal? UsdLimit { get; set; }
        public string? LimitPeriod { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; private set; }
        public bool Revoked { get; set; }

        public bool IsLive(DateTimeOffset now) => !Revoked && (ExpiresAt is null || now < ExpiresAt);

        public void Charge(DateTimeOffset now, decimal diem, decimal usd)
        {
            var day = DateOnly.FromDateTime(now.UtcDateTime);
            var spent = _spendByUtcDay.GetValueOrDefault(day);
            _spendByUtcDay[day] = (spent.Diem + diem, spent.Usd + usd);
            LastUsedAt = now;
        }

        /// <summary>EPOCH renews at each UTC midnight, MONTH on the 1st; otherwise the limit is for the key's life.</summary>
        public (decimal Diem, decimal Usd) SpentInPeriod(DateTimeOffset now)
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            return LimitPeriod switch
            {
                VeniceNames.DailyLimitPeriod => _spendByUtcDay.GetValueOrDefault(today),
                "MONTH" => Sum(day => day.Year == today.Year && day.Month == today.Month),
                _ => Sum(_ => true),
            };
        }

        public (decimal Diem, decimal Usd) SpentSince(DateTimeOffset from)
        {
            var firstDay = DateOnly.FromDateTime(from.UtcDateTime);
            return Sum(day => day > firstDay);
        }

        private (decimal Diem, decimal Usd) Sum(Func<DateOnly, bool> include)
        {
            var included = _spendByUtcDay.Where(entry => include(entry.Key)).Select(entry => entry.Value).ToList();
            return (included.Sum(s => s.Diem), included.Sum(s => s.Usd));
        }
    }
}
