using CheapTokens.Core.Orders;

namespace CheapTokens.Tests.Orders;

public class OrderStagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EveryStageHasItsOwnWordAndIconSoNoneIsToldApartByColourAlone()
    {
        var looks = OrderStages.All;

        Assert.Equal(Enum.GetValues<OrderStage>(), looks.Select(l => l.Stage));
        Assert.Equal(looks.Count, looks.Select(l => l.Word).Distinct().Count());
        Assert.Equal(looks.Count, looks.Select(l => l.Icon).Distinct().Count());
        Assert.All(looks, l => Assert.False(string.IsNullOrWhiteSpace(l.Word)));
    }

    [Theory]
    [InlineData(OrderStatus.Created, 0, "Awaiting payment")]
    [InlineData(OrderStatus.Declined, 0, "Declined")]
    [InlineData(OrderStatus.Paid, 0, "Paid")]
    [InlineData(OrderStatus.Provisioning, 0, "Issuing key")]
    [InlineData(OrderStatus.Fulfilled, 1, "Ready")]
    [InlineData(OrderStatus.Failed, 0, "Refund due")]
    [InlineData(OrderStatus.Refunded, 0, "Refunded")]
    public void EachOrderStatusReadsAsOneWord(OrderStatus status, int keysOut, string word) =>
        Assert.Equal(word, OrderStages.Word(OrderStages.Of(status, keysOut)));

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Provisioning)]
    public void APassWithAKeyOutAndMoreToComeIsPartlyReadyWhateverTheWorkerIsDoing(OrderStatus status) =>
        Assert.Equal(OrderStage.PartlyReady, OrderStages.Of(status, keysOut: 1));

    [Theory]
    [InlineData(OrderStatus.Provisioning, OrderKeyStatus.Minted, 0, false, OrderStage.Ready)]
    [InlineData(OrderStatus.Provisioning, OrderKeyStatus.Minted, 0, true, OrderStage.Revoked)]
    [InlineData(OrderStatus.Provisioning, OrderKeyStatus.Scheduled, 1, false, OrderStage.Scheduled)]
    [InlineData(OrderStatus.Provisioning, OrderKeyStatus.Scheduled, -1, false, OrderStage.IssuingKey)]
    [InlineData(OrderStatus.Created, OrderKeyStatus.Scheduled, 1, false, OrderStage.AwaitingPayment)]
    [InlineData(OrderStatus.Failed, OrderKeyStatus.Cancelled, 1, false, OrderStage.RefundDue)]
    [InlineData(OrderStatus.Refunded, OrderKeyStatus.Cancelled, 1, false, OrderStage.Refunded)]
    public void AKeyRunSaysWhereItsOwnKeyStands(OrderStatus order, OrderKeyStatus run, int mintInDays, bool revoked, OrderStage stage) =>
        Assert.Equal(stage, OrderStages.OfRun(order, run, Now.AddDays(mintInDays), Now.AddDays(mintInDays + 1), revoked, Now));

    [Fact]
    public void AnIssuedKeyPastItsExpiryHasExpired() =>
        Assert.Equal(OrderStage.Expired, OrderStages.OfRun(OrderStatus.Fulfilled, OrderKeyStatus.Minted, Now.AddDays(-2), Now, revoked: false, Now));
}
