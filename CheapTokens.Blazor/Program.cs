using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Hosting;

if (OperatorCommand.Matches(args)) return await OperatorCommand.RunAsync(args, Console.Out, StoreApp.ComposeServices);

var app = StoreApp.Build(StoreApp.CreateBuilder(args));
await app.RunAsync();
return 0;

/// <summary>Entry point; the app itself is composed in <see cref="StoreApp"/>.</summary>
public partial class Program;
