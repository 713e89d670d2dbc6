using System.Numerics;
using System.Security.Cryptography;
using CheapTokens.Core.Payments.X402;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace CheapTokens.Tests.Payments.X402;

/// <summary>
/// A wallet made for one test (a fresh key, never funded anywhere) that signs transfer authorizations the way the
/// x402 client does: valid from ten minutes ago until maxTimeoutSeconds from now, a random nonce.
/// </summary>
internal sealed class TestPayer
{
    public EthECKey Key { get; } = EthECKey.GenerateKey();

    public string Address => Key.GetPublicAddress();

    public static string NewAddress() => EthECKey.GenerateKey().GetPublicAddress();

    /// <summary>The authorization the x402 client would sign for <paramref name="offered"/> at <paramref name="now"/>.</summary>
    public TransferAuthorization AuthorizationFor(PaymentRequirements offered, DateTimeOffset now) => new(
        Address,
        offered.PayTo,
        BigInteger.Parse(offered.MaxAmountRequired),
        now.ToUnixTimeSeconds() - 600,
        now.ToUnixTimeSeconds() + offered.MaxTimeoutSeconds,
        "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>The signature over <paramref name="authorization"/> in <paramref name="domain"/>.</summary>
    public string SignatureOver(TransferAuthorization authorization, TokenDomain domain) =>
        Eip712TypedDataSigner.Current.SignTypedDataV4(TransferAuthorizationTypedData.Create(domain, authorization), Key);

    /// <summary>The domain the client signs in: the requirement's token and extra, the network's chain id.</summary>
    public static TokenDomain DomainOf(PaymentRequirements offered, X402Network network) =>
        TransferAuthorizationTypedData.DomainOf(network, offered.Asset, offered.Extra!.Name, offered.Extra.Version);

    /// <summary>A signed payment for <paramref name="offered"/>, optionally with its authorization changed before signing.</summary>
    public X402Payment Pay(
        PaymentRequirements offered, X402Network network, DateTimeOffset now,
        Func<TransferAuthorization, TransferAuthorization>? change = null, TokenDomain? domain = null)
    {
        var authorization = AuthorizationFor(offered, now);
        if (change is not null) authorization = change(authorization);
        return new X402Payment(offered.Scheme, offered.Network, authorization,
            SignatureOver(authorization, domain ?? DomainOf(offered, network)));
    }

    /// <summary>The X-PAYMENT header carrying <paramref name="payment"/>, as the client encodes it.</summary>
    public static string HeaderOf(X402Payment payment) => X402Json.ToHeader(new PaymentPayload
    {
        X402Version = X402Protocol.Version,
        Scheme = payment.Scheme,
        Network = payment.Network,
        Payload = new ExactEvmPayload
        {
            Signature = payment.Signature,
            Authorization = new ExactEvmAuthorization
            {
                From = payment.Authorization.From,
                To = payment.Authorization.To,
                Value = payment.Authorization.Value.ToString(),
                ValidAfter = payment.Authorization.ValidAfter.ToString(),
                ValidBefore = payment.Authorization.ValidBefore.ToString(),
                Nonce = payment.Authorization.Nonce,
            },
        },
    });
}
