using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Configuration;

/// <summary>
/// The one way options are bound and checked: bound from their section, validated at start-up by the options
/// class's own Validate(), whose messages name the configuration key ("Section:Key ...").
/// </summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and validates it at start-up. Safe to call
    /// from several features: the second call does nothing, since binding twice would repeat list entries.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(
        this IServiceCollection services, IConfigurationSection section, Func<TOptions, IReadOnlyList<string>> validate)
        where TOptions : class
    {
        var builder = services.AddOptions<TOptions>();
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<TOptions>) && d.ImplementationInstance is SelfValidatingOptions<TOptions>))
            return builder;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SelfValidatingOptions<TOptions>(validate)));
        return builder.Bind(section).ValidateOnStart();
    }

    private sealed class SelfValidatingOptions<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
