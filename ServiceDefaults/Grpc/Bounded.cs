using Grpc.Core;

namespace Suite.ServiceDefaults.Grpc;

/// <summary>
/// Error messages often quote the offending value; a 3 MB string quoted back would overflow the response headers
/// (HttpClient allows 64 KB), and the caller would see a broken connection instead of the status. Statuses leave
/// with their message and detail trailers bounded.
/// </summary>
public static class Bounded
{
    public const int MaxDetailChars = 1024;
    public const int MaxTrailerBytes = 16 * 1024;

    public static bool IsOversized(RpcException ex) =>
        ex.Status.Detail.Length > MaxDetailChars || ex.Trailers.Any(t => t.IsBinary ? t.ValueBytes.Length > MaxTrailerBytes : t.Value.Length > MaxTrailerBytes);

    /// <summary>The same status with the message cut (marked) and any oversized trailer (e.g. rich details) left out.</summary>
    public static RpcException Shorten(RpcException ex)
    {
        var detail = ex.Status.Detail;
        if (detail.Length > MaxDetailChars)
        {
            // The marker counts towards the bound, so a shortened status is never oversized itself.
            const int kept = MaxDetailChars - 40;
            detail = detail[..kept] + $"… ({detail.Length - kept} more characters)";
        }
        var trailers = new Metadata();
        foreach (var t in ex.Trailers.Where(t => (t.IsBinary ? t.ValueBytes.Length : t.Value.Length) <= MaxTrailerBytes))
        {
            trailers.Add(t);
        }
        return new RpcException(new Status(ex.StatusCode, detail), trailers, ex.Message.Length > MaxDetailChars ? detail : ex.Message);
    }
}
