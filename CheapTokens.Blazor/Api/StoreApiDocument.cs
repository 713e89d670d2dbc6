using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Http;
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
                // The server address comes from the request with a trailing slash; paths start with one already.
                foreach (var server in document.Servers ?? [])
                {
                    if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
                }
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
                if (context.Description.HttpMethod is "POST" or "PUT" or "PATCH") DocumentBodyLimit(operation);
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
                if (metadata.OfType<AcceptsX402Payment>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = Core.Payments.X402.X402Protocol.PaymentHeader,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "The x402 payment (version 1, scheme exact): base64 of the JSON payment payload an x402 client signs for the requirement in the 402 answer. " +
                            "Send the same request again with it; without it the answer is 402 with what to pay.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Core.Payments.X402.PaymentHeaderDecoder.MaxHeaderLength },
                    });
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>
    /// Every store API request passes <see cref="RequestBodyLimit"/>, which answers 413 body_too_large to a body over
    /// the limit; an operation that takes a body says so, in the shape of its other problems.
    /// </summary>
    private static void DocumentBodyLimit(OpenApiOperation operation)
    {
        operation.Responses ??= [];
        // Any problem but 400's, whose schema is the validation problem with its errors.
        var problem = operation.Responses.Where(r => r.Key != "400").Select(r => r.Value).OfType<OpenApiResponse>()
            .Select(r => r.Content is { } content && content.TryGetValue("application/problem+json", out var media) ? media : null)
            .FirstOrDefault(m => m is not null);
        var response = new OpenApiResponse
        {
            Description = $"code {ProblemCodes.BodyTooLarge}: the request body is over {RequestBodyLimit.MaxBytes / 1024} KB; nothing was read or changed.",
        };
        if (problem is not null) response.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = problem };
        operation.Responses[StatusCodes.Status413PayloadTooLarge.ToString()] = response;
    }

    /// <summary>Documents what each status code of this endpoint means.</summary>
    public static RouteHandlerBuilder Answers(this RouteHandlerBuilder builder, params ResponseDescription[] responses) =>
        builder.WithMetadata(responses.Cast<object>().ToArray());
}
