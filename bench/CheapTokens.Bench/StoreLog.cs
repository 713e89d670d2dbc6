using System.Globalization;
using System.Text.RegularExpressions;

namespace CheapTokens.Bench;

/// <summary>The store's own timings of each order's key, read from the console log of an app the bench started.</summary>
public sealed partial class StoreLog
{
    public sealed record HandOut(double HandOutMs, double ClaimMs, double ChangeMs, double RecordMs);

    /// <summary>Pool hand-outs by Venice key id.</summary>
    public Dictionary<string, HandOut> HandOuts { get; } = new(StringComparer.Ordinal);

    /// <summary>Order id (as logged) by the Venice key recorded for it.</summary>
    public Dictionary<string, string> OrderOfKey { get; } = new(StringComparer.Ordinal);

    /// <summary>Per order id: time in the provisioning line, then the worker's time on it (the last line logged for it).</summary>
    public Dictionary<string, (double QueuedMs, double WorkedMs)> Worker { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Payments this node took ("Order … paid"): the node that takes the payment works on the order.</summary>
    public int OrdersPaid { get; private set; }

    [GeneratedRegex(@"Order \S+ paid: ")]
    private static partial Regex PaidLine();

    /// <summary>Several nodes' logs as one.</summary>
    public static StoreLog Merge(IEnumerable<StoreLog> logs)
    {
        var all = new StoreLog();
        foreach (var log in logs)
        {
            foreach (var (k, v) in log.HandOuts) all.HandOuts[k] = v;
            foreach (var (k, v) in log.OrderOfKey) all.OrderOfKey[k] = v;
            foreach (var (k, v) in log.Worker) all.Worker[k] = v;
            all.OrdersPaid += log.OrdersPaid;
        }
        return all;
    }

    [GeneratedRegex(@"Pool key (\S+) handed out to order (\S+) in ([\d.]+) ms: claim ([\d.]+) ms, change at Venice ([\d.]+) ms, record ([\d.]+) ms")]
    private static partial Regex HandOutLine();

    [GeneratedRegex(@"Order (\S+) run \S+ is \w+ with Venice key (\S+)")]
    private static partial Regex RecordedLine();

    [GeneratedRegex(@"Order (\S+) waited ([\d.]+) ms in the provisioning line and was worked on for ([\d.]+) ms")]
    private static partial Regex WorkerLine();

    public static StoreLog Read(string? path)
    {
        var log = new StoreLog();
        if (path is null || !File.Exists(path)) return log;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(fs);
        while (reader.ReadLine() is { } line)
        {
            if (HandOutLine().Match(line) is { Success: true } h)
                log.HandOuts[h.Groups[1].Value] = new HandOut(D(h.Groups[3]), D(h.Groups[4]), D(h.Groups[5]), D(h.Groups[6]));
            else if (RecordedLine().Match(line) is { Success: true } r)
                log.OrderOfKey[r.Groups[2].Value] = r.Groups[1].Value;
            else if (WorkerLine().Match(line) is { Success: true } w)
                log.Worker[w.Groups[1].Value] = (D(w.Groups[2]), D(w.Groups[3]));
            else if (PaidLine().IsMatch(line))
                log.OrdersPaid++;
        }
        return log;

        static double D(Group g) => double.Parse(g.Value, CultureInfo.InvariantCulture);
    }
}
