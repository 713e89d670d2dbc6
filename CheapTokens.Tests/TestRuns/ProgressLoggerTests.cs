using CheapTokens.TestLogger;
using Microsoft.Extensions.Time.Testing;
using Microsoft.VisualStudio.TestPlatform.ObjectModel;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Client;
using Microsoft.VisualStudio.TestPlatform.ObjectModel.Logging;

namespace CheapTokens.Tests.TestRuns;

/// <summary>What a newcomer running <c>dotnet test</c> sees: progress while it runs, and why each test was skipped.</summary>
public class ProgressLoggerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));
    private readonly StringWriter _output = new();
    private readonly RunEvents _events = new();

    public ProgressLoggerTests() =>
        new ProgressLogger(_clock, _output, TimeSpan.FromSeconds(30)).Initialize(_events, new Dictionary<string, string?>());

    [Fact]
    public void EveryHalfMinuteSaysHowManyTestsFinishedAndHowTheyWent()
    {
        _events.Start();
        _events.Report("A", TestOutcome.Passed);
        _events.Report("B", TestOutcome.Failed);
        Assert.Equal("", _output.ToString());

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Contains("[00:30] 2 tests finished: 1 passed, 1 failed, 0 skipped", _output.ToString());

        _events.Report("C", TestOutcome.Skipped, "needs PostgreSQL");
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Contains("[01:00] 3 tests finished: 1 passed, 1 failed, 1 skipped", _output.ToString());
    }

    [Fact]
    public void TheSummaryNamesEachSkipReasonWithItsCountAndExamples()
    {
        _events.Start();
        _events.Report("Db.One", TestOutcome.Skipped, "Set CHEAPTOKENS_TEST_POSTGRES to run it.");
        _events.Report("Db.Two", TestOutcome.Skipped, "Set CHEAPTOKENS_TEST_POSTGRES to run it.");
        _events.Report("Nodes.One", TestOutcome.Skipped, "Needs Redis.");
        _events.Report("Plain", TestOutcome.Passed);
        _events.Complete();

        var lines = _output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("Skipped 3 tests, by reason:", lines);
        var postgres = Array.IndexOf(lines, "2 × Set CHEAPTOKENS_TEST_POSTGRES to run it.");
        var redis = Array.IndexOf(lines, "1 × Needs Redis.");
        Assert.True(postgres >= 0 && redis > postgres, _output.ToString());
        Assert.Contains("e.g. Db.One", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Plain", StringComparison.Ordinal));
    }

    [Fact]
    public void ARunWithoutSkipsEndsWithoutASkipSummaryAndStopsItsProgressLines()
    {
        _events.Start();
        _events.Report("A", TestOutcome.Passed);
        _events.Complete();
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public void TheSummaryNamesTheSlowestTestsLongestFirstAndLeavesQuickOnesOut()
    {
        _events.Start();
        _events.Report("Quick", TestOutcome.Passed, duration: TimeSpan.FromSeconds(1));
        _events.Report("Failover", TestOutcome.Passed, duration: TimeSpan.FromSeconds(140));
        _events.Report("Crash", TestOutcome.Failed, duration: TimeSpan.FromSeconds(61.5));
        _events.Complete();

        var lines = _output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        var heading = Array.IndexOf(lines, "Slowest tests:");
        Assert.True(heading >= 0, _output.ToString());
        Assert.Equal("140.0 s  Failover", lines[heading + 1]);
        Assert.Equal("61.5 s  Crash", lines[heading + 2]);
        Assert.DoesNotContain(lines, l => l.EndsWith("Quick", StringComparison.Ordinal));
    }

    private sealed class RunEvents : TestLoggerEvents
    {
        public override event EventHandler<TestRunMessageEventArgs>? TestRunMessage { add { } remove { } }
        public override event EventHandler<TestRunStartEventArgs>? TestRunStart;
        public override event EventHandler<TestResultEventArgs>? TestResult;
        public override event EventHandler<TestRunCompleteEventArgs>? TestRunComplete;
        public override event EventHandler<DiscoveryStartEventArgs>? DiscoveryStart { add { } remove { } }
        public override event EventHandler<TestRunMessageEventArgs>? DiscoveryMessage { add { } remove { } }
        public override event EventHandler<DiscoveredTestsEventArgs>? DiscoveredTests { add { } remove { } }
        public override event EventHandler<DiscoveryCompleteEventArgs>? DiscoveryComplete { add { } remove { } }

        public void Start() => TestRunStart?.Invoke(this, new TestRunStartEventArgs(new TestRunCriteria(["tests.dll"], 1)));

        public void Report(string name, TestOutcome outcome, string? message = null, TimeSpan duration = default) =>
            TestResult?.Invoke(this, new TestResultEventArgs(new Microsoft.VisualStudio.TestPlatform.ObjectModel.TestResult(new TestCase(name, new Uri("executor://xunit"), "tests.dll"))
            {
                Outcome = outcome,
                ErrorMessage = message,
                Duration = duration,
            }));

        public void Complete() =>
            TestRunComplete?.Invoke(this, new TestRunCompleteEventArgs(null, false, false, null, null, TimeSpan.FromMinutes(1)));
    }
}
