using CheapTokens.Blazor.Checkout;
using CheapTokens.Core.Orders;
using Microsoft.OpenApi;

namespace CheapTokens.Blazor.Api;

/// <summary>How one status code of an operation answers, shown in the OpenAPI document (problem codes included).</summary>
public sealed record ResponseDescription(int StatusCode, string Text);

/// <summary>Marks an operation that requires the <c>Idempotency-Key</c> header.</summary>
public sealed record RequiresIdempotencyKey;

/// <summary>The OpenAPI document of the store API, served at <see cref="Path"/>; the stand-ins and pages stay out of it.</summary>
public static class StoreApiDocument
{
    public const string Path = "/openapi/v1.json";

    public static IServiceCollection AddStoreApiDocument(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "CheapTokens store API",
                    Version = "v1",
                    Description = "Live prices, quotes and orders for Venice credits that expire at the next 00:00 UTC, and for multi-day diem passes. " +
                        "Errors are RFC 7807 problem details (application/problem+json) whose status is the HTTP status number; " +
                        "where a reason matters to a program, the problem carries a machine-readable code.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                foreach (var response in metadata.OfType<ResponseDescription>())
                {
                    if (operation.Responses?.TryGetValue(response.StatusCode.ToString(), out var documented) == true && documented is OpenApiResponse concrete)
                        concrete.Description = response.Text;
                }
                if (metadata.OfType<RequiresIdempotencyKey>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = CheckoutService.IdempotencyKeyHeader,
                        In = ParameterLocation.Header,
                        Required = true,
                        Description = $"A key you choose per order ({OrderInputRules.MinIdempotencyKeyLength}–{OrderInputRules.MaxIdempotencyKeyLength} visible ASCII characters; a UUID is ideal). " +
                            "Sending the same key again returns the same order and never charges twice.",
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            MinLength = OrderInputRules.MinIdempotencyKeyLength,
                            MaxLength = OrderInputRules.MaxIdempotencyKeyLength,
                        },
                    });
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>Documents what each status code of this endpoint means.</summary>
    public static RouteHandlerBuilder Answers(this RouteHandlerBuilder builder, params ResponseDescription[] responses) =>
        builder.WithMetadata(responses.Cast<object>().ToArray());
}
