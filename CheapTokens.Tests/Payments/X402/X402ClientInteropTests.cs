using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using CheapTokens.Core.Payments.X402;
using Nethereum.Signer;

namespace CheapTokens.Tests.Payments.X402;

/// <summary>
/// Payments made by the real x402 client (npm `x402` 1.2.0 with a `viem` local account, the code x402-fetch runs)
/// verify here: one recorded once, always checked; one made now by running the client with node.
/// </summary>
public class X402ClientInteropTests
{
    private const string X402Package = "x402@1.2.0";
    private const string FetchPackage = "x402-fetch@1.2.0";
    private const string ViemPackage = "viem@2.58.8";
    private const string StoreAddress = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";

    /// <summary>
    /// Made by x402's createPaymentHeader for <see cref="Offer"/> with a key generated for this vector alone (never
    /// funded); the client set validAfter 600 s before the moment it signed, as it always does.
    /// </summary>
    private const string RecordedHeader = "eyJ4NDAyVmVyc2lvbiI6MSwic2NoZW1lIjoiZXhhY3QiLCJuZXR3b3JrIjoiYmFzZS1zZXBvbGlhIiwicGF5bG9hZCI6eyJzaWduYXR1cmUiOiIweGMzMzAyZGZiNzg5Y2Y5NzViNWJkN2YzZDk3YzI5N2I2MDRmYzZjOTAxMjNhMWMwNzMzZDMxM2Y1OTQ1Y2E1Mjg2OTljMjc3YjQzNjVmYWRlMTNhMGU2YjJjNjYyNDJkY2FhNGYyNzhmN2QwY2RlNjc2YTZlNGM0YWYxZmNmNjNiMWIiLCJhdXRob3JpemF0aW9uIjp7ImZyb20iOiIweGI5MjNCYzA5ZTU0N2ZCNjZCNTQyNzYzMjkwOTRmMDREY0QzMjJBMGUiLCJ0byI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsInZhbHVlIjoiMTI1MDAwMCIsInZhbGlkQWZ0ZXIiOiIxNzk2NjgxMDUyIiwidmFsaWRCZWZvcmUiOiIxNzk2NjgxOTUyIiwibm9uY2UiOiIweGFmZmFiZjkxZDZiYTJmZjdhYmYyYWYxNDczMjFlY2VmY2U3YTA2ODFjZmIyZjQ5YWI5YjYyNWVkNThjM2M5ZjQifX19";
    private const string RecordedPayer = "0xb923Bc09e547fB66B54276329094f04DcD322A0e";
    private static readonly DateTimeOffset RecordedAt = DateTimeOffset.FromUnixTimeSeconds(1796681052 + 600);

    private static PaymentRequirements Offer() => PaymentRequirementsBuilder.Build(
        1.25m, new Uri("https://store.example/api/x402/orders"), "One-day Venice.ai API key", StoreAddress,
        X402Network.BaseSepolia, TimeSpan.FromSeconds(300));

    private static X402Verification VerifyHeader(string header, PaymentRequirements offered, DateTimeOffset now)
    {
        var decoding = PaymentHeaderDecoder.Decode(header);
        Assert.True(decoding.IsDecoded, decoding.Refusal?.Message);
        return X402PaymentVerifier.Verify(decoding.Payment, offered, X402Network.BaseSepolia, now);
    }

    [Fact]
    public void PaymentHeaderRecordedFromTheX402ClientVerifiesAndNamesItsPayer()
    {
        var verification = VerifyHeader(RecordedHeader, Offer(), RecordedAt);

        Assert.True(verification.IsValid, verification.Refusal?.Message);
        Assert.Equal(RecordedPayer, verification.Payer);
    }

    [Fact]
    public void PaymentHeaderRecordedFromTheX402ClientIsRefusedForAnotherPriceOrAfterItExpires()
    {
        var dearer = Offer() with { MaxAmountRequired = "1250001" };

        Assert.Equal(X402ErrorReasons.AuthorizationValue, VerifyHeader(RecordedHeader, dearer, RecordedAt).Refusal?.Code);
        Assert.Equal(X402ErrorReasons.AuthorizationValidBefore,
            VerifyHeader(RecordedHeader, Offer(), RecordedAt.AddSeconds(300)).Refusal?.Code);
    }

    [Fact]
    public async Task PaymentHeaderMadeNowByTheX402ClientVerifiesAndNamesItsPayer()
    {
        var folder = await NpmFolderOrSkip();
        var key = EthECKey.GenerateKey();
        var offered = Offer();
        var body = new PaymentRequiredResponse { Error = "X-PAYMENT header is required", Accepts = [offered] };

        var header = await RunNode(folder, JsonSerializer.Serialize(new
        {
            privateKey = key.GetPrivateKey(),
            body = JsonSerializer.SerializeToElement(body, X402Json.Options),
        }));

        var verification = VerifyHeader(header, offered, TimeProvider.System.GetUtcNow());
        Assert.True(verification.IsValid, verification.Refusal?.Message);
        Assert.Equal(key.GetPublicAddress(), verification.Payer);
    }

    /// <summary>
    /// What x402-fetch does with a 402 body: each requirement through x402's own schema, one chosen, a header made.
    /// </summary>
    private const string ClientScript = """
        const { PaymentRequirementsSchema } = require("x402/types");
        const { createPaymentHeader, selectPaymentRequirements } = require("x402/client");
        const { privateKeyToAccount } = require("viem/accounts");
        let input = "";
        process.stdin.on("data", (chunk) => (input += chunk));
        process.stdin.on("end", async () => {
          const { privateKey, body } = JSON.parse(input);
          const accepts = body.accepts.map((x) => PaymentRequirementsSchema.parse(x));
          const chosen = selectPaymentRequirements(accepts, undefined, "exact");
          process.stdout.write(await createPaymentHeader(privateKeyToAccount(privateKey), body.x402Version, chosen));
        });
        """;

    private static string NpmFolder() =>
        Environment.GetEnvironmentVariable("CHEAPTOKENS_X402_NPM_DIR")
        ?? Path.Combine(Path.GetTempPath(), "cheaptokens-x402-npm");

    /// <summary>A folder holding the x402 client and viem, installed on first use; the test is skipped if npm cannot.</summary>
    /// <summary>The folder with the x402 client, x402-fetch and viem installed (installed now if need be); skips the test where that cannot be.</summary>
    internal static async Task<string> NpmFolderOrSkip()
    {
        var folder = NpmFolder();
        var installCommand = $"mkdir -p {folder} && cd {folder} && npm install {X402Package} {FetchPackage} {ViemPackage}";
        var installed = File.Exists(Path.Combine(folder, "node_modules", "x402", "package.json"))
            && File.Exists(Path.Combine(folder, "node_modules", "x402-fetch", "package.json"))
            && File.Exists(Path.Combine(folder, "node_modules", "viem", "package.json"));

        var (nodeExit, _, nodeError) = await Run(Path.GetTempPath(), "node", ["--version"], stdin: null, TimeSpan.FromSeconds(30));
        if (nodeExit != 0)
            Assert.Skip($"Node.js is needed to run the x402 client ({nodeError.Trim()}); then: {installCommand}");

        if (installed) return folder;

        Directory.CreateDirectory(folder);
        var (exitCode, _, error) = await Run(folder, "npm",
            ["install", "--no-audit", "--no-fund", "--loglevel=error", X402Package, FetchPackage, ViemPackage], stdin: null, TimeSpan.FromMinutes(5));
        if (exitCode != 0)
            Assert.Skip($"The x402 client could not be installed from npm here ({error.Trim()}); install it with: {installCommand}");
        return folder;
    }

    private static async Task<string> RunNode(string folder, string input)
    {
        var script = Path.Combine(folder, "cheaptokens-sign-payment.cjs");
        await File.WriteAllTextAsync(script, ClientScript);
        var (exitCode, output, error) = await Run(folder, "node", [script], input, TimeSpan.FromMinutes(1));
        Assert.True(exitCode == 0, $"the x402 client failed: {error}");
        return output.Trim();
    }

    internal static async Task<(int ExitCode, string Output, string Error)> Run(
        string folder, string program, string[] arguments, string? stdin, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            return (-1, "", $"{program} is not installed: {e.Message}");
        }
        using (process)
        {
            await process.StandardInput.WriteAsync(stdin ?? "");
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, "", $"{program} did not finish within {timeout.TotalSeconds:0} s");
            }
            return (process.ExitCode, await output, await error);
        }
    }
}
