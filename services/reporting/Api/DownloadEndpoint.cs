using Suite.Reporting.Data;
using Suite.Reporting.Delivery;

namespace Suite.Reporting.Api;

/// <summary>GET /reports/{id}/download?expires=…&amp;sig=…: the stored report's bytes, for a signed link's holder.</summary>
public static class DownloadEndpoint
{
    public static IEndpointRouteBuilder MapReportDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/{id:guid}/download", async (Guid id, long? expires, string? sig, HttpContext http, ReportStore store, TimeProvider clock) =>
        {
            if (http.RequestServices.GetService<DownloadLinks>() is not { } links)
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "no-store";
            switch (links.Check(id, expires ?? 0, sig, clock.GetUtcNow()))
            {
                case LinkCheck.BadSignature:
                    return Results.Problem("the link is not valid", statusCode: StatusCodes.Status403Forbidden);
                case LinkCheck.Expired:
                    return Results.Problem("the link has expired; ask for the report again", statusCode: StatusCodes.Status410Gone);
            }
            return await store.GetAsync(id, null, http.RequestAborted) is { } report
                ? Results.File(report.Content, report.ContentType, report.FileName)
                : Results.NotFound();
        }).AllowAnonymous();
        return app;
    }
}
