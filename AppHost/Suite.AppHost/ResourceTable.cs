using System.Globalization;
using System.Text;
using Suite.Hosting;

namespace Suite.AppHost;

/// <summary>The human-readable summary printed once the suite is up.</summary>
internal static class ResourceTable
{
    public static string Render(SuiteApplication suite, string stateDir, string resourcesJson)
    {
        var text = new StringBuilder();
        var width = suite.Resources.Max(r => r.Name.Length) + 2;
        text.AppendLine(CultureInfo.InvariantCulture, $"{"RESOURCE".PadRight(width)}{"TYPE",-11}{"STATE",-14}ENDPOINTS / LOG");
        foreach (var resource in suite.Resources)
        {
            var urls = resource.Urls.Select(u => $"{Label(resource, u.Name)} {u.Url}").ToList();
            text.Append(CultureInfo.InvariantCulture, $"{resource.Name.PadRight(width)}{resource.Type,-11}{resource.State,-14}");
            text.AppendLine(urls.Count > 0 ? urls[0] : "");
            var indent = new string(' ', width + 25);
            foreach (var url in urls.Skip(1))
            {
                text.AppendLine(indent + url);
            }
            if (resource.StateDetail is { } detail && resource.State != ResourceState.Waiting)
            {
                text.AppendLine(indent + "note: " + detail);
            }
            if (resource.LogPath is { } log)
            {
                text.AppendLine(indent + "log: " + Relative(log, stateDir));
            }
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Prometheus UI     {suite.PrometheusUrl}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Mail UI           {suite.MailDevWebUrl}   (REST: {suite.MailDevApiUrl}email)");
        text.AppendLine(CultureInfo.InvariantCulture, $"RabbitMQ UI       {suite.RabbitMqManagementUrl}   (guest / guest)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Resources (JSON)  {resourcesJson}");

        if (suite.Resources.OfType<ProjectResource>().FirstOrDefault(p => p.Name == "ingestion") is { HasEndpoints: true } ingestion)
        {
            var token = suite.TokenFor("demo");
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var json = $$"""{"events":[{"eventId":"{{Guid.NewGuid()}}","domain":"auth","type":"LOGIN","occurredAt":"{{now}}","userId":"u-1","countryCode":"DE"}]}""";
            text.AppendLine();
            text.AppendLine("Development token (tenant demo, role admin, valid 12 h):");
            text.AppendLine(CultureInfo.InvariantCulture, $"  export TOKEN={token}");
            text.AppendLine("JSON (HTTP/1.1):");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  curl -H \"Authorization: Bearer $TOKEN\" -H 'content-type: application/json' -d '{json}' {ingestion.HttpEndpoint}v1/batch");
            text.AppendLine("gRPC (h2c, reflection enabled):");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  grpcurl -plaintext -H \"authorization: Bearer $TOKEN\" -d '{json}' 127.0.0.1:{ingestion.GrpcPort} suite.ingestion.v1.Ingestion/TrackBatch");
        }
        text.AppendLine();
        text.AppendLine("Press Ctrl+C to stop everything.");
        return text.ToString();
    }

    private static string Label(Resource resource, string urlName) => (resource, urlName) switch
    {
        (ProjectResource, "http") => "json/http",
        (ProjectResource, "metrics") => "/metrics",
        (RabbitMQServerResource, "metrics") => "/metrics",
        (PrometheusResource, "ui") => "ui",
        _ => urlName,
    };

    private static string Relative(string path, string stateDir)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
