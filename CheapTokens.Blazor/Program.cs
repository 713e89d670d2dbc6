using CheapTokens.Blazor.Hosting;

var app = StoreApp.Build(StoreApp.CreateBuilder(args));
app.Run();

/// <summary>Entry point; the app itself is composed in <see cref="StoreApp"/>.</summary>
public partial class Program;
