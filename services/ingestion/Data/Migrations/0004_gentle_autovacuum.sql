-- events_raw partitions and event_keys only ever grow between retention drops, so their autovacuum (triggered by
-- inserts, to set visibility bits) is never urgent. Unthrottled it reads every cached page at full speed and took a
-- third of PostgreSQL's CPU during a load on two cores, stalling commits; throttled it spreads the same work out
-- (docs/benchmarks.md, "Ingestion").
alter table event_keys set (autovacuum_vacuum_cost_delay = 20, autovacuum_vacuum_cost_limit = 100);

-- As in 0001, with the same storage parameters on every new month.
create or replace function ensure_event_partitions(p_from timestamptz, p_to timestamptz) returns integer
language plpgsql as $$
declare
    month_start timestamp := date_trunc('month', p_from at time zone 'UTC');
    last_month  timestamp := date_trunc('month', p_to at time zone 'UTC');
    part_name   text;
    created     integer := 0;
begin
    if p_from > p_to then
        raise exception 'ensure_event_partitions: from (%) is after to (%)', p_from, p_to;
    end if;
    perform pg_advisory_xact_lock(hashtext('ensure_event_partitions'));
    while month_start <= last_month loop
        part_name := 'events_raw_p' || to_char(month_start, 'YYYYMM');
        if to_regclass(part_name) is null then
            execute format('create table %I partition of events_raw for values from (%L) to (%L) '
                           'with (autovacuum_vacuum_cost_delay = 20, autovacuum_vacuum_cost_limit = 100)',
                part_name, month_start at time zone 'UTC', (month_start + interval '1 month') at time zone 'UTC');
            created := created + 1;
        end if;
        month_start := month_start + interval '1 month';
    end loop;
    return created;
end
$$;

do $$
declare
    part regclass;
begin
    for part in select inhrelid::regclass from pg_inherits where inhparent = 'events_raw'::regclass loop
        execute format('alter table %s set (autovacuum_vacuum_cost_delay = 20, autovacuum_vacuum_cost_limit = 100)', part);
    end loop;
end
$$;
