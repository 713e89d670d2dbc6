using System.Net;

namespace CheapTokens.Blazor.Telemetry;

/// <summary>The "Telemetry" configuration section. OTLP export is switched on by OTEL_EXPORTER_OTLP_ENDPOINT, not here.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Off: no metrics, traces or log export at all (to measure what telemetry costs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the few gauges that need the database (held credits, pool keys) are refreshed.</summary>
    public int GaugeRefreshSeconds { get; set; } = 15;

    public PrometheusEndpointOptions Prometheus { get; set; } = new();

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (GaugeRefreshSeconds is < 1 or > 3600)
            errors.Add($"{SectionName}:{nameof(GaugeRefreshSeconds)} must be between 1 and 3600 (was {GaugeRefreshSeconds}).");
        if (string.IsNullOrWhiteSpace(Prometheus.Path) || !Prometheus.Path.StartsWith('/'))
            errors.Add($"{SectionName}:Prometheus:Path must start with / (was '{Prometheus.Path}').");
        for (var i = 0; i < Prometheus.AllowedAddresses.Count; i++)
        {
            var entry = Prometheus.AllowedAddresses[i];
            if (!IPAddress.TryParse(entry, out _) && !IPNetwork.TryParse(entry, out _))
                errors.Add($"{SectionName}:Prometheus:AllowedAddresses:{i} must be an IP address or a network such as 10.0.0.0/8 (was '{entry}').");
        }
        return errors;
    }
}

/// <summary>Telemetry:Prometheus: the scrape endpoint, off unless asked for.</summary>
public sealed class PrometheusEndpointOptions
{
    public bool Enabled { get; set; }

    public string Path { get; set; } = "/metrics";

    /// <summary>Addresses or networks (CIDR) besides loopback that may scrape; everyone else gets 404.</summary>
    public List<string> AllowedAddresses { get; set; } = [];
}
