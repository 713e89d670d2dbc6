using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Mcp;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Mcp;

/// <summary>
/// The MCP TypeScript SDK's client (npm `@modelcontextprotocol/sdk`, its <c>StreamableHTTPClientTransport</c>), run by
/// node against the running store, lists the tools and reads the price.
/// </summary>
public class McpTypeScriptClientInteropTests
{
    private const string SdkPackage = "@modelcontextprotocol/sdk@1.32.2";

    private const string ClientScript = """
        import { Client } from "@modelcontextprotocol/sdk/client/index.js";
        import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

        const client = new Client({ name: "cheaptokens-interop", version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[2])));
        const { tools } = await client.listTools();
        const price = await client.callTool({ name: "get_price", arguments: {} });
        await client.close();
        process.stdout.write(JSON.stringify({
          server: client.getServerVersion()?.name,
          tools: tools.map((tool) => tool.name),
          isError: price.isError ?? false,
          price: JSON.parse(price.content[0].text),
          structured: price.structuredContent ?? null,
        }));
        """;

    [Fact]
    public async Task TheTypeScriptClientListsTheToolsAndReadsTheLivePrice()
    {
        var folder = await NpmFolderOrSkip();
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        using var http = host.CreateClient();
        var script = Path.Combine(folder, "cheaptokens-mcp-client.mjs");
        await File.WriteAllTextAsync(script, ClientScript);

        var (exitCode, output, error) = await Run(folder, "node", [script, new Uri(host.BaseAddress, McpServiceCollectionExtensions.Path).ToString()], TimeSpan.FromMinutes(1));
        var board = await http.GetFromJsonAsync<JsonElement>("/api/prices");

        Assert.True(exitCode == 0, $"the MCP client failed: {error}");
        var answer = JsonDocument.Parse(output).RootElement;
        Assert.Equal("cheaptokens", answer.GetProperty("server").GetString());
        Assert.Equal(
            ["get_order", "get_payment_requirement", "get_price", "get_price_curve", "get_supply", "quote_credits", "quote_pass"],
            answer.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).Order());
        Assert.False(answer.GetProperty("isError").GetBoolean());
        Assert.Equal(board.GetProperty("unitPrice").GetDecimal(), answer.GetProperty("price").GetProperty("unitPrice").GetDecimal());
        Assert.Equal("USD", answer.GetProperty("price").GetProperty("currency").GetString());
        Assert.Equal(board.GetProperty("unitPrice").GetDecimal(), answer.GetProperty("structured").GetProperty("unitPrice").GetDecimal());
    }

    private static string NpmFolder() =>
        Environment.GetEnvironmentVariable("CHEAPTOKENS_MCP_NPM_DIR")
        ?? Path.Combine(Path.GetTempPath(), "cheaptokens-mcp-npm");

    /// <summary>A folder holding the MCP TypeScript SDK, installed on first use; the test is skipped if npm cannot.</summary>
    private static async Task<string> NpmFolderOrSkip()
    {
        var folder = NpmFolder();
        var installCommand = $"mkdir -p {folder} && cd {folder} && npm install {SdkPackage}";
        var (nodeExit, _, nodeError) = await Run(Path.GetTempPath(), "node", ["--version"], TimeSpan.FromSeconds(30));
        if (nodeExit != 0)
            Assert.Skip($"Node.js is needed to run the MCP TypeScript client ({nodeError.Trim()}); then: {installCommand}");
        if (File.Exists(Path.Combine(folder, "node_modules", "@modelcontextprotocol", "sdk", "package.json"))) return folder;

        Directory.CreateDirectory(folder);
        var (exitCode, _, error) = await Run(folder, "npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", SdkPackage], TimeSpan.FromMinutes(5));
        if (exitCode != 0)
            Assert.Skip($"The MCP TypeScript SDK could not be installed from npm here ({error.Trim()}); install it with: {installCommand}");
        return folder;
    }

    private static async Task<(int ExitCode, string Output, string Error)> Run(string folder, string program, string[] arguments, TimeSpan timeout)
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
