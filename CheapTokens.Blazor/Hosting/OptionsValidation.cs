using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Hosting;

/// <summary>Adapts an options class's own Validate() (messages naming the configuration key) to start-up validation.</summary>
public sealed class SelfValidatingOptions<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
