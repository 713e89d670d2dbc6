using System.Net;
using CheapTokens.Blazor.Configuration;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CheapTokens.Blazor.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "cheaptokens";

    /// <summary>Meters besides the store's own: the runtime and the parts of ASP.NET Core the store leans on.</summary>
    public static readonly IReadOnlyList<string> FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections", // SignalR's connections: the prices hub and every page's circuit
        "Microsoft.AspNetCore.SignalR.Server",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.AspNetCore.Components.Lifecycle",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Net.Http",
    ];

    /// <summary>Runtime instruments whose semantic-convention names end in ".count" and what they are called instead.</summary>
    public static readonly IReadOnlyList<(string Name, string Renamed)> PrometheusRenames =
    [
        ("dotnet.assembly.count", "dotnet.assemblies.loaded"),
        ("dotnet.process.cpu.count", "dotnet.process.cpus"),
        ("dotnet.thread_pool.thread.count", "dotnet.thread_pool.threads"),
        ("dotnet.timer.count", "dotnet.timers"),
    ];

    /// <summary>
    /// The store's meter and spans, and (unless Telemetry:Enabled is false) OpenTelemetry: runtime, ASP.NET Core,
    /// HttpClient and store metrics; traces; logs with trace and span ids. OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT
    /// is set; a Prometheus scrape endpoint when Telemetry:Prometheus:Enabled (see <see cref="MapStoreMetrics"/>).
    /// </summary>
    public static WebApplicationBuilder AddStoreTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        services.AddValidatedOptions<TelemetryOptions>(section, o => o.Validate());
        services.AddMetrics();
        services.AddSingleton<StoreMetrics>();
        services.AddSingleton<StoreReadout>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreReadout>());

        var settings = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.Enabled) return builder;

        UseJsonConsoleWithTraceIds(builder);
        builder.Logging.AddOpenTelemetry(logs =>
        {
            logs.IncludeFormattedMessage = true;
            // Trace and span ids travel on every record without scopes; the request scope would carry raw paths.
            logs.IncludeScopes = false;
        });

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(StoreMetrics.MeterName)
                    .AddMeter([.. FrameworkMeters])
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (!settings.Prometheus.Enabled) return;
                metrics.AddPrometheusExporter();
                // Prometheus keeps "_count" for histograms (promtool's lint refuses it elsewhere): these runtime gauges
                // are renamed in this provider's exports, scraped or not.
                foreach (var (name, renamed) in PrometheusRenames) metrics.AddView(name, renamed);
            })
            .WithTracing(tracing => tracing
                .AddSource(StoreTracing.SourceName)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context => !IsQuiet(context.Request.Path, settings);
                    o.EnrichWithHttpResponse = HideRouteValues;
                })
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) otel.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// The scrape endpoint (Telemetry:Prometheus:Path, default /metrics), when Telemetry:Prometheus:Enabled. It answers
    /// loopback and Telemetry:Prometheus:AllowedAddresses only (by the client address a trusted proxy reports), and
    /// nothing relayed by an untrusted proxy; anyone else gets the 404 of a path that does not exist.
    /// </summary>
    public static IEndpointRouteBuilder MapStoreMetrics(this IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!settings.Enabled || !settings.Prometheus.Enabled) return endpoints;
        var trusted = TrustedScrapers.From(settings.Prometheus.AllowedAddresses);
        endpoints.MapPrometheusScrapingEndpoint(settings.Prometheus.Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use((context, next) =>
        {
            // A forwarded-for header left in place came through a proxy the store does not trust (RateLimits:TrustedProxies
            // consumes it): behind a front on this machine every caller would otherwise look like loopback.
            if (trusted.Allows(context.Connection.RemoteIpAddress) && !context.Request.Headers.ContainsKey("X-Forwarded-For")) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }), optionsName: null).DisableHttpMetrics();
        return endpoints;
    }

    private static bool IsQuiet(PathString path, TelemetryOptions settings) =>
        path.StartsWithSegments(settings.Prometheus.Path) || path.StartsWithSegments("/health") || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_content");

    /// <summary>
    /// A route's values can be secret (the order token in /orders/{token}): the span keeps the route's template as its
    /// path, never the path as sent.
    /// </summary>
    private static void HideRouteValues(System.Diagnostics.Activity activity, HttpResponse response)
    {
        if (response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern: { Parameters.Count: > 0 } pattern })
            activity.SetTag("url.path", "/" + (pattern.RawText ?? "").TrimStart('/'));
    }

    /// <summary>
    /// Logging:Console:FormatterName=json (production): one JSON object a line, with the trace and span ids from the
    /// logging scopes. The request scope (the raw path, which may hold an order token) is switched off for it.
    /// </summary>
    private static void UseJsonConsoleWithTraceIds(WebApplicationBuilder builder)
    {
        if (!string.Equals(builder.Configuration["Logging:Console:FormatterName"], ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase)) return;
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
    }
}
