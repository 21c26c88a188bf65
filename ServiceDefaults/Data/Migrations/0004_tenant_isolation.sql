-- Row-level security as a second line of defence behind the services' own "where tenant = ..." (docs/tenant-isolation.md).
-- suite_isolate_tenant_tables() puts every table of this schema that has a tenant column under the tenant_isolation
-- policy: a row is visible and writable only when its tenant is the connection's app.tenant (TenantSession), or when
-- the connection opted into app.all_tenants (SystemScope). Neither set: no rows, no writes (fail closed). nullif: a
-- setting PostgreSQL has forgotten (transaction end, DISCARD ALL) reads as '' and must not match a tenant ''.
-- FORCE makes it bind the table owner too, which is who the services connect as. Partitions are reached through their
-- parent, whose policy applies. Each service calls this from its own migration once its tables exist; it is idempotent,
-- so a later migration that adds a tenant table calls it again (the catalogue tests fail until it does).
create or replace function suite_isolate_tenant_tables() returns integer
language plpgsql as $$
declare
    t regclass;
    n integer := 0;
begin
    for t in select c.oid::regclass
             from pg_class c
             join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant' and not a.attisdropped
             where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
             order by c.relname
    loop
        execute format('alter table %s enable row level security', t);
        execute format('alter table %s force row level security', t);
        if not exists (select 1 from pg_policy where polrelid = t and polname = 'tenant_isolation') then
            execute format(
                'create policy tenant_isolation on %s using (%s) with check (%s)', t,
                'tenant = nullif(current_setting(''app.tenant'', true), '''') or current_setting(''app.all_tenants'', true) = ''on''',
                'tenant = nullif(current_setting(''app.tenant'', true), '''') or current_setting(''app.all_tenants'', true) = ''on''');
        end if;
        n := n + 1;
    end loop;
    return n;
end
$$;
