using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Suite.Alerting.Configuration.Runtime;
using Suite.Alerting.Configuration.Yaml;
using Suite.Alerting.Tests.Domain.Config;
using Suite.Contracts.Alerting.V1;
using Suite.ServiceDefaults.Grpc;
using Suite.Testing;

namespace Suite.Alerting.Tests.Integration;

/// <summary>The AlertConfig API against real PostgreSQL, on two replicas sharing one database.</summary>
[Collection(InfraCollection.Name)]
public sealed class ConfigApiTests(InfraFixture infra, MailSink mail) : IClassFixture<MailSink>, IAsyncLifetime
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "business-routing.yaml"));

    private AlertingHost _host = null!;

    public async Task InitializeAsync() => _host = await AlertingHost.StartAsync(infra, mail, replicas: 2);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Tenant(string name) => $"{name}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task The_business_example_imports_and_exports_as_the_same_document()
    {
        var tenant = Tenant("import");
        var client = _host.ConfigClientFor(tenant);
        var summary = await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example });
        Assert.Equal(1, summary.Version);
        Assert.Equal(
            ["inhibit_rules=1", "policies=2", "recipients=8", "routes=7", "rules=9", "silences=2"],
            summary.Counts.Select(c => $"{c.Key}={c.Value}").Order(StringComparer.Ordinal));

        var exported = await client.ExportConfigAsync(new ExportConfigRequest());
        Assert.Equal(1, exported.Version);
        Assert.Equal(AlertingYamlTests.Structure(AlertingYaml.Parse(Example)), AlertingYamlTests.Structure(AlertingYaml.Parse(exported.Yaml)));

        // Importing the export again is a new version with the same content; every version is in the history.
        Assert.Equal(2, (await client.ImportConfigAsync(new ImportConfigRequest { Yaml = exported.Yaml })).Version);
        Assert.Equal(exported.Yaml, (await client.ExportConfigAsync(new ExportConfigRequest())).Yaml);
        Assert.Equal(2, await _host.CountAsync("select count(*) from alerting_config_history where tenant = @t", ("t", tenant)));
        Assert.Equal(1, await _host.CountAsync("select count(*) from alerting_config where tenant = @t and version = 2", ("t", tenant)));
    }

    [Fact]
    public async Task An_invalid_import_names_the_fields_and_saves_nothing()
    {
        var client = _host.ConfigClientFor(Tenant("invalid"));
        await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example });
        var bad = Example
            .Replace("receiver: slack-chairman", "receiver: pager", StringComparison.Ordinal)
            .Replace("quiet_hours: [\"21:00-07:00\"]", "quiet_hours: [\"21:00-07:00\", \"Sat 06:00-08:00\"]", StringComparison.Ordinal);
        Assert.NotEqual(Example, bad);

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.ImportConfigAsync(new ImportConfigRequest { Yaml = bad }));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(
            [
                new FieldViolation("recipients[7].quiet_hours[1]", "'Sat 06:00-08:00' overlaps '21:00-07:00' (quiet_hours[0])"),
                new FieldViolation("routes.routes[1].receiver", "unknown receiver 'pager' (not in recipients)"),
            ],
            ex.FieldViolations());

        // Shape errors carry the line and column of the fragment the user wrote.
        ex = await Assert.ThrowsAsync<RpcException>(async () => await client.ImportConfigAsync(new ImportConfigRequest
        {
            Yaml = "recipients:\n  - name: ops\n    emial: {to: [ops@example.com]}\nroutes: {receiver: ops}\n",
        }));
        Assert.Equal(
            new FieldViolation("recipients[0].emial", "unknown key, did you mean 'email'? (line 3, column 5)"),
            Assert.Single(ex.FieldViolations()));

        // A dry run of a valid document checks it and saves nothing either.
        var dry = await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example.Replace("repeat: 2", "repeat: 3", StringComparison.Ordinal), DryRun = true });
        Assert.Equal((1, 8), (dry.Version, dry.Counts["recipients"]));

        var exported = await client.ExportConfigAsync(new ExportConfigRequest());
        Assert.Equal(1, exported.Version);
        Assert.Equal(AlertingYamlTests.Structure(AlertingYaml.Parse(Example)), AlertingYamlTests.Structure(AlertingYaml.Parse(exported.Yaml)));
    }

    [Fact]
    public async Task Items_are_added_read_listed_and_deleted_with_references_checked()
    {
        var client = _host.ConfigClientFor(Tenant("items"));
        await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example });

        var bob = "name: bob\nemail:\n  to: [bob@example.com]\ntime_zone: Europe/Paris\n";
        var added = await client.PutConfigItemAsync(new PutConfigItemRequest { Section = "recipients", Name = "bob", Yaml = bob });
        Assert.Equal((2, 9), (added.Version, added.Counts["recipients"]));
        var policy = "name: bob-first\nlevels:\n  - delay: 0s\n    targets: [bob]\n  - delay: 30m\n    targets: [bob, email-ops]\n";
        Assert.Equal(3, (await client.PutConfigItemAsync(new PutConfigItemRequest { Section = "policies", Name = "bob-first", Yaml = policy })).Version);

        var read = await client.GetConfigItemAsync(new GetConfigItemRequest { Section = "recipients", Name = "bob" });
        // Read back as the export writes it (block style), which reads as the same item.
        Assert.Equal(("name: bob\nemail:\n  to:\n  - bob@example.com\ntime_zone: Europe/Paris\n", 3), (read.Yaml, read.Version));
        Assert.Equal(["cs-urgent", "eng-ops", "bob-first"], (await client.ListConfigItemsAsync(new ListConfigItemsRequest { Section = "policies" })).Names);

        // bob is still a target of bob-first.
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "recipients", Name = "bob" }));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(
            [
                new FieldViolation("policies[2].levels[0].targets[0]", "still refers to recipient 'bob': change or remove this reference before deleting it"),
                new FieldViolation("policies[2].levels[1].targets[0]", "still refers to recipient 'bob': change or remove this reference before deleting it"),
            ],
            ex.FieldViolations());
        ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "policies", Name = "cs-urgent" }));
        Assert.Equal("routes.routes[0].policy", Assert.Single(ex.FieldViolations()).Field);
        Assert.Equal(3, (await client.ExportConfigAsync(new ExportConfigRequest())).Version);

        // Replacing keeps the position; then both can go, policy first.
        var replaced = await client.PutConfigItemAsync(new PutConfigItemRequest { Section = "recipients", Name = "bob", Yaml = bob.Replace("bob@", "robert@", StringComparison.Ordinal) });
        Assert.Equal((4, 9), (replaced.Version, replaced.Counts["recipients"]));
        Assert.Equal("bob", (await client.ListConfigItemsAsync(new ListConfigItemsRequest { Section = "recipients" })).Names[8]);
        Assert.Equal(5, (await client.DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "policies", Name = "bob-first" })).Version);
        var deleted = await client.DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "recipients", Name = "bob" });
        Assert.Equal((6, 8), (deleted.Version, deleted.Counts["recipients"]));
        ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetConfigItemAsync(new GetConfigItemRequest { Section = "recipients", Name = "bob" }));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Item_writes_are_checked_against_the_whole_document()
    {
        var client = _host.ConfigClientFor(Tenant("checks"));
        await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example });

        async Task<IReadOnlyList<FieldViolation>> Rejected(PutConfigItemRequest request)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.PutConfigItemAsync(request));
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            return ex.FieldViolations();
        }

        Assert.Equal(
            [new FieldViolation("recipients[8].emial", "unknown key, did you mean 'email'? (line 2, column 1)")],
            await Rejected(new() { Section = "recipients", Name = "carol", Yaml = "name: carol\nemial: {to: [c@example.com]}" }));
        Assert.Equal(
            [new FieldViolation("recipients[8].name", "'carol' differs from the name in the request ('dave')")],
            await Rejected(new() { Section = "recipients", Name = "dave", Yaml = "name: carol\nemail: {to: [c@example.com]}" }));
        Assert.Equal(
            [new FieldViolation("recipients[8].quiet_hours[1]", "'Mon 08:00-10:00' overlaps 'Mon-Fri 09:00-17:00' (quiet_hours[0])")],
            await Rejected(new()
            {
                Section = "recipients", Name = "carol",
                Yaml = "name: carol\nemail: {to: [c@example.com]}\nquiet_hours: ['Mon-Fri 09:00-17:00', 'Mon 08:00-10:00']",
            }));
        Assert.Equal(
            [new FieldViolation("policies[0].levels[1].delay", "must be greater than zero")],
            await Rejected(new()
            {
                Section = "policies", Name = "cs-urgent",
                Yaml = "name: cs-urgent\nlevels: [{delay: 0s, targets: [alice]}, {delay: 0s, targets: [email-ops]}]",
            }));
        Assert.Equal(
            [new FieldViolation("silences[2].matchers", "every matcher accepts an empty label, so this silence would mute every alert: make one of them require a value")],
            await Rejected(new()
            {
                Section = "silences", Name = "all",
                Yaml = "name: all\nmatchers: ['team=~\".*\"']\nstarts_at: 2026-01-01T00:00:00Z\nends_at: 2026-01-02T00:00:00Z",
            }));

        var sectionError = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ListConfigItemsAsync(new ListConfigItemsRequest { Section = "routes" }));
        Assert.Equal("section", Assert.Single(sectionError.FieldViolations()).Field);

        // The route tree is replaced as a whole and checked like the rest.
        var routeError = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.SetRoutesAsync(new SetRoutesRequest { Yaml = "receiver: email-ops\nrepeat_interval: 0s\nroutes:\n  - matchers: ['kind=\"x\"']\n    receiver: pager\n" }));
        Assert.Equal(
            [
                new FieldViolation("routes.repeat_interval", "must be greater than zero"),
                new FieldViolation("routes.routes[0].receiver", "unknown receiver 'pager' (not in recipients)"),
            ],
            routeError.FieldViolations().OrderBy(v => v.Field, StringComparer.Ordinal));
        var routes = await client.SetRoutesAsync(new SetRoutesRequest { Yaml = "receiver: email-ops\nroutes:\n  - matchers: ['kind=\"nps_negative\"']\n    receiver: slack-chairman\n" });
        Assert.Equal((2, 2), (routes.Version, routes.Counts["routes"]));

        // Inhibit rules have no names: they are addressed by index, and the next index adds one.
        var inhibit = "source_matchers: ['severity=\"critical\"']\ntarget_matchers: ['severity=\"warning\"']\nequal: [alertname]\n";
        Assert.Equal(3, (await client.PutConfigItemAsync(new PutConfigItemRequest { Section = "inhibit_rules", Name = "1", Yaml = inhibit })).Version);
        Assert.Equal(["0", "1"], (await client.ListConfigItemsAsync(new ListConfigItemsRequest { Section = "inhibit_rules" })).Names);
        var written = "source_matchers:\n- severity=\"critical\"\ntarget_matchers:\n- severity=\"warning\"\nequal:\n- alertname\n";
        Assert.Equal(written, (await client.GetConfigItemAsync(new GetConfigItemRequest { Section = "inhibit_rules", Name = "1" })).Yaml);
        Assert.Equal(4, (await client.DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "inhibit_rules", Name = "0" })).Version);
        Assert.Equal(written, (await client.GetConfigItemAsync(new GetConfigItemRequest { Section = "inhibit_rules", Name = "0" })).Yaml);
    }

    [Fact]
    public async Task Tenants_see_only_their_own_configuration()
    {
        var a = _host.ConfigClientFor(Tenant("a"));
        var b = _host.ConfigClientFor(Tenant("b"));
        await a.ImportConfigAsync(new ImportConfigRequest { Yaml = Example });

        var exported = await b.ExportConfigAsync(new ExportConfigRequest());
        Assert.Equal(("", 0), (exported.Yaml, exported.Version));
        Assert.Empty((await b.ListConfigItemsAsync(new ListConfigItemsRequest { Section = "recipients" })).Names);
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await b.GetConfigItemAsync(new GetConfigItemRequest { Section = "recipients", Name = "alice" }));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await b.DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "recipients", Name = "alice" }));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);

        // b's own first document is b's version 1; a is untouched.
        Assert.Equal(1, (await b.ImportConfigAsync(new ImportConfigRequest { Yaml = "recipients: [{name: x, email: {to: [x@example.com]}}]\nroutes: {receiver: x}\n" })).Version);
        Assert.Equal(8, (await a.ListConfigItemsAsync(new ListConfigItemsRequest { Section = "recipients" })).Names.Count);
        Assert.Equal(["x"], (await b.ListConfigItemsAsync(new ListConfigItemsRequest { Section = "recipients" })).Names);
        Assert.Equal(1, (await a.ExportConfigAsync(new ExportConfigRequest())).Version);
    }

    [Fact]
    public async Task A_stale_expected_version_is_rejected()
    {
        var client = _host.ConfigClientFor(Tenant("stale"));
        Assert.Equal(1, (await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example, ExpectedVersion = 0 })).Version);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example, ExpectedVersion = 0 }));
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("the configuration is at version 1, not 0: export it again and reapply the change", ex.Status.Detail);
        ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "silences", Name = "crm-vendor-maintenance", ExpectedVersion = 5 }));
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example, ExpectedVersion = 0, DryRun = true }));
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal(1, (await client.ExportConfigAsync(new ExportConfigRequest())).Version);

        Assert.Equal(2, (await client.DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "silences", Name = "crm-vendor-maintenance", ExpectedVersion = 1 })).Version);
        Assert.Equal(3, (await client.ImportConfigAsync(new ImportConfigRequest { Yaml = Example, ExpectedVersion = 2 })).Version);
    }

    [Fact]
    public async Task Another_replica_sees_a_new_version_within_seconds()
    {
        var tenant = Tenant("replica");
        var second = _host.Replicas[1].Services.GetRequiredService<IConfigSource>();
        Assert.Equal(0, (await second.GetAsync(tenant, CancellationToken.None)).Version);

        // Written through replica 0; replica 1 has the empty config cached.
        await _host.ConfigClientFor(tenant, replica: 0).ImportConfigAsync(new ImportConfigRequest { Yaml = Example });
        var elapsed = Stopwatch.StartNew();
        var seen = await Eventually.Get(() => second.GetAsync(tenant, CancellationToken.None), c => c.Version == 1,
            TimeSpan.FromSeconds(10), "replica 1 to see version 1");
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(3), $"took {elapsed.Elapsed}");
        var match = Assert.Single(seen.Routes.Match(new Dictionary<string, string> { ["kind"] = "system_degraded", ["team"] = "eng" }));
        Assert.Equal(("slack-eng-ops", "eng-ops"), (match.Receiver, seen.PolicyFor(match)!.Name));

        await _host.ConfigClientFor(tenant, replica: 0).DeleteConfigItemAsync(new DeleteConfigItemRequest { Section = "silences", Name = "dwh-migration-2026-06" });
        elapsed.Restart();
        seen = await Eventually.Get(() => second.GetAsync(tenant, CancellationToken.None), c => c.Version == 2,
            TimeSpan.FromSeconds(10), "replica 1 to see version 2");
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(3), $"took {elapsed.Elapsed}");
        Assert.Equal(["crm-vendor-maintenance"], seen.Silences.Select(s => s.Id));

        // The writing replica has its own save cached at once.
        var first = _host.Replicas[0].Services.GetRequiredService<IConfigSource>();
        Assert.Equal(2, (await first.GetAsync(tenant, CancellationToken.None)).Version);
    }
}
