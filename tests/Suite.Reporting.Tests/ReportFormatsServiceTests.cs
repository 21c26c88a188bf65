using System.IO.Compression;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Suite.Contracts.Common.V1;
using Suite.Contracts.Reporting.V1;
using Suite.Reporting.Data;
using Suite.Reporting.Delivery;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;
using ReportingClient = Suite.Contracts.Reporting.V1.Reporting.ReportingClient;

namespace Suite.Reporting.Tests;

/// <summary>
/// HTML, CSV and XLSX through GenerateReport, GetReport streaming the stored bytes (tenant-scoped), and an email
/// with the HTML report as its body — against real PostgreSQL, RabbitMQ and the SMTP sink.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class ReportFormatsServiceTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private static readonly DateTimeOffset From = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddHours(5);

    private ReportingTestHost _env = null!;

    public async Task InitializeAsync() => _env = await ReportingTestHost.StartAsync(infra);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Html_csv_and_xlsx_are_generated_stored_and_streamed_back_byte_for_byte()
    {
        await using var factory = NewFactory();
        var client = new ReportingClient(factory.Channel());

        var html = await Generate(client, ReportFormat.Html);
        Assert.Equal(("text/html; charset=utf-8", "login_success_rate_20260105-0800_20260105-1300.html"), (html.ContentType, html.FileName));
        var page = Encoding.UTF8.GetString(html.Content.ToByteArray());
        Assert.Contains(">87.50 %</div>", page);
        Assert.Contains(">2026-01-05 11:00</td>", page);
        Assert.Contains("<img src=\"data:image/png;base64,", page);

        var csv = await Generate(client, ReportFormat.Csv);
        Assert.Equal(("text/csv; charset=utf-8", "login_success_rate_20260105-0800_20260105-1300.csv"), (csv.ContentType, csv.FileName));
        var rows = Csv.Parse(Encoding.UTF8.GetString(csv.Content.ToByteArray())[1..]);
        Assert.Equal(["Time (UTC)", "Value", "Numerator", "Denominator"], rows[0]);
        Assert.Equal(["2026-01-05T11:00:00Z", "0.98", "98", "100"], rows[4]);
        Assert.Equal(["2026-01-05T10:00:00Z", "", "0", "0"], rows[3]);   // no logins: no value

        var xlsx = await Generate(client, ReportFormat.Xlsx);
        Assert.EndsWith(".xlsx", xlsx.FileName);
        using (var stream = new MemoryStream(xlsx.Content.ToByteArray()))
        {
            Assert.Equal(["Summary", "Data points", "Chart login_success_rate by hou"], stream.GetSheetNames().ToArray());
            var total = stream.Query(useHeaderRow: true, sheetName: "Summary").Cast<IDictionary<string, object?>>().Single(r => (string)r["Item"]! == "Total");
            Assert.Equal(0.875, (double)total["Value"]!, 12);
        }

        foreach (var report in new[] { html, csv, xlsx })
        {
            var (first, chunks, bytes) = await Download(client, report.ReportId, _env.Auth("acme"));
            Assert.Equal(report.Content.ToByteArray(), bytes);
            Assert.Equal((report.ContentType, report.FileName, (long)bytes.Length), (first.ContentType, first.FileName, first.Size));
            Assert.All(chunks.Skip(1), c => Assert.Equal(("", ""), (c.ContentType, c.FileName)));
        }
    }

    [Fact]
    public async Task GetReport_streams_64_kib_chunks_of_the_stored_bytes_and_only_to_the_owning_tenant()
    {
        await using var factory = NewFactory();
        var client = new ReportingClient(factory.Channel());
        var content = new byte[200_000];
        new Random(7).NextBytes(content);
        var id = Guid.CreateVersion7();
        await factory.Services.GetRequiredService<ReportStore>().InsertAsync(new StoredReport(id, "acme", "events_count", "Big", "pdf",
            "application/pdf", "big.pdf", From, To, "hour", "count", 1, content, DateTimeOffset.UtcNow), CancellationToken.None);

        var (first, chunks, bytes) = await Download(client, id.ToString(), _env.Auth("acme"));
        Assert.Equal(content, bytes);
        Assert.Equal([65536, 65536, 65536, 3392], chunks.Select(c => c.Data.Length).ToArray());
        Assert.Equal(("application/pdf", "big.pdf", 200_000L), (first.ContentType, first.FileName, first.Size));

        var other = await Assert.ThrowsAsync<RpcException>(() => Download(client, id.ToString(), _env.Auth("globex")));
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Download(client, Guid.CreateVersion7().ToString(), _env.Auth("acme")));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => Download(client, "not-a-uuid", _env.Auth("acme")));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("report_id", Assert.Single(bad.FieldViolations()).Field);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Download(client, id.ToString(), new Metadata()));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_email_with_html_among_the_formats_has_it_as_body_with_cid_charts_and_the_others_attached()
    {
        await using var factory = NewFactory();
        var client = new ReportingClient(factory.Channel());
        var reports = new List<StoredReport>();
        foreach (var format in new[] { ReportFormat.Pdf, ReportFormat.Html, ReportFormat.Xlsx })
        {
            var generated = await Generate(client, format);
            reports.Add((await factory.Services.GetRequiredService<ReportStore>().GetAsync(Guid.Parse(generated.ReportId), "acme", CancellationToken.None))!);
        }
        var to = $"formats-{Guid.NewGuid():N}@example.com";

        await factory.Services.GetRequiredService<ReportMailer>().SendAsync(to, "Logins", "Total 87.50 %", reports, Guid.NewGuid(), CancellationToken.None);

        var email = Assert.Single(await mail.EmailsToAsync(to));
        Assert.Contains("Total 87.50 %", email.Text);
        Assert.Contains(">87.50 %</div>", email.Html);
        // maildev's parser (mailparser) resolves cid: references to the linked parts, so the sink shows the chart inline.
        Assert.Contains("<img src=\"data:image/png;base64,", email.Html);
        var attachments = email.Attachments!;
        Assert.Contains(attachments, a => a.FileName.EndsWith(".pdf", StringComparison.Ordinal) && a.ContentType == "application/pdf");
        Assert.Contains(attachments, a => a.FileName.EndsWith(".xlsx", StringComparison.Ordinal));
        Assert.DoesNotContain(attachments, a => a.FileName.EndsWith(".html", StringComparison.Ordinal));
        Assert.Single(attachments, a => a.ContentType == "image/png");   // the chart, linked from the body

        // The MIME structure itself: the chart is a related part referenced by its Content-ID.
        var body = ReportMailer.Body("text", reports);
        var chart = Assert.Single(body.LinkedResources);
        Assert.Contains($"cid:{chart.ContentId}", body.HtmlBody);
        Assert.Equal(2, body.Attachments.Count);
    }

    [Fact]
    public void An_email_attaches_a_csv_bundle_as_its_csv_files()
    {
        byte[] zip;
        using (var stream = new MemoryStream())
        {
            using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var name in new[] { "r-daily.csv", "r-accounts.csv" })
                {
                    using var entry = archive.CreateEntry(name).Open();
                    entry.Write("a,b\r\n1,2\r\n"u8);
                }
            }
            zip = stream.ToArray();
        }
        var report = new StoredReport(Guid.NewGuid(), "acme", "k", "t", "csv", "application/zip", "r.zip", null, null, "day", "count", null, zip, DateTimeOffset.UtcNow);

        var body = ReportMailer.Body("text", [report]);

        Assert.Null(body.HtmlBody);
        Assert.Equal(["r-daily.csv", "r-accounts.csv"], body.Attachments.Select(a => ((MimeKit.MimePart)a).FileName ?? "").ToArray());
    }

    [Fact]
    public async Task Subscriptions_accept_and_return_every_format()
    {
        await using var factory = NewFactory();
        var created = await new ReportingClient(factory.Channel()).CreateSubscriptionAsync(new CreateSubscriptionRequest
        {
            Subscription = new Contracts.Reporting.V1.Subscription
            {
                Name = "all formats",
                ReportType = "kpi",
                Parameters = { ["kpi"] = "login_success_rate" },
                Cron = "0 6 * * *",
                TimeZone = "Europe/Berlin",
                Formats = { ReportFormat.Html, ReportFormat.Pdf, ReportFormat.Csv, ReportFormat.Xlsx },
                Emails = { "a@example.com" },
                Enabled = true,
            },
        }, _env.Auth("acme"));
        var read = await new ReportingClient(factory.Channel()).GetSubscriptionAsync(new GetSubscriptionRequest { Id = created.Id }, _env.Auth("acme"));
        Assert.Equal([ReportFormat.Html, ReportFormat.Pdf, ReportFormat.Csv, ReportFormat.Xlsx], read.Formats);
    }

    private async Task<Report> Generate(ReportingClient client, ReportFormat format) =>
        await client.GenerateReportAsync(new GenerateReportRequest
        {
            Kpi = "login_success_rate",
            From = Timestamp.FromDateTimeOffset(From),
            To = Timestamp.FromDateTimeOffset(To),
            Granularity = Granularity.Hour,
            Format = format,
        }, _env.Auth("acme"));

    private static async Task<(ReportChunk First, List<ReportChunk> Chunks, byte[] Bytes)> Download(ReportingClient client, string id, Metadata auth)
    {
        using var call = client.GetReport(new GetReportRequest { ReportId = id }, auth);
        var chunks = new List<ReportChunk>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunks.Add(chunk);
        }
        return (chunks[0], chunks, chunks.SelectMany(c => c.Data.ToByteArray()).ToArray());
    }

    private WebApplicationFactory<Program> NewFactory() => _env.NewFactory(settings: new Dictionary<string, string?> { ["ConnectionStrings:smtp"] = mail.SmtpConnectionString });
}
