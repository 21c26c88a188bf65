-- Raw events, partitioned by month of occurred_at (after clock-skew correction) so that retention drops whole
-- partitions and time-range scans touch few of them. Partitions are created ahead of time by
-- ensure_event_partitions(), called at start-up and daily (Jobs/PartitionMaintenanceJob).
create table if not exists events_raw (
    tenant             text        not null,
    event_id           uuid        not null,
    domain             text        not null,
    type               text        not null,
    occurred_at        timestamptz not null,
    client_occurred_at timestamptz not null,
    sent_at            timestamptz,
    received_at        timestamptz not null,
    user_id            text,
    account_id         text,
    entity_type        text,
    entity_id          text,
    status             text,
    provider           text,
    service_code       text,
    country_code       text,
    amount_minor       bigint,
    currency           text,
    duration_ms        bigint,
    session_id         text,
    properties         jsonb       not null default '{}'::jsonb,
    schema_version     integer     not null default 0
) partition by range (occurred_at);

create index if not exists events_raw_tenant_time on events_raw (tenant, occurred_at);

-- Idempotency: a unique key on a partitioned table must include the partition key, and the same event id may
-- arrive with a different occurred_at, so de-duplication lives in its own table. occurred_at lets a retention
-- job purge keys together with their partitions.
create table if not exists event_keys (
    tenant      text        not null,
    event_id    uuid        not null,
    occurred_at timestamptz not null,
    primary key (tenant, event_id)
);

-- Creates the missing monthly partitions (UTC months) covering [p_from, p_to]; returns how many it created.
-- Serialised by an advisory lock so replicas starting together do not race on CREATE TABLE.
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
            execute format('create table %I partition of events_raw for values from (%L) to (%L)',
                part_name, month_start at time zone 'UTC', (month_start + interval '1 month') at time zone 'UTC');
            created := created + 1;
        end if;
        month_start := month_start + interval '1 month';
    end loop;
    return created;
end
$$;
