using System.Collections.Concurrent;
using System.Diagnostics;
using CheapTokens.Blazor.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CheapTokens.Tests.Telemetry;

/// <summary>What a host exports, kept in memory by OpenTelemetry's in-memory exporters.</summary>
public sealed class TelemetryCapture
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<LogRecord> _logs = new();
    private readonly List<MetricSnapshot> _metrics = [];

    public IReadOnlyList<Activity> Spans => _spans.ToArray();

    /// <summary>Log records as exported: their attributes and formatted messages (a record is not kept past its export).</summary>
    public ConcurrentQueue<string> LogTexts { get; } = new();

    public IReadOnlyList<MetricSnapshot> Metrics
    {
        get { lock (_metrics) return _metrics.ToList(); }
    }

    /// <summary>Adds the in-memory exporters to the app's own providers (pass to StoreHost's services hook).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new Sink<Activity>(_spans.Enqueue)));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(new Sink<MetricSnapshot>(m =>
        {
            lock (_metrics) _metrics.Add(m);
        })));
        services.ConfigureOpenTelemetryLoggerProvider(logs => logs.AddProcessor(new SimpleLogRecordExportProcessor(new LogTextExporter(LogTexts))));
    }

    public void Flush(IServiceProvider services)
    {
        services.GetRequiredService<TracerProvider>().ForceFlush();
        services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    /// <summary>
    /// The largest exported total of an instrument over points whose tags include <paramref name="tag"/> (all points when
    /// null): counters' sums, histograms' counts. Totals are cumulative; other hosts in this process publish a meter of the
    /// same name, which the provider may export as streams of their own, so the largest stream's total is taken.
    /// </summary>
    public double Sum(string instrument, KeyValuePair<string, object?>? tag = null) =>
        Metrics.Where(m => m.Name == instrument).Select(m => Total(m, tag)).DefaultIfEmpty(0).Max();

    private static double Total(MetricSnapshot metric, KeyValuePair<string, object?>? tag)
    {
        double sum = 0;
        foreach (var point in metric.MetricPoints)
        {
            if (tag is { } wanted && !HasTag(point, wanted)) continue;
            sum += metric.MetricType switch
            {
                MetricType.LongSum => point.GetSumLong(),
                MetricType.DoubleSum => point.GetSumDouble(),
                MetricType.Histogram => point.GetHistogramCount(),
                _ => 0,
            };
        }
        return sum;
    }

    private static bool HasTag(MetricPoint point, KeyValuePair<string, object?> wanted)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == wanted.Key && Equals(tag.Value?.ToString(), wanted.Value?.ToString())) return true;
        return false;
    }

    /// <summary>Every string an export holds: span names and attributes, links, events, metric names and tags.</summary>
    public IEnumerable<string> ExportedTexts()
    {
        // The test's own HttpClient runs in this process, so its calls (the buyer's, with the token in the URL) are
        // traced too: those are the root client spans; the store's own calls always run inside one of its spans.
        foreach (var span in Spans.Where(s => !(s.Source.Name == "System.Net.Http" && s.ParentSpanId == default)))
        {
            yield return span.DisplayName;
            foreach (var tag in span.TagObjects) yield return $"{tag.Key}={tag.Value}";
            foreach (var e in span.Events)
            {
                yield return e.Name;
                foreach (var tag in e.Tags) yield return $"{tag.Key}={tag.Value}";
            }
            foreach (var baggage in span.Baggage) yield return $"{baggage.Key}={baggage.Value}";
        }
        foreach (var metric in Metrics)
        {
            yield return metric.Name;
            foreach (var point in metric.MetricPoints)
                foreach (var tag in point.Tags) yield return $"{tag.Key}={tag.Value}";
        }
        foreach (var text in LogTexts) yield return text;
    }

    private sealed class Sink<T>(Action<T> add) : ICollection<T>
    {
        public void Add(T item) => add(item);
        public int Count => 0;
        public bool IsReadOnly => false;
        public void Clear() { }
        public bool Contains(T item) => false;
        public void CopyTo(T[] array, int arrayIndex) { }
        public bool Remove(T item) => false;
        public IEnumerator<T> GetEnumerator() => Enumerable.Empty<T>().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class LogTextExporter(ConcurrentQueue<string> texts) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var attributes = record.Attributes is { } pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                texts.Enqueue($"{record.CategoryName} {record.FormattedMessage} {record.Body} {attributes} {record.Exception} trace={record.TraceId}");
            }
            return ExportResult.Success;
        }
    }
}
