using System.Globalization;

namespace CheapTokens.Bench;

/// <summary>CPU time and memory of the process under test, read from /proc (Linux only).</summary>
public static class ProcStats
{
    private static readonly double ClockTicksPerSecond = ReadClockTicks();

    /// <summary>USER_HZ from getconf; 100 on every usual Linux.</summary>
    private static double ReadClockTicks()
    {
        try
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true });
            var text = p?.StandardOutput.ReadToEnd().Trim();
            p?.WaitForExit();
            return double.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 100;
        }
        catch (System.ComponentModel.Win32Exception) { return 100; }
    }

    /// <summary>
    /// CPU of the load side: this process and every process it started (Playwright's driver, Chromium), except
    /// the app under test and its children.
    /// </summary>
    public static double ClientCpuMs(int appPid)
    {
        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var stat = File.ReadAllText($"{dir}/stat");
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(rest[1], CultureInfo.InvariantCulture);
                cpu[pid] = (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) * 1000.0 / ClockTicksPerSecond;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        var self = Environment.ProcessId;
        double total = 0;
        foreach (var (pid, ms) in cpu)
        {
            // Walk up: count it if it descends from this process without passing through the app.
            for (var p = pid; p > 1; p = parents.GetValueOrDefault(p))
            {
                if (p == appPid) break;
                if (p == self) { total += ms; break; }
            }
        }
        return total;
    }

    /// <summary>The machine's 1, 5 and 15 minute load averages (/proc/loadavg): how busy the 2 cores were.</summary>
    public static string LoadAverage() =>
        string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    /// <summary>utime + stime of the process, in milliseconds.</summary>
    public static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: fields count from after ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(rest[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(rest[12], CultureInfo.InvariantCulture);
        return (utime + stime) * 1000.0 / ClockTicksPerSecond;
    }

    /// <summary>Resident set size and its peak (VmRSS, VmHWM), in KB.</summary>
    public static (long RssKb, long PeakKb) Memory(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line);
        }
        return (rss, peak);

        static long Kb(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The process that holds the listening TCP socket on this port (via /proc/net/tcp and /proc/*/fd).</summary>
    public static int? FindListener(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10 || f[3] != "0A") continue; // 0A = LISTEN
                var local = f[1];
                var p = int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (p == port) inodes.Add(f[9]);
            }
        }
        if (inodes.Count == 0) return null;

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"{dir}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                        return pid;
                }
            }
            catch (UnauthorizedAccessException) { }
            catch (IOException) { }
        }
        return null;
    }
}

/// <summary>One reading of the app's CPU and memory plus the wall time it was taken at.</summary>
public readonly record struct ProcSample(double WallMs, double CpuMs, long RssKb, long PeakKb)
{
    public static ProcSample Take(int pid, Clock clock)
    {
        var (rss, peak) = ProcStats.Memory(pid);
        return new ProcSample(clock.ElapsedMs, ProcStats.CpuMs(pid), rss, peak);
    }

    /// <summary>CPU used between two samples, in percent of one core.</summary>
    public static double CpuPercent(ProcSample a, ProcSample b) => b.WallMs > a.WallMs ? (b.CpuMs - a.CpuMs) * 100 / (b.WallMs - a.WallMs) : 0;
}
