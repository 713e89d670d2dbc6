using CheapTokens.Blazor.Components.Orders;

namespace CheapTokens.Tests.Components;

/// <summary>Buyers' keys without Venice: each key's usage as the test sets it; a key not set is gone (revoked).</summary>
public sealed class FakeBuyerKeys : IBuyerKeys
{
    /// <summary>Each key's next readings, by Venice key id; the last one stays.</summary>
    public Dictionary<string, Queue<KeyUsageReading>> Usage { get; } = [];

    /// <summary>Every key asked about, with its account, in order.</summary>
    public List<(string KeyId, string? Account)> Reads { get; } = [];

    public void SetUsage(string keyId, params KeyUsageReading[] readings) => Usage[keyId] = new Queue<KeyUsageReading>(readings);

    public Task<KeyUsageReading> ReadUsageAsync(string veniceKeyId, string? veniceAccount, CancellationToken cancellationToken)
    {
        Reads.Add((veniceKeyId, veniceAccount));
        if (!Usage.TryGetValue(veniceKeyId, out var readings)) return Task.FromResult(KeyUsageReading.Gone);
        return Task.FromResult(readings.Count > 1 ? readings.Dequeue() : readings.Peek());
    }
}
