using System.Text;
using Suite.Predictions.CsvTraining;

namespace Suite.Predictions.Tests.CsvTraining;

public class CsvTableReaderTests
{
    // Everything awkward at once: BOM, CRLF and LF, quoted separators, doubled quotes, a line break inside quotes,
    // empty fields, an empty line, 2-, 3- and 4-byte UTF-8 characters, and no final line end.
    private const string Awkward =
        "\uFEFFid,name,note\r\n" +
        "1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n" +
        "2,Zoë,\"two\r\nlines\"\n" +
        "\n" +
        "3,,€ 5 — 日本 😀\r\n" +
        "4,\"\",\"\"\"\"";

    private static readonly string[][] AwkwardRows =
    [
        ["1", "Smith, John", "said \"hi\""],
        ["2", "Zoë", "two\r\nlines"],
        ["3", "", "€ 5 — 日本 😀"],
        ["4", "", "\""],
    ];

    [Fact]
    public void Parses_quotes_separators_line_breaks_and_multibyte_characters()
    {
        var table = CsvTableReader.Read(Encoding.UTF8.GetBytes(Awkward));

        Assert.Equal(["id", "name", "note"], table.Columns);
        Assert.Equal(AwkwardRows, table.Rows.Select(r => r.ToArray()).ToArray());
        // Row 2's quoted field spans lines 3-4, and line 5 is empty.
        Assert.Equal([2L, 3, 6, 7], table.LineNumbers);
    }

    public static TheoryData<int> SplitPoints()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i <= Encoding.UTF8.GetByteCount(Awkward); i++)
        {
            data.Add(i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SplitPoints))]
    public void A_split_anywhere_gives_the_same_table(int splitAt)
    {
        var bytes = Encoding.UTF8.GetBytes(Awkward);
        var reader = new CsvTableReader();

        reader.Append(bytes.AsSpan(0, splitAt));
        reader.Append(bytes.AsSpan(splitAt));
        var table = reader.Complete();

        AssertSameTable(CsvTableReader.Read(bytes), table);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void Small_chunks_give_the_same_table(int chunkSize)
    {
        var bytes = Encoding.UTF8.GetBytes(Awkward);
        var reader = new CsvTableReader();

        foreach (var chunk in bytes.Chunk(chunkSize))
        {
            reader.Append(chunk);
        }
        reader.Append([]);
        var table = reader.Complete();

        AssertSameTable(CsvTableReader.Read(bytes), table);
    }

    [Fact]
    public void A_large_generated_export_reads_the_same_in_chunks_as_whole()
    {
        var bytes = Encoding.UTF8.GetBytes(CustomerTableGenerator.ToCsv(CustomerTableGenerator.Generate(2_000, seed: 5)));
        var reader = new CsvTableReader();

        // Odd-sized chunks, like a gRPC stream of arbitrary messages.
        for (var offset = 0; offset < bytes.Length; offset += 997)
        {
            reader.Append(bytes.AsSpan(offset, Math.Min(997, bytes.Length - offset)));
        }

        var whole = CsvTableReader.Read(bytes);
        AssertSameTable(whole, reader.Complete());
        Assert.Equal(2_000, whole.RowCount);
    }

    [Theory]
    [InlineData("a,b\n1,2\n", "1|2")]
    [InlineData("a,b\r\n1,2\r\n", "1|2")]
    [InlineData("a,b\r1,2", "1|2")]
    [InlineData("a,b\n1,2", "1|2")]
    [InlineData(" a , b \n 1 , 2 \n", " 1 | 2 ")]
    [InlineData("a,b\n\"x,y\",2\n", "x,y|2")]
    [InlineData("a,b\n\"x\"\"y\",\"\"\n", "x\"y|")]
    [InlineData("a,b\n5'11\",2\n", "5'11\"|2")]
    [InlineData("a,b\n,\n\n\n3,4\n\n", "|;3|4")]
    [InlineData("a,b\n\"l1\nl2\",2\n3,4\n", "l1\nl2|2;3|4")]
    public void Follows_rfc_4180(string csv, string expectedRows)
    {
        var table = CsvTableReader.Read(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(["a", "b"], table.Columns);
        Assert.Equal(expectedRows, string.Join(';', table.Rows.Select(r => string.Join('|', r))));
    }

    [Theory]
    [InlineData("a,b\n1,2\n3\n", 3, "expected 2 fields, found 1")]
    [InlineData("a,b\n1,2\n3,4,5\n", 3, "expected 2 fields, found more")]
    [InlineData("a,b\n1,2\n\"3,4\n5,6\n", 3, "not closed")]
    [InlineData("a,b\n\"x\"y,2\n", 2, "after a closing quote")]
    [InlineData("a,A\n1,2\n", 1, "appears twice")]
    [InlineData("a,,c\n1,2,3\n", 1, "column 2 of the header has no name")]
    [InlineData("", 1, "header row")]
    [InlineData("\n\n", 1, "header row")]
    public void Rejects_malformed_tables_naming_the_line(string csv, long line, string problem)
    {
        var error = Assert.Throws<CsvDataException>(() => CsvTableReader.Read(Encoding.UTF8.GetBytes(csv)));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // A stray continuation byte, an overlong encoding, a surrogate, a lead byte followed by ASCII, a truncated end.
    [InlineData(new byte[] { 0x80 }, 3)]
    [InlineData(new byte[] { 0xC0, 0xAF }, 3)]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, 3)]
    [InlineData(new byte[] { 0xC3, (byte)'x' }, 3)]
    [InlineData(new byte[] { 0xE2, 0x82 }, 3)]
    public void Rejects_invalid_utf8_naming_the_line(byte[] bad, long line)
    {
        byte[] bytes = [.. "a,b\n1,2\n3,"u8, .. bad];

        // Whole and byte by byte: the error must not depend on where chunks end.
        var whole = Assert.Throws<CsvDataException>(() => CsvTableReader.Read(bytes));
        var reader = new CsvTableReader();
        var chunked = Assert.Throws<CsvDataException>(() =>
        {
            foreach (var b in bytes)
            {
                reader.Append([b]);
            }
            reader.Complete();
        });

        Assert.Equal(line, whole.Line);
        Assert.Equal(line, chunked.Line);
        Assert.Contains("UTF-8", whole.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4\n", 2, 100, 100, null)]
    [InlineData("a,b\n1,2\n3,4\n5,6\n", 2, 100, 100, 4L)]
    [InlineData("a,b\n1,12345\n", 10, 5, 100, null)]
    [InlineData("a,b\n1,123456\n", 10, 5, 100, 2L)]
    [InlineData("a,b\n1,\"12\n3456\"\n", 10, 5, 100, 3L)]
    [InlineData("a,b,c\n1,2,3\n", 10, 100, 3, null)]
    [InlineData("a,b,c,d\n1,2,3,4\n", 10, 100, 3, 1L)]
    public void Enforces_limits_naming_the_line(string csv, long maxRows, int maxFieldLength, int maxColumns, long? failingLine)
    {
        var limits = new CsvLimits(MaxColumns: maxColumns, MaxRows: maxRows, MaxFieldLength: maxFieldLength);

        var error = Record.Exception(() => CsvTableReader.Read(Encoding.UTF8.GetBytes(csv), limits));

        Assert.Equal(failingLine, (error as CsvDataException)?.Line);
        Assert.Equal(failingLine is null, error is null);
    }

    [Fact]
    public void The_default_limit_is_200_columns()
    {
        var header = string.Join(',', Enumerable.Range(0, 201).Select(i => $"c{i}"));

        var error = Assert.Throws<CsvDataException>(() => CsvTableReader.Read(Encoding.UTF8.GetBytes(header + "\n")));

        Assert.Equal(1, error.Line);
        Assert.Contains("more than 200 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_completed_reader_takes_no_more_data()
    {
        var reader = new CsvTableReader();
        reader.Append("a\n1\n"u8);
        reader.Complete();

        Assert.Throws<InvalidOperationException>(() => reader.Append("2\n"u8));
    }

    private static void AssertSameTable(CsvTable expected, CsvTable actual)
    {
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.Rows.Select(r => r.ToArray()), actual.Rows.Select(r => r.ToArray()));
        Assert.Equal(expected.LineNumbers, actual.LineNumbers);
    }
}
