using Npgsql;
using Suite.Testing;
using Xunit;

namespace Suite.Hosting.Tests.Integration;

/// <summary>
/// The AppHost's databases belong to a login role per database that the service connects as (not a superuser, so
/// row-level security binds it); a database made by an older version, owned by the superuser, is handed over.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class DatabaseOwnerTests(InfraFixture infra)
{
    [Fact]
    public async Task A_database_created_for_an_owner_logs_in_as_that_role_which_is_bound_by_row_level_security()
    {
        var name = "owned_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = await infra.Postgres.CreateDatabaseAsync(name, owner: name + "_owner");

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select current_user::text, rolsuper, rolbypassrls, (select pg_get_userbyid(datdba) from pg_database where datname = current_database()) from pg_roles where rolname = current_user", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(name + "_owner", reader.GetString(0));
        Assert.False(reader.GetBoolean(1));
        Assert.False(reader.GetBoolean(2));
        Assert.Equal(name + "_owner", reader.GetString(3));
    }

    [Fact]
    public async Task A_superuser_owned_database_of_an_older_state_is_handed_to_the_owner_with_its_tables()
    {
        var name = "legacy_" + Guid.NewGuid().ToString("N")[..8];
        var superuserConnection = await infra.Postgres.CreateDatabaseAsync(name);
        await using (var conn = new NpgsqlConnection(superuserConnection))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand(
                """
                create table items (id bigint generated always as identity primary key, tenant text not null);
                create table parts (tenant text not null, at date not null) partition by range (at);
                create table parts_2026 partition of parts for values from ('2026-01-01') to ('2027-01-01');
                create table counters (id serial primary key);
                create view item_count as select count(*) from items;
                create function answer() returns int language sql as 'select 42';
                insert into items (tenant) values ('a');
                """, conn);
            await create.ExecuteNonQueryAsync();
        }

        var ownerConnection = await infra.Postgres.CreateDatabaseAsync(name, owner: name + "_owner");

        await using var owner = new NpgsqlConnection(ownerConnection);
        await owner.OpenAsync();
        await using (var notOwned = new NpgsqlCommand(
            """
            select count(*) from pg_class c
            where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'S') and c.relowner <> current_user::regrole
            """, owner))
        {
            Assert.Equal(0L, await notOwned.ExecuteScalarAsync());
        }
        // The owner migrates on: adds rows (identity and serial sequences), alters tables, attaches partitions.
        await using var use = new NpgsqlCommand(
            """
            insert into items (tenant) values ('b');
            insert into counters default values;
            alter table items add column note text;
            create table parts_2027 partition of parts for values from ('2027-01-01') to ('2028-01-01');
            alter table parts_2026 enable row level security;
            select (select count from item_count) + answer();   -- 2 items + 42
            """, owner);
        Assert.Equal(44L, Convert.ToInt64(await use.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
