using System.Globalization;
using System.Numerics;
using CheapTokens.Core.Payments.X402;

namespace CheapTokens.Tests.Payments.X402;

public class PaymentVerifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 22, 30, 0, TimeSpan.Zero);
    private static readonly X402Network Network = X402Network.BaseSepolia;
    private static readonly string StoreAddress = TestPayer.NewAddress();
    private readonly TestPayer _payer = new();

    private static PaymentRequirements Offer(decimal totalUsd = 1.25m) => PaymentRequirementsBuilder.Build(
        totalUsd, new Uri("https://store.example/api/x402/orders"), "One-day Venice.ai API key", StoreAddress, Network,
        TimeSpan.FromMinutes(5));

    private static void AssertRefused(X402Verification verification, string code)
    {
        Assert.False(verification.IsValid, "the payment was accepted");
        Assert.Equal(code, verification.Refusal.Code);
        Assert.False(string.IsNullOrWhiteSpace(verification.Refusal.Message));
    }

    [Fact]
    public void PaymentSignedByThePayerForTheOfferIsAcceptedAndNamesThePayer()
    {
        var offered = Offer();

        var verification = X402PaymentVerifier.Verify(_payer.Pay(offered, Network, Now), offered, Network, Now);

        Assert.True(verification.IsValid, verification.Refusal?.Message);
        Assert.Equal(_payer.Address, verification.Payer);
    }

    [Fact]
    public void PaymentThatCameThroughTheHeaderIsAccepted()
    {
        var offered = Offer();
        var decoding = PaymentHeaderDecoder.Decode(TestPayer.HeaderOf(_payer.Pay(offered, Network, Now)));
        Assert.True(decoding.IsDecoded, decoding.Refusal?.Message);

        var verification = X402PaymentVerifier.Verify(decoding.Payment, offered, Network, Now);

        Assert.True(verification.IsValid, verification.Refusal?.Message);
        Assert.Equal(_payer.Address, verification.Payer);
    }

    [Fact]
    public void AuthorizationClaimingAnotherPayerIsRefusedAsABadSignature()
    {
        var offered = Offer();
        var victim = TestPayer.NewAddress();

        var payment = _payer.Pay(offered, Network, Now, a => a with { From = victim });

        var verification = X402PaymentVerifier.Verify(payment, offered, Network, Now);
        AssertRefused(verification, X402ErrorReasons.InvalidSignature);
        Assert.Contains(victim, verification.Refusal!.Message);
    }

    [Fact]
    public void ValueChangedAfterSigningIsRefusedAsABadSignature()
    {
        var offered = Offer();
        var payment = _payer.Pay(offered, Network, Now);
        var tampered = payment with { Authorization = payment.Authorization with { Value = payment.Authorization.Value * 100 } };

        AssertRefused(X402PaymentVerifier.Verify(tampered, offered, Network, Now), X402ErrorReasons.InvalidSignature);
    }

    [Fact]
    public void RecipientChangedAfterSigningIsRefusedAsABadSignature()
    {
        var offered = Offer();
        var payment = _payer.Pay(offered, Network, Now);
        var tampered = payment with { Authorization = payment.Authorization with { To = TestPayer.NewAddress() } };

        AssertRefused(X402PaymentVerifier.Verify(tampered, offered, Network, Now), X402ErrorReasons.InvalidSignature);
    }

    [Fact]
    public void SignedPaymentToAnotherAddressIsRefusedAsARecipientMismatch()
    {
        var offered = Offer();
        var elsewhere = TestPayer.NewAddress();

        var verification = X402PaymentVerifier.Verify(_payer.Pay(offered, Network, Now, a => a with { To = elsewhere }), offered, Network, Now);

        AssertRefused(verification, X402ErrorReasons.RecipientMismatch);
        Assert.Contains(elsewhere, verification.Refusal!.Message);
        Assert.Contains(StoreAddress, verification.Refusal.Message);
    }

    [Fact]
    public void RecipientWrittenInAnotherCaseIsTheSameAddress()
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now, a => a with { To = a.To.ToLowerInvariant() });

        Assert.True(X402PaymentVerifier.Verify(payment, offered, Network, Now).IsValid);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(+1)]
    [InlineData(+1_000_000)]
    public void SignedValueOtherThanTheAmountAskedIsRefused(int differenceInAtomicUnits)
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now, a => a with { Value = a.Value + differenceInAtomicUnits });

        var verification = X402PaymentVerifier.Verify(payment, offered, Network, Now);
        AssertRefused(verification, X402ErrorReasons.AuthorizationValue);
        Assert.Contains("1250000", verification.Refusal!.Message);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(0)]
    [InlineData(5)]
    public void AuthorizationExpiringWithinTheFacilitatorsSixSecondsIsRefused(int secondsLeft)
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now, a => a with { ValidBefore = Now.ToUnixTimeSeconds() + secondsLeft });

        AssertRefused(X402PaymentVerifier.Verify(payment, offered, Network, Now), X402ErrorReasons.AuthorizationValidBefore);
    }

    [Fact]
    public void AuthorizationWithSixSecondsLeftIsAccepted()
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now, a => a with { ValidBefore = Now.ToUnixTimeSeconds() + 6 });

        Assert.True(X402PaymentVerifier.Verify(payment, offered, Network, Now).IsValid);
    }

    [Fact]
    public void AuthorizationThatIsNotYetValidIsRefused()
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now, a => a with { ValidAfter = Now.ToUnixTimeSeconds() + 1 });

        AssertRefused(X402PaymentVerifier.Verify(payment, offered, Network, Now), X402ErrorReasons.AuthorizationValidAfter);
    }

    [Fact]
    public void AuthorizationValidFromThisSecondIsAccepted()
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now, a => a with { ValidAfter = Now.ToUnixTimeSeconds() });

        Assert.True(X402PaymentVerifier.Verify(payment, offered, Network, Now).IsValid);
    }

    [Fact]
    public void PaymentForAnotherNetworkIsRefused()
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now) with { Network = X402Network.Base.Name };

        var verification = X402PaymentVerifier.Verify(payment, offered, Network, Now);
        AssertRefused(verification, X402ErrorReasons.InvalidNetwork);
        Assert.Contains("'base'", verification.Refusal!.Message);
    }

    [Fact]
    public void PaymentInAnotherSchemeIsRefused()
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now) with { Scheme = "upto" };

        AssertRefused(X402PaymentVerifier.Verify(payment, offered, Network, Now), X402ErrorReasons.UnsupportedScheme);
    }

    public static TheoryData<string> OtherDomains() => ["chain", "token", "name", "version"];

    [Theory]
    [MemberData(nameof(OtherDomains))]
    public void SignatureMadeForAnotherTokenDomainIsRefused(string changed)
    {
        var offered = Offer();
        var right = TestPayer.DomainOf(offered, Network);
        var wrong = changed switch
        {
            "chain" => TestPayer.DomainOf(offered, X402Network.Base),
            "token" => TransferAuthorizationTypedData.DomainOf(Network, X402Network.Base.AssetAddress, right.Name, right.Version),
            "name" => TransferAuthorizationTypedData.DomainOf(Network, right.VerifyingContract, "USD Coin", right.Version),
            _ => TransferAuthorizationTypedData.DomainOf(Network, right.VerifyingContract, right.Name, "1"),
        };

        var payment = _payer.Pay(offered, Network, Now, domain: wrong);

        AssertRefused(X402PaymentVerifier.Verify(payment, offered, Network, Now), X402ErrorReasons.InvalidSignature);
    }

    [Fact]
    public void SignatureForASimulatedNetworkIsCheckedInItsOwnDomain()
    {
        var simulated = X402Network.Simulated("cheaptokens-demo", 31337, TestPayer.NewAddress());
        var offered = PaymentRequirementsBuilder.Build(
            2m, new Uri("https://store.example/api/x402/orders"), "demo", StoreAddress, simulated, TimeSpan.FromMinutes(5));

        Assert.True(X402PaymentVerifier.Verify(_payer.Pay(offered, simulated, Now), offered, simulated, Now).IsValid);
        var signedForSepolia = _payer.Pay(offered, simulated, Now, domain: TestPayer.DomainOf(offered, Network));
        AssertRefused(X402PaymentVerifier.Verify(signedForSepolia, offered, simulated, Now), X402ErrorReasons.InvalidSignature);
    }

    [Fact]
    public void ContractWalletSignatureIsRefusedSayingWhy()
    {
        var offered = Offer();
        var payment = _payer.Pay(offered, Network, Now);

        var wrapped = payment with { Signature = payment.Signature + new string('0', 64) };

        var verification = X402PaymentVerifier.Verify(wrapped, offered, Network, Now);
        AssertRefused(verification, X402ErrorReasons.InvalidSignature);
        Assert.Contains("contract-wallet", verification.Refusal!.Message);
    }

    [Fact]
    public void MalleatedSignatureThatRecoversThePayerIsStillRefused()
    {
        var offered = Offer();
        var payment = _payer.Pay(offered, Network, Now);
        var bytes = Convert.FromHexString(payment.Signature[2..]);
        var order = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", NumberStyles.HexNumber);
        var highS = order - new BigInteger(bytes.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        highS.TryWriteBytes(bytes.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: true);
        bytes[64] = (byte)(bytes[64] == 27 ? 28 : 27);

        var malleated = payment with { Signature = "0x" + Convert.ToHexStringLower(bytes) };

        AssertRefused(X402PaymentVerifier.Verify(malleated, offered, Network, Now), X402ErrorReasons.InvalidSignature);
    }

    [Theory]
    [InlineData("0x00")]
    [InlineData("0xzz")]
    [InlineData("")]
    [InlineData("0x000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001b")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000000000000000000000000000000000000000000000000000000000000011b")]
    [InlineData("0x000000000000000000000000000000000000000000000000000000000000000500000000000000000000000000000000000000000000000000000000000000011b")]
    public void SignatureThatIsNotASignatureIsRefused(string signature)
    {
        var offered = Offer();

        var payment = _payer.Pay(offered, Network, Now) with { Signature = signature };

        AssertRefused(X402PaymentVerifier.Verify(payment, offered, Network, Now), X402ErrorReasons.InvalidSignature);
    }

    [Fact]
    public void OfferForAnotherNetworkThanTheOneCheckedOnIsRefused()
    {
        var offered = Offer();

        var verification = X402PaymentVerifier.Verify(_payer.Pay(offered, Network, Now), offered, X402Network.Base, Now);

        AssertRefused(verification, X402ErrorReasons.InvalidPaymentRequirements);
    }
}
