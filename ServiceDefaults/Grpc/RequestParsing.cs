using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Suite.ServiceDefaults.Limits;

namespace Suite.ServiceDefaults.Grpc;

/// <summary>
/// A request body that is not a valid message must be the caller's error: INVALID_ARGUMENT naming the expected type.
/// gRPC for ASP.NET Core parses a unary (and server-streaming) request before any interceptor runs and answers a
/// parse failure with UNKNOWN "Exception was thrown by handler", so those calls are parsed once here first (the
/// body is buffered and handed on); streamed request messages are parsed inside the handler and translated by
/// <see cref="ExceptionInterceptor"/>.
/// </summary>
public static class RequestParsing
{
    private static readonly ConcurrentDictionary<Type, MessageParser?> Parsers = new();

    public static IApplicationBuilder UseGrpcRequestParsing(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { Method.Type: MethodType.Unary or MethodType.ServerStreaming } grpc
            && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true
            && ParserFor(grpc.Method) is { } parser)
        {
            var limit = context.RequestServices.GetService<RequestSizeOptions>()?.MaxGrpcMessageBytes ?? GrpcExtensions.MaxMessageBytes;
            var body = await ReadAsync(context.Request.BodyReader, limit + 5, context.RequestAborted);
            if (body is null)
            {
                Refuse(context, StatusCode.ResourceExhausted, $"request: larger than {limit} bytes");
                return;
            }
            if (Problem(body, parser) is { } problem)
            {
                Refuse(context, StatusCode.InvalidArgument, problem);
                return;
            }
            // Kestrel's HTTP/2 request pipe is consumed now: the handler reads the buffered copy.
            context.Features.Set<IRequestBodyPipeFeature>(new BufferedBody(PipeReader.Create(new ReadOnlySequence<byte>(body))));
            context.Request.Body = new MemoryStream(body, writable: false);
        }
        await next(context);
    });

    /// <returns>The whole body, or null when it exceeds <paramref name="limit"/>.</returns>
    private static async Task<byte[]?> ReadAsync(PipeReader reader, int limit, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.Buffer.Length > limit)
            {
                await DrainAsync(reader, result, ct);
                return null;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>
    /// Reads the rest of an oversized body (up to 64 MB) before answering: an HTTP/2 response that ends while the client
    /// still sends resets the stream, and the client would report a broken connection instead of the status.
    /// </summary>
    private static async Task DrainAsync(PipeReader reader, ReadResult result, CancellationToken ct)
    {
        long drained = 0;
        while (true)
        {
            drained += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled || drained > 64L * 1024 * 1024)
            {
                return;
            }
            result = await reader.ReadAsync(ct);
        }
    }

    /// <summary>A trailers-only response: the status travels in the headers.</summary>
    private static void Refuse(HttpContext context, StatusCode status, string message)
    {
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }

    private sealed class BufferedBody(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }

    /// <summary>Null when the gRPC frame holds a parsable message (or a compressed one, left to the handler).</summary>
    public static string? Problem(ReadOnlySpan<byte> frame, MessageParser parser)
    {
        if (frame.Length < 5 || BinaryPrimitives.ReadUInt32BigEndian(frame[1..5]) != frame.Length - 5)
        {
            return null;   // not one complete frame: gRPC's own reader reports that
        }
        if (frame[0] != 0)
        {
            return null;
        }
        try
        {
            parser.ParseFrom(frame[5..]);
            return null;
        }
        catch (InvalidProtocolBufferException ex)
        {
            return $"request: not a valid {parser.ParseFrom(ByteString.Empty).Descriptor.FullName} message ({ex.Message})";
        }
    }

    private static MessageParser? ParserFor(IMethod method) => Parsers.GetOrAdd(method.GetType(), type =>
        type.IsGenericType && type.GetGenericArguments()[0].GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageParser parser
            ? parser
            : null);
}
