using System.Globalization;
using System.Text;

namespace CheapTokens.Bench;

/// <summary>
/// One scrape of a node's Prometheus endpoint (Telemetry:Prometheus, which the bench switches on for the apps it
/// starts): the store's own timings of provisioning and price ticks, read from the instruments an operator watches
/// instead of from its log lines. Two scrapes give what happened between them.
/// </summary>
public sealed class StoreMetrics
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples;

    private StoreMetrics(List<(string, Dictionary<string, string>, double)> samples) => _samples = samples;

    /// <summary>The node's scrape, or null when it has none (telemetry off, or an older build).</summary>
    public static async Task<StoreMetrics?> TryReadAsync(Uri node, CancellationToken ct, string path = "/metrics")
    {
        using var http = new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(path.TrimStart('/'), ct);
            if (!response.IsSuccessStatusCode) return null;
            return Parse(await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Prometheus text exposition: <c>name{label="value",...} value [timestamp]</c>, comments skipped.</summary>
    public static StoreMetrics Parse(string text)
    {
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0) continue;
            var name = line[..nameEnd];
            var at = nameEnd;
            if (line[at] == '{') at = ReadLabels(line, at + 1, labels);
            var rest = line[at..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length == 0) continue;
            var value = rest[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            samples.Add((name, labels, value));
        }
        return new StoreMetrics(samples);
    }

    private static int ReadLabels(string line, int at, Dictionary<string, string> labels)
    {
        while (at < line.Length && line[at] != '}')
        {
            var eq = line.IndexOf('=', at);
            var key = line[at..eq].Trim().TrimStart(',').Trim();
            at = eq + 2; // past ="
            var value = new StringBuilder();
            while (line[at] != '"')
            {
                if (line[at] == '\\' && at + 1 < line.Length)
                {
                    at++;
                    value.Append(line[at] == 'n' ? '\n' : line[at]);
                }
                else value.Append(line[at]);
                at++;
            }
            labels[key] = value.ToString();
            at++;
            if (at < line.Length && line[at] == ',') at++;
        }
        return at + 1;
    }

    /// <summary>The sum of a counter or gauge over its label sets (optionally only those a filter keeps).</summary>
    public double Sum(string name, Func<IReadOnlyDictionary<string, string>, bool>? keep = null) =>
        _samples.Where(s => s.Name == name && (keep is null || keep(s.Labels))).Sum(s => s.Value);

    /// <summary>A histogram summed over its label sets: cumulative counts by upper bound, and the total.</summary>
    public Buckets Histogram(string baseName)
    {
        var byBound = _samples.Where(s => s.Name == baseName + "_bucket" && s.Labels.ContainsKey("le"))
            .GroupBy(s => s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(s => s.Value)))
            .ToList();
        return new Buckets(byBound, Sum(baseName + "_sum"), Sum(baseName + "_count"));
    }

    /// <summary>A histogram's cumulative buckets; differences of two scrapes are what happened between them.</summary>
    public sealed record Buckets(List<(double Bound, double Count)> Cumulative, double Sum, double Count)
    {
        public Buckets Since(Buckets before) => new(
            Cumulative.Select(b => (b.Bound, b.Count - before.Cumulative.Where(e => e.Bound == b.Bound).Sum(e => e.Count))).ToList(),
            Sum - before.Sum, Count - before.Count);

        /// <summary>
        /// Count, mean and the bucket bounds that hold the 50th, 95th and 99th percentile, in milliseconds (a bound of
        /// seconds times 1,000; null past the largest bound): a histogram knows "at most", not the value itself.
        /// </summary>
        public BucketedMs? ToMilliseconds()
        {
            if (Count <= 0) return null;
            // Null: past the largest finite bound.
            double? AtMost(double q)
            {
                var rank = q * Count;
                foreach (var (bound, count) in Cumulative)
                    if (count >= rank) return double.IsPositiveInfinity(bound) ? null : Math.Round(bound * 1000, 1);
                return null;
            }
            return new BucketedMs((long)Count, Math.Round(Sum / Count * 1000, 1), AtMost(0.50), AtMost(0.95), AtMost(0.99));
        }
    }
}

/// <summary>A store-side timing from a histogram: how many, the mean, and the bucket bound each percentile falls under.</summary>
public sealed record BucketedMs(long Count, double MeanMs, double? P50AtMostMs, double? P95AtMostMs, double? P99AtMostMs);
