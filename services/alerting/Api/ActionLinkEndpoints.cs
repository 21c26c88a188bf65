using System.Net;
using Npgsql;
using Suite.Alerting.Domain.Links;
using Suite.Alerting.Incidents;
using Suite.ServiceDefaults.Data;

namespace Suite.Alerting.Api;

/// <summary>
/// The signed Acknowledge/Resolve links of Slack and email messages: <c>GET /alerts/{id}/{action}?recipient&amp;exp&amp;sig</c>
/// shows a confirmation page with a form, <c>POST</c> to the same URL acts. GET never acts: link scanners and
/// chat previews fetch URLs. No login: the signed link is the capability (bound to incident, action, recipient,
/// expiry), so the endpoints allow anonymous callers. Without configured links (Alerting:Links) they answer 404.
/// </summary>
public static class ActionLinkEndpoints
{
    public static IEndpointRouteBuilder MapActionLinks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/alerts").AllowAnonymous();
        group.MapGet("/{id}/{action}", ShowAsync);
        group.MapPost("/{id}/{action}", ActAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ShowAsync(string id, string action, HttpContext http,
        [FromKeyedServices(SystemScope.AllTenants)] NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        if (Check(id, action, http, clock) is { } rejected)
        {
            return rejected;
        }
        var incident = await IncidentStore.GetAsync(db, Guid.Parse(id), ct);
        if (incident is null)
        {
            return Page(http, HttpStatusCode.NotFound, "Alert not found", "This alert does not exist (any more).");
        }
        var verb = action == AlertActions.AcknowledgeSegment ? "Acknowledge" : "Resolve";
        var target = http.Request.Path + http.Request.QueryString;
        var body =
            $"<p><strong>{Encode(incident.AlertName)}</strong> ({Encode(incident.Severity)}), tenant {Encode(incident.Tenant)}, " +
            $"since {Encode(incident.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture))}. " +
            $"Now <strong>{Encode(incident.State)}</strong>.</p>" +
            $"<form method=\"post\" action=\"{Encode(target)}\"><button type=\"submit\">{verb}</button></form>";
        return Page(http, HttpStatusCode.OK, $"{verb} this alert?", body, raw: true);
    }

    private static async Task<IResult> ActAsync(string id, string action, HttpContext http, IncidentActions actions, TimeProvider clock, CancellationToken ct)
    {
        if (Check(id, action, http, clock) is { } rejected)
        {
            return rejected;
        }
        var incidentId = Guid.Parse(id);
        var by = http.Request.Query["recipient"].ToString();
        var acknowledge = action == AlertActions.AcknowledgeSegment;
        var result = acknowledge
            ? await actions.AcknowledgeAsync(incidentId, tenant: null, by, ct)
            : await actions.ResolveAsync(incidentId, tenant: null, by, ct);
        var done = acknowledge ? "acknowledged" : "resolved";
        return result.Outcome switch
        {
            IncidentActionOutcome.Done => Page(http, HttpStatusCode.OK, $"Alert {done}", $"{result.Incident!.AlertName} is now {done}."),
            IncidentActionOutcome.AlreadyDone => Page(http, HttpStatusCode.OK, $"Already {done}", $"{result.Incident!.AlertName} was already {done}."),
            IncidentActionOutcome.AlreadyResolved => Page(http, HttpStatusCode.Conflict, "Already resolved", $"{result.Incident!.AlertName} is resolved: nothing to acknowledge."),
            _ => Page(http, HttpStatusCode.NotFound, "Alert not found", "This alert does not exist (any more)."),
        };
    }

    /// <returns>The error page, or null when the link is valid.</returns>
    private static IResult? Check(string id, string action, HttpContext http, TimeProvider clock)
    {
        if (http.RequestServices.GetService<ActionLinks>() is not { } links)
        {
            return Page(http, HttpStatusCode.NotFound, "Not found", "Action links are not enabled on this service.");
        }
        var query = http.Request.Query;
        // A repeated parameter is not our link (the signature covers one value of each).
        string? Single(string name) => query[name].Count == 1 ? query[name][0] : null;
        return links.Verify(id, action, Single("recipient"), Single("exp"), Single("sig"), clock.GetUtcNow()) switch
        {
            LinkCheck.Valid => null,
            LinkCheck.Expired => Page(http, HttpStatusCode.Gone, "Link expired", "This link has expired. Use a newer message, or the API."),
            LinkCheck.BadSignature => Page(http, HttpStatusCode.Forbidden, "Invalid link", "This link is not valid (it was changed, or signed with another key)."),
            _ => Page(http, HttpStatusCode.BadRequest, "Invalid link", "This link is incomplete or malformed."),
        };
    }

    private static IResult Page(HttpContext http, HttpStatusCode status, string title, string body, bool raw = false)
    {
        // The URL carries a capability: keep it out of caches, referrers and search indexes.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">" +
                   $"<title>{Encode(title)}</title></head><body style=\"font-family:sans-serif\"><h1>{Encode(title)}</h1>" +
                   (raw ? body : $"<p>{Encode(body)}</p>") + "</body></html>";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: (int)status);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
