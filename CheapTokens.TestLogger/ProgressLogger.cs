using System.Globalization;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace CheapTokens.TestLogger;

/// <summary>
/// Prints a line every half minute while tests run (how many finished, passed, failed and skipped), and at the end
/// every skipped test's reason, grouped: at its default verbosity <c>dotnet test</c> shows neither, so a long run on
/// a busy machine looked stuck and its skips looked unexplained. It also names the slowest tests, where a shorter run
/// has to start.
/// </summary>
[FriendlyName(FriendlyName)]
[ExtensionUri(ExtensionUri)]
public sealed class ProgressLogger : ITestLoggerWithParameters, IDisposable
{
    public const string FriendlyName = "progress";
    public const string ExtensionUri = "logger://CheapTokens/ProgressLogger/v1";

    private readonly TimeProvider _clock;
    private readonly TextWriter _output;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<string>> _skipsByReason = new(StringComparer.Ordinal);
    private readonly List<(string Name, TimeSpan Duration)> _durations = [];
    private ITimer? _timer;
    private long _startedAt;
    private int _passed, _failed, _skipped;

    public ProgressLogger() : this(TimeProvider.System, Console.Out, TimeSpan.FromSeconds(30)) { }

    public ProgressLogger(TimeProvider clock, TextWriter output, TimeSpan interval)
    {
        _clock = clock;
        _output = output;
        _interval = interval;
    }

    public void Initialize(TestLoggerEvents events, string testRunDirectory) => Initialize(events, new Dictionary<string, string?>());

    public void Initialize(TestLoggerEvents events, Dictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(events);
        events.TestRunStart += (_, _) => Start();
        events.TestResult += (_, e) => Record(e.Result);
        events.TestRunComplete += (_, _) => Complete();
    }

    private void Start()
    {
        lock (_gate)
        {
            if (_timer is not null) return;
            _startedAt = _clock.GetTimestamp();
            _timer = _clock.CreateTimer(_ => WriteProgress(), null, _interval, _interval);
        }
    }

    private void Record(TestResult result)
    {
        Start(); // some hosts report results without a run-start event
        lock (_gate)
        {
            if (result.Outcome != TestOutcome.Skipped) _durations.Add((result.TestCase.DisplayName, result.Duration));
            switch (result.Outcome)
            {
                case TestOutcome.Passed: _passed++; break;
                case TestOutcome.Failed: _failed++; break;
                case TestOutcome.Skipped or TestOutcome.NotFound or TestOutcome.None:
                    _skipped++;
                    var reason = SkipReason(result);
                    if (!_skipsByReason.TryGetValue(reason, out var names)) _skipsByReason[reason] = names = [];
                    names.Add(result.TestCase.DisplayName);
                    break;
            }
        }
    }

    private void WriteProgress()
    {
        lock (_gate)
        {
            var elapsed = _clock.GetElapsedTime(_startedAt);
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  [{(int)elapsed.TotalMinutes:00}:{elapsed.Seconds:00}] {_passed + _failed + _skipped} tests finished: {_passed} passed, {_failed} failed, {_skipped} skipped"));
        }
    }

    private void Complete()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            WriteSlowest();
            if (_skipsByReason.Count == 0) return;
            _output.WriteLine();
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Skipped {_skipped} tests, by reason:"));
            foreach (var (reason, names) in _skipsByReason.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names.Count,4} × {reason}"));
                foreach (var name in names.Order(StringComparer.Ordinal).Take(3)) _output.WriteLine($"         e.g. {name}");
            }
        }
    }

    private void WriteSlowest()
    {
        var slowest = _durations.Where(d => d.Duration >= SlowTest).OrderByDescending(d => d.Duration).Take(SlowestShown).ToList();
        if (slowest.Count == 0) return;
        _output.WriteLine();
        _output.WriteLine("Slowest tests:");
        foreach (var (name, duration) in slowest)
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {duration.TotalSeconds,6:0.0} s  {name}"));
    }

    private const int SlowestShown = 10;
    private static readonly TimeSpan SlowTest = TimeSpan.FromSeconds(5);

    /// <summary>xunit puts a skip's reason in the result's error message; a result without one still counts.</summary>
    private static string SkipReason(TestResult result)
    {
        var text = result.ErrorMessage;
        if (string.IsNullOrWhiteSpace(text))
            text = result.Messages.Select(m => m.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        return string.IsNullOrWhiteSpace(text) ? "(no reason given)" : text.Trim().ReplaceLineEndings(" ");
    }

    public void Dispose() => _timer?.Dispose();
}
