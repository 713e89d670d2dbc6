namespace CheapTokens.Bench;

/// <summary>Delay distribution in milliseconds (nearest-rank percentiles).</summary>
public sealed record Distribution(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static Distribution? Of(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        double At(double q) => values[Math.Clamp((int)Math.Ceiling(q * values.Count) - 1, 0, values.Count - 1)];
        return new Distribution(values.Count, Round(At(0.50)), Round(At(0.95)), Round(At(0.99)), Round(values[^1]), Round(values.Average()));
    }

    private static double Round(double v) => Math.Round(v, 1);
}

/// <summary>Server cost over the measuring window, per connection (or page) and per tick.</summary>
public sealed record ServerCost(
    double WindowSeconds,
    double IdleCpuPercent,
    double CpuPercent,
    double CpuMsPerClientTick,
    double CpuMsPerClientTickNetOfIdle,
    long BaselineRssKb,
    long RssKb,
    long PeakRssKb,
    double RssKbPerClient)
{
    public static ServerCost From(ProcSample idleStart, ProcSample idleEnd, ProcSample start, ProcSample end, int clients, int ticks)
    {
        var window = (end.WallMs - start.WallMs) / 1000;
        var idle = ProcSample.CpuPercent(idleStart, idleEnd);
        var cpuMs = end.CpuMs - start.CpuMs;
        var idleMs = idle / 100 * (end.WallMs - start.WallMs);
        var perTick = Math.Max(1, ticks) * (double)Math.Max(1, clients);
        return new ServerCost(
            Math.Round(window, 2),
            Math.Round(idle, 1),
            Math.Round(ProcSample.CpuPercent(start, end), 1),
            Math.Round(cpuMs / perTick, 3),
            Math.Round(Math.Max(0, cpuMs - idleMs) / perTick, 3),
            idleEnd.RssKb,
            end.RssKb,
            end.PeakKb,
            Math.Round((end.RssKb - idleEnd.RssKb) / (double)Math.Max(1, clients), 1));
    }
}
