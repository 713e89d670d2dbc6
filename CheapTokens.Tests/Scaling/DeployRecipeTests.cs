using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CheapTokens.Tests.Support;
using Npgsql;

namespace CheapTokens.Tests.Scaling;

/// <summary>
/// README's several-node recipe, run as an operator runs it: <c>deploy/two-nodes.sh up</c> installs and starts
/// PostgreSQL, Redis, two nodes and the HAProxy front; buyers pay through the front with the default processor (the
/// Stripe stand-in); node A is killed with SIGKILL mid-rush; every charge ends with one key or a refund; the front's
/// access log names no order token; <c>down</c> leaves nothing running.
/// </summary>
public sealed class DeployRecipeTests(ITestOutputHelper output)
{
    [DeployFact]
    public async Task TheTwoNodeRecipeSellsThroughItsFrontAndSurvivesANodeKilled()
    {
        var state = Path.Combine(Path.GetTempPath(), "ct-deploy-" + Guid.NewGuid().ToString("N")[..8]);
        var database = "ct_deploy_" + Guid.NewGuid().ToString("N")[..8];
        var (front, portA, portB) = (AppProcess.FreePort(), AppProcess.FreePort(), AppProcess.FreePort());
        var recipe = new Recipe(state, database, front, portA, portB, output);
        var tornDown = false;
        try
        {
            // Every test buyer comes from 127.0.0.1, so the per-address limits are raised, through the operator's own
            // settings file as a live install passes its keys.
            await File.WriteAllLinesAsync(recipe.ExtraSettings, ["RateLimits__QuotesPerMinute=10000", "RateLimits__OrdersPerMinute=10000"]);
            Assert.Equal(0, await recipe.RunAsync("up", TimeSpan.FromMinutes(6)));

            // The generated secrets are the operator's alone.
            var envFile = Path.Combine(state, "cheaptokens.env");
            if (OperatingSystem.IsLinux()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(envFile));

            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{front}"), Timeout = TimeSpan.FromSeconds(20) };
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);

            // Buyers with their own cookie jars: the front spreads them over both nodes and keeps each on its node.
            var orders = new ConcurrentBag<Attempt>();
            using var stop = new CancellationTokenSource();
            var buyers = Enumerable.Range(0, 6).Select(_ => Task.Run(() => BuyUntilStoppedAsync(front, orders, stop.Token))).ToList();
            await Eventually(() => Task.FromResult(orders.Count(o => o.Token is not null) >= 12), "orders through the front", TimeSpan.FromSeconds(90));
            var nodeA = int.Parse(await File.ReadAllTextAsync(Path.Combine(state, "node-a.pid")), System.Globalization.CultureInfo.InvariantCulture);
            Process.GetProcessById(nodeA).Kill(); // SIGKILL
            var killed = Stopwatch.StartNew();
            // Buyers keep buying through the front while it notices; a request cut off is retried with its own key.
            await Task.Delay(TimeSpan.FromSeconds(8));
            await stop.CancelAsync();
            await Task.WhenAll(buyers);
            using var retry = new FrontBuyer(front);
            foreach (var cutOff in orders.Where(o => o.Token is null))
                cutOff.Token = await PlaceAsync(retry.Http, cutOff);
            output.WriteLine($"{orders.Count} orders, {orders.Count(o => o.Node == "a")} answered by node A, {orders.Count(o => o.Node == "b")} by B; killed {killed.Elapsed.TotalSeconds:F1} s ago");
            Assert.Contains(orders, o => o.Node == "a");
            Assert.Contains(orders, o => o.Node == "b");

            // The front took A out: a new buyer is served by B.
            await Eventually(async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the front serving after the kill", TimeSpan.FromSeconds(10));
            using var late = new FrontBuyer(front);
            var lateOrder = new Attempt();
            await BuyOnceAsync(late, lateOrder, CancellationToken.None);
            Assert.NotNull(lateOrder.Token);
            Assert.Equal("b", lateOrder.Node);

            // Every charge ends with one key or a refund (B resumes what A held, within its lease).
            var connection = ConnectionString(envFile, database);
            await Eventually(async () => await OpenCountAsync(connection) == 0, "every order and payment final", TimeSpan.FromMinutes(3));
            var charges = await ReadAsync(connection, """
                SELECT i."OrderId", COUNT(*), MAX(i."AmountRefunded"),
                       (SELECT COUNT(*) FROM "OrderKeys" k WHERE k."OrderId"::text = i."OrderId" AND k."Status" = 'Minted')
                FROM "StripeStandInPaymentIntents" i WHERE i."Status" = 'succeeded' GROUP BY i."OrderId"
                """, r => (Order: r.GetString(0), Charges: r.GetInt64(1), Refunded: r.GetInt64(2) > 0, Keys: r.GetInt64(3)));
            output.WriteLine($"charges: {charges.Count}, refunded: {charges.Count(c => c.Refunded)}");
            Assert.True(charges.Count >= 12, $"only {charges.Count} charges");
            Assert.All(charges, c =>
            {
                Assert.Equal(1, c.Charges);
                Assert.True(c.Keys == 1 ^ c.Refunded, $"order {c.Order}: {c.Keys} keys, refunded {c.Refunded}");
            });

            // Each buyer reads its order through the front, as a program polls it: a key for every one.
            using var reader = new FrontBuyer(front);
            foreach (var order in orders.Where(o => o.Token is not null).Append(lateOrder))
            {
                var view = await reader.Http.GetFromJsonAsync<JsonElement>($"/api/orders/{order.Token}");
                Assert.Equal("fulfilled", view.GetProperty("status").GetString());
                Assert.False(string.IsNullOrEmpty(view.GetProperty("apiKey").GetString()));
            }

            // The front's access log never holds an order token.
            var accessLog = await File.ReadAllTextAsync(Path.Combine(state, "front.log"));
            Assert.Contains("/api/orders/-", accessLog, StringComparison.Ordinal);
            Assert.All(orders.Where(o => o.Token is not null), o => Assert.DoesNotContain(o.Token!, accessLog, StringComparison.Ordinal));

            // `down` leaves nothing running (dropping the database first, while PostgreSQL still runs: `down` stops
            // it when `up` started it).
            var pids = Directory.GetFiles(state, "*.pid").Select(f => int.Parse(File.ReadAllText(f), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            await recipe.DropDatabaseAsync();
            tornDown = true;
            Assert.Equal(0, await recipe.RunAsync("down", TimeSpan.FromMinutes(1)));
            Assert.All(pids, pid => Assert.False(IsRunning(pid), $"process {pid} still runs after down"));
        }
        finally
        {
            // Best effort here: the assertions on tearing down are the test's last step, below, so a failure earlier
            // in the test is the one reported.
            if (!tornDown)
            {
                await recipe.DropDatabaseAsync();
                await recipe.RunAsync("down", TimeSpan.FromMinutes(1));
            }
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
            File.Delete(recipe.ExtraSettings);
        }
    }

    private const int MaxOrders = 36;

    private sealed class Attempt
    {
        public string Key { get; } = Guid.NewGuid().ToString("N");

        public object? Body { get; set; }

        public string? Token { get; set; }

        /// <summary>The node the front's affinity cookie names after the answer.</summary>
        public string? Node { get; set; }
    }

    /// <summary>A buyer with its own cookie jar, as a browser has: the front's affinity cookie lands there.</summary>
    private sealed class FrontBuyer : IDisposable
    {
        private readonly CookieContainer _jar = new();

        public FrontBuyer(int port) =>
            Http = new HttpClient(new HttpClientHandler { CookieContainer = _jar, UseCookies = true })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(30),
            };

        public HttpClient Http { get; }

        /// <summary>The node the front pinned this buyer to.</summary>
        public string? Node => _jar.GetCookies(Http.BaseAddress!)["ct_node"]?.Value;

        public void Dispose() => Http.Dispose();
    }

    private static async Task BuyUntilStoppedAsync(int front, ConcurrentBag<Attempt> orders, CancellationToken stop)
    {
        // A fresh buyer each time: a new cookie jar, so the front places it anew. At most MaxOrders in all, so the key
        // pool (50) serves every one at once and the test does not wait for Venice's pacing.
        while (!stop.IsCancellationRequested && orders.Count < MaxOrders)
        {
            using var buyer = new FrontBuyer(front);
            var attempt = new Attempt();
            try
            {
                await BuyOnceAsync(buyer, attempt, stop);
            }
            catch (Exception) when (attempt.Body is not null)
            {
                // Cut off (the kill, or the stop): retried after the rush with the same key and body.
            }
            catch (Exception)
            {
                // No quote yet: nothing to retry.
            }
            if (attempt.Body is not null) orders.Add(attempt);
        }
    }

    private static async Task BuyOnceAsync(FrontBuyer buyer, Attempt attempt, CancellationToken stop)
    {
        var http = buyer.Http;
        var quote = await http.PostAsJsonAsync("/api/quotes", new { credits = Random.Shared.Next(3, 7) } /* over the $0.50 card minimum at any price of the day */, stop);
        quote.EnsureSuccessStatusCode();
        var quoteId = (await quote.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("id").GetGuid();
        attempt.Body = new { quoteId, email = "deploy@example.com", paymentMethod = "pm_card_visa" };
        attempt.Token = await PlaceAsync(http, attempt, stop);
        attempt.Node = buyer.Node;
    }

    private static async Task<string> PlaceAsync(HttpClient http, Attempt attempt, CancellationToken stop = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(attempt.Body) };
        request.Headers.Add("Idempotency-Key", attempt.Key);
        var response = await http.SendAsync(request, stop);
        var body = await response.Content.ReadAsStringAsync(stop);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"an order through the front answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>Alive, not merely a zombie waiting for its parent to read its exit.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string ConnectionString(string envFile, string database)
    {
        var password = File.ReadAllLines(envFile).Single(l => l.StartsWith("CT_DB_PASSWORD=", StringComparison.Ordinal))["CT_DB_PASSWORD=".Length..];
        return $"Host=127.0.0.1;Port=5432;Database={database};Username=cheaptokens;Password={password}";
    }

    private static async Task<long> OpenCountAsync(string connection) =>
        (await ReadAsync(connection, """
            SELECT (SELECT COUNT(*) FROM "Orders" WHERE "Status" NOT IN ('Fulfilled', 'Declined', 'Refunded'))
                 + (SELECT COUNT(*) FROM "PaymentLedger" WHERE "State" IN ('Pending', 'AwaitingBuyer', 'RefundPending'))
            """, r => r.GetInt64(0))).Single();

    private static async Task<List<T>> ReadAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout) Assert.Fail($"Waited {timeout} for {what}.");
            await Task.Delay(250);
        }
    }

    /// <summary>deploy/two-nodes.sh with this test's state folder, database and ports.</summary>
    private sealed class Recipe(string state, string database, int front, int portA, int portB, ITestOutputHelper output)
    {
        public string ExtraSettings { get; } = state + ".settings";

        public async Task<int> RunAsync(string command, TimeSpan timeout)
        {
            var start = new ProcessStartInfo("bash")
            {
                WorkingDirectory = RepositoryRoot(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "deploy/two-nodes.sh", command, "--state", state, "--app", AppProcess.AppDirectory(), "--database", database,
                         "--front-port", front.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "--node-ports", $"{portA},{portB}", "--env-file", ExtraSettings,
                     })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                output.WriteLine($"two-nodes.sh {command} did not finish in {timeout}");
            }
            output.WriteLine($"two-nodes.sh {command}: {await stdout}{await stderr}");
            if (process.ExitCode != 0)
                foreach (var log in new[] { "node-a.log", "node-b.log", "front.log" }.Select(f => Path.Combine(state, f)).Where(File.Exists))
                    output.WriteLine($"{Path.GetFileName(log)}:\n{string.Join('\n', File.ReadLines(log).TakeLast(40))}");
            return process.ExitCode;
        }

        public async Task DropDatabaseAsync()
        {
            var drop = new ProcessStartInfo("runuser") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-u", "postgres", "--", "dropdb", "--if-exists", "--force", database }) drop.ArgumentList.Add(argument);
            using var process = Process.Start(drop)!;
            await process.WaitForExitAsync();
        }
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CheapTokens.sln"))) root = root.Parent;
        return root?.FullName ?? throw new InvalidOperationException("CheapTokens.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Runs where the recipe can: Linux, as root (it installs packages and starts services), with a built store. CI
/// runs as root; a developer's machine skips it with the reason.
/// </summary>
public sealed class DeployFactAttribute : FactAttribute
{
    public DeployFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsLinux()) Skip = "the several-node recipe runs on Debian";
        else if (Environment.UserName != "root") Skip = "the several-node recipe installs and starts services: run the tests as root (CI does)";
        else if (!File.Exists("/usr/bin/apt-get") && !File.Exists("/usr/sbin/haproxy")) Skip = "the several-node recipe needs Debian's apt or HAProxy installed";
    }
}
