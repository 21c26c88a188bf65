using Suite.ServiceDefaults.Auth;

namespace Suite.ServiceDefaults.Tests.Auth;

/// <summary>docs/security.md's RPC × role table equals <see cref="AccessTable"/>, so the doc cannot drift.</summary>
public class SecurityDocTests
{
    private const string Allowed = "✓", Denied = "—";

    [Fact]
    public void The_doc_table_equals_the_code_table()
    {
        var doc = Parse(File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "security.md")));
        var code = AccessTable.Methods.Select(m => (m.ShortName, Roles: string.Join(",", SuiteRoles.All.Where(m.Roles.Contains)))).ToList();
        Assert.True(code.SequenceEqual(doc), "docs/security.md differs from AccessTable; the table should read:\n" + Render());
    }

    [Fact]
    public void The_parser_reads_marks_by_column()
    {
        string[] lines =
        [
            "text", "| RPC | admin | client |", "|---|:-:|:-:|", "| `Ingestion/Track` | ✓ | ✓ |", "| Metrics/GetFunnel | ✓ | — |", "", "| other | table |",
        ];
        Assert.Equal([("Ingestion/Track", "admin,client"), ("Metrics/GetFunnel", "admin")], Parse(lines));
    }

    /// <summary>The first table whose header starts with "RPC": each row's method and its ✓ roles, in column order.</summary>
    private static List<(string Method, string Roles)> Parse(IReadOnlyList<string> lines)
    {
        var start = lines.ToList().FindIndex(l => Cells(l) is ["RPC", ..]);
        Assert.True(start >= 0, "no table with an RPC column");
        var roles = Cells(lines[start]).Skip(1).ToList();
        return lines.Skip(start + 2)
            .TakeWhile(l => l.TrimStart().StartsWith('|'))
            .Select(Cells)
            .Select(cells =>
            {
                Assert.Equal(roles.Count + 1, cells.Count);
                Assert.All(cells.Skip(1), c => Assert.Contains(c, new[] { Allowed, Denied }));
                return (cells[0].Trim('`'), string.Join(",", roles.Where((_, i) => cells[i + 1] == Allowed)));
            })
            .ToList();
    }

    private static List<string> Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    private static string Render() =>
        $"| RPC | {string.Join(" | ", SuiteRoles.All)} |\n|---|{string.Concat(SuiteRoles.All.Select(_ => ":-:|"))}\n" +
        string.Concat(AccessTable.Methods.Select(m =>
            $"| `{m.ShortName}` | {string.Join(" | ", SuiteRoles.All.Select(r => m.Roles.Contains(r) ? Allowed : Denied))} |\n"));

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Suite.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("no Suite.sln above " + AppContext.BaseDirectory);
    }
}
