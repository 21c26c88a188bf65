using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniExcelLibs;
using Suite.Reporting.Domain.Documents;
using Suite.Reporting.Rendering;
using Suite.Testing;
using UglyToad.PdfPig;

namespace Suite.Reporting.Tests.Rendering;

/// <summary>Every renderer from the same known document (<see cref="SampleDocument"/>), read back with an independent reader.</summary>
public class DocumentRenderersTests
{
    private static readonly ReportFonts Fonts = new();
    private static readonly ReportDocument Document = SampleDocument.Build();

    [Fact]
    public void Pdf_has_the_numbers_every_row_once_headers_on_every_page_of_a_long_table_and_page_numbers()
    {
        var pdf = new PdfReportRenderer(Fonts).Render(Document);
        Assert.Equal(("application/pdf", "pdf"), (pdf.ContentType, pdf.Extension));

        var pages = PdfText.Pages(pdf.Bytes);
        Assert.True(pages.Count >= 4, $"{pages.Count} pages");
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"Page {i + 1} of {pages.Count}", pages[i]);
        }
        Assert.Contains("Weekly review <Acme & Co>", pages[0]);
        Assert.Contains("Tenant: acme", pages[0]);
        Assert.Contains("Period: 2026-01-01 to 2026-05-31 (UTC)", pages[0]);
        // Three tiles side by side: PdfPig reads them line by line across the row.
        Assert.Contains("Logins: Login failure rate: Revenue: 12,345 12.34 % $12,345.67 +5.2 % vs previous week above 10 %", pages[0]);

        var all = string.Join("\n", pages);
        for (var d = 0; d < SampleDocument.Days; d++)
        {
            var row = $"{SampleDocument.Day(d)} {SampleDocument.Logins(d):#,##0} {(SampleDocument.FailureRate(d) * 100).ToString("0.00", CultureInfo.InvariantCulture)} %";
            Assert.Equal(1, Occurrences(all, row));
        }
        // The long table runs over pages: each continuation repeats the title and the header row.
        var continued = pages.Where(p => p.Contains("Daily logins (continued)")).ToList();
        Assert.True(continued.Count >= 2, $"{continued.Count} continuation pages");
        Assert.All(continued, p => Assert.Contains("Daily logins (continued) Date Logins Failure rate", p));
        Assert.Equal(1 + continued.Count, Occurrences(all, "Date Logins Failure rate"));

        Assert.Contains("Account Revenue Health Last seen (UTC)", all);
        Assert.Contains("Acme, Inc. \"West\" Branch $12,345.67 42.0 % 2026-05-30 14:05", all);
        Assert.Contains("$0.99 15.5 % 2026-05-29 00:00", all);

        // Each chart drawn once, as an image, under its title.
        using var document = PdfDocument.Open(pdf.Bytes);
        Assert.Equal(3, document.GetPages().Sum(p => p.GetImages().Count()));
        foreach (var title in new[] { "Logins per day", "Quotes by channel", "Engagement tiers" })
        {
            Assert.Equal(1, Occurrences(all, title));
        }
    }

    [Fact]
    public void Pdf_wraps_long_texts_in_a_wide_table_over_lines_instead_of_cutting_them_and_pages_hold_the_taller_rows()
    {
        const string action = "win-back email, personal call, onboarding session, escalate the open tickets";
        var rows = Enumerable.Range(0, 60).Select(i => (IReadOnlyList<Cell>)
        [
            Cell.Of($"account-{i:D2} with a long descriptive name"),
            new Cell("0.9" + i.ToString("D2", CultureInfo.InvariantCulture), 0.9),
            Cell.Of("critical"),
            Cell.Of("days since last login, open support tickets, never used the key feature"),
            Cell.Of($"{action} #{i:D2}"),
        ]).ToList();
        var document = new ReportDocument("Wide", "acme", "period", new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero),
        [
            new TableBlock("At-risk accounts",
                [new TableColumn("Account"), new TableColumn("Probability", ColumnKind.Number), new TableColumn("Level"), new TableColumn("Top features"), new TableColumn("Actions")],
                rows),
        ]);

        var pages = PdfText.Pages(new PdfReportRenderer(Fonts).Render(document).Bytes);
        var all = string.Join(" ", pages);
        Assert.DoesNotContain("…", all);
        var words = all.Split(' ');
        for (var i = 0; i < rows.Count; i++)
        {
            // Every word of the wrapped cells is there: the row's marker once, the shared words once per row.
            Assert.Single(words, w => w == $"#{i:D2}");
            Assert.Single(words, w => w == $"account-{i:D2}");
        }
        foreach (var word in new[] { "win-back", "email,", "personal", "call,", "onboarding", "session,", "escalate", "descriptive", "support", "never", "key", "feature" })
        {
            Assert.Equal(rows.Count, words.Count(w => w == word));
        }
        // Taller rows: fewer per page than one-line rows would give, and the table still runs over pages.
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.All(pages.Skip(1), p => Assert.Contains("At-risk accounts (continued)", p));
    }

    [Fact]
    public void Html_escapes_all_text_and_inlines_the_charts_and_the_email_variant_links_them_by_cid()
    {
        var rendered = new HtmlReportRenderer().Render(Document);
        Assert.Equal(("text/html; charset=utf-8", "html"), (rendered.ContentType, rendered.Extension));
        var html = Encoding.UTF8.GetString(rendered.Bytes);

        Assert.Contains("<title>Weekly review &lt;Acme &amp; Co&gt;</title>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("Logins &amp; failures per day; failure rates above 10 % are flagged &lt;in red&gt;.", html);
        Assert.Contains(">12,345</div>", html);
        Assert.Contains(">12.34 %</div>", html);
        Assert.Contains("above 10 %", html);
        Assert.Contains("text-align:right;\">1,007</td>", html);
        Assert.Contains(">2026-05-30 14:05</td>", html);
        Assert.Equal(SampleDocument.Days + SampleDocument.Accounts.Length, Occurrences(html, "<tr><td style=\"border-bottom"));
        Assert.Equal(3, Occurrences(html, "<img src=\"data:image/png;base64,"));

        var email = HtmlReportRenderer.ForEmail(rendered.Bytes);
        var body = Encoding.UTF8.GetString(email.Bytes);
        Assert.DoesNotContain("data:image", body);
        Assert.Equal(3, email.Resources.Count);
        foreach (var image in email.Resources)
        {
            Assert.Contains($"src=\"cid:{image.ContentId}\"", body);
            Assert.Equal("image/png", image.ContentType);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Bytes[..4]);
        }
        Assert.Equal(3, email.Resources.Select(r => r.ContentId).Distinct().Count());
    }

    [Fact]
    public void Csv_is_one_rfc4180_file_per_table_with_raw_values_that_parse_back()
    {
        var rendered = new CsvReportRenderer().Render(Document);
        Assert.Equal(("application/zip", "zip"), (rendered.ContentType, rendered.Extension));
        Assert.Equal(["weekly-review_20260601-daily-logins.csv", "weekly-review_20260601-accounts-at-risk.csv"], rendered.Parts.Select(p => p.Name).ToArray());

        using var zip = new ZipArchive(new MemoryStream(rendered.Bytes));
        Assert.Equal(rendered.Parts.Select(p => p.Name), zip.Entries.Select(e => e.Name));
        foreach (var entry in zip.Entries)
        {
            using var content = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(content);
            }
            Assert.Equal(rendered.Parts.Single(p => p.Name == entry.Name).Bytes, content.ToArray());
        }

        var daily = rendered.Parts[0].Bytes;
        Assert.Equal([0xEF, 0xBB, 0xBF], daily[..3]);   // UTF-8 BOM, for Excel
        var rows = Csv.Parse(Encoding.UTF8.GetString(daily, 3, daily.Length - 3));
        Assert.Equal(["Date", "Logins", "Failure rate"], rows[0]);
        Assert.Equal(SampleDocument.Days + 1, rows.Count);
        for (var d = 0; d < SampleDocument.Days; d++)
        {
            Assert.Equal(SampleDocument.Day(d), rows[d + 1][0]);
            Assert.Equal(SampleDocument.Logins(d), long.Parse(rows[d + 1][1], CultureInfo.InvariantCulture));
            Assert.Equal(SampleDocument.FailureRate(d), double.Parse(rows[d + 1][2], CultureInfo.InvariantCulture));
        }
        Assert.EndsWith("\r\n", Encoding.UTF8.GetString(daily));

        var accounts = Csv.Parse(Encoding.UTF8.GetString(rendered.Parts[1].Bytes)[1..]);
        Assert.Equal(["Account", "Revenue", "Health", "Last seen (UTC)"], accounts[0]);
        Assert.Equal(["Acme, Inc. \"West\"\nBranch", "12345.67", "0.42", "2026-05-30T14:05:00Z"], accounts[1]);
        Assert.Equal(["<script>alert('x')</script> & Co", "0.99", "0.155", "2026-05-29T00:00:00Z"], accounts[2]);
        Assert.Equal("'=SUM(A1:A9)", accounts[3][0]);   // not a formula when opened in a spreadsheet
    }

    [Fact]
    public void Csv_of_a_document_with_one_table_is_that_csv()
    {
        var single = Document with { Blocks = Document.Blocks.Where(b => b is not TableBlock { Title: "Accounts at risk" }).ToList() };
        var rendered = new CsvReportRenderer().Render(single);
        Assert.Equal(("text/csv; charset=utf-8", "csv"), (rendered.ContentType, rendered.Extension));
        Assert.Equal(rendered.Parts.Single().Bytes, rendered.Bytes);
    }

    [Fact]
    public void Xlsx_has_a_summary_a_sheet_per_table_and_chart_and_typed_cells()
    {
        var rendered = new XlsxReportRenderer().Render(Document);
        Assert.Equal("xlsx", rendered.Extension);
        using var stream = new MemoryStream(rendered.Bytes);

        Assert.Equal(["Summary", "Daily logins", "Accounts at risk", "Chart Logins per day", "Chart Quotes by channel", "Chart Engagement tiers"],
            stream.GetSheetNames().ToArray());

        var summary = Rows(stream, "Summary");
        Assert.Equal("Weekly review <Acme & Co>", summary.Single(r => (string)r["Item"]! == "Report")["Shown as"]);
        Assert.Equal(new DateTime(2026, 6, 1, 6, 0, 0), summary.Single(r => (string)r["Item"]! == "Generated (UTC)")["Value"]);
        var failure = summary.Single(r => (string)r["Item"]! == "Login failure rate");
        Assert.Equal((0.1234, "12.34 %", "alert", "above 10 %"), ((double)failure["Value"]!, failure["Shown as"], failure["Flag"], failure["Note"]));

        var daily = Rows(stream, "Daily logins");
        Assert.Equal(SampleDocument.Days, daily.Count);
        for (var d = 0; d < SampleDocument.Days; d++)
        {
            Assert.Equal(SampleDocument.FirstDay.AddDays(d).ToDateTime(TimeOnly.MinValue), daily[d]["Date"]);
            Assert.Equal((double)SampleDocument.Logins(d), daily[d]["Logins"]);
            Assert.Equal(SampleDocument.FailureRate(d), (double)daily[d]["Failure rate"]!, 12);
        }

        var accounts = Rows(stream, "Accounts at risk");
        Assert.Equal("Acme, Inc. \"West\"\nBranch", accounts[0]["Account"]);
        Assert.Equal(12345.67, (double)accounts[0]["Revenue"]!, 9);
        Assert.Equal(new DateTime(2026, 5, 30, 14, 5, 0), accounts[0]["Last seen (UTC)"]);

        var bars = Rows(stream, "Chart Quotes by channel");
        Assert.Equal([("portal", 120.0), ("staff", 80.0)], bars.Take(2).Select(r => ((string)r["Category"]!, (double)r["quotes"]!)).ToArray());
        Assert.Null(bars[2]["quotes"]);
        var line = Rows(stream, "Chart Logins per day");
        Assert.Equal(90, line.Count);
        Assert.Equal(new DateTime(2026, 1, 1), line[0]["Category"]);
    }

    [Theory]
    [InlineData("Summary", "Summary (2)")]
    [InlineData("a/b[c]:d*e?f\\g", "a b c d e f g")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("history", "history (2)")]
    [InlineData("A very long table title that goes on and on", "A very long table title that go")]
    public void Sheet_names_follow_excels_rules(string wanted, string expected)
    {
        var names = DocumentNames.SheetNames(["Summary", wanted]);
        Assert.Equal(expected, names[1]);
        Assert.InRange(names[1].Length, 1, 31);
    }

    [Fact]
    public void Sheet_names_stay_unique_when_cut()
    {
        var title = new string('x', 40);
        var names = DocumentNames.SheetNames([title, title, title]);
        Assert.Equal([new string('x', 31), new string('x', 27) + " (2)", new string('x', 27) + " (3)"], names);
    }

    private static List<IDictionary<string, object?>> Rows(Stream stream, string sheet)
    {
        stream.Position = 0;
        return stream.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
