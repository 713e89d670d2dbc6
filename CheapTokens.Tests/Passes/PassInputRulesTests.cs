using CheapTokens.Core.Passes;

namespace CheapTokens.Tests.Passes;

public class PassInputRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 21);
    private static readonly DateOnly LastDate = new PassOptions { HorizonDays = 30 }.LastDateOnSale(Today);

    private static DatesCheck Check(params string?[] dates) => PassInputRules.CheckDates(dates, Today, LastDate);

    [Fact]
    public void TheHorizonIncludesTodayAndEndsHorizonDaysMinusOneLater() =>
        Assert.Equal(new DateOnly(2026, 12, 20), LastDate);

    [Fact]
    public void ValidDatesComeBackSortedFromTodayToTheLastDateOnSale()
    {
        var check = Check("2026-12-20", "2026-11-21", "2026-11-25");

        Assert.True(check.IsValid);
        Assert.Equal([Today, new DateOnly(2026, 11, 25), LastDate], check.Dates);
    }

    [Fact]
    public void APastDateIsRejectedNamingIt()
    {
        var error = Assert.Single(Check("2026-11-20", "2026-11-22").Errors);
        Assert.Contains("2026-11-20", error);
        Assert.Contains("past", error);
    }

    [Fact]
    public void ADateBeyondTheHorizonIsRejectedNamingIt()
    {
        var error = Assert.Single(Check("2026-12-21").Errors);
        Assert.Contains("2026-12-21", error);
        Assert.Contains("2026-12-20", error);
    }

    [Fact]
    public void ADuplicateDateIsRejectedOnceNamingIt()
    {
        var check = Check("2026-11-22", "2026-11-23", "2026-11-22", "2026-11-22");

        Assert.Empty(check.Dates);
        Assert.Contains("2026-11-22", Assert.Single(check.Errors));
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-11-31")]
    [InlineData("21/11/2026")]
    [InlineData("2026-11-22T00:00:00Z")]
    [InlineData("tomorrow")]
    [InlineData("")]
    public void AMalformedDateIsRejectedQuotingIt(string text)
    {
        var error = Assert.Single(Check(text, "2026-11-22").Errors);
        Assert.Contains($"'{text}'", error);
    }

    [Fact]
    public void EveryBadDateGetsItsOwnMessage()
    {
        var errors = Check("2026-11-01", "nope", "2027-01-01", "2026-11-22").Errors;

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("2026-11-01"));
        Assert.Contains(errors, e => e.Contains("'nope'"));
        Assert.Contains(errors, e => e.Contains("2027-01-01"));
    }

    [Fact]
    public void AtLeastOneDateIsRequired()
    {
        Assert.False(Check().IsValid);
        Assert.False(PassInputRules.CheckDates(null, Today, LastDate).IsValid);
        Assert.Contains("#1", Assert.Single(Check([null]).Errors));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void DiemPerDayIsBetweenOneAndTheConfiguredMaximum(int? diem, bool valid) =>
        Assert.Equal(valid, PassInputRules.CheckDiemPerDay(diem, maxDiemPerDay: 100) is null);
}
