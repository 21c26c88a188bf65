using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Suite.ServiceDefaults.Limits;

/// <summary>
/// JSON-transcoded (and any other non-gRPC) HTTP requests: a declared Content-Length over the limit is answered 413 at
/// once; for chunked bodies the per-request Kestrel limit stops the read with 413. gRPC requests are left to
/// grpc-dotnet's MaxReceiveMessageSize (per message, so long client streams are not cut).
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, RequestSizeOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (IsGrpc(context.Request))
        {
            return next(context);
        }
        if (context.Request.ContentLength > options.MaxHttpBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return context.Response.WriteAsJsonAsync(new
            {
                code = 8,   // google.rpc.Code.RESOURCE_EXHAUSTED, as transcoded gRPC errors are shaped
                message = $"request body of {context.Request.ContentLength} bytes is over the limit of {options.MaxHttpBodyBytes} bytes",
            });
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = options.MaxHttpBodyBytes;
        }
        return next(context);
    }

    /// <summary>gRPC proper (not a JSON-transcoded call of a gRPC method).</summary>
    internal static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
