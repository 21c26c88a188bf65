-- One row per tenant, UTC day and built-in KPI (no filters), recomputed by the ETL in one transaction per
-- (tenant, day): delete the day's rows, insert the new ones, record the run.
create table if not exists daily_kpis (
    tenant      text             not null,
    day         date             not null,
    kpi         text             not null,
    numerator   bigint           not null,
    denominator bigint           not null,
    has_value   boolean          not null,
    value       double precision not null,
    primary key (tenant, day, kpi)
);

-- Every ETL run of a (tenant, day): the latest one tells the day's status.
create table if not exists etl_job_runs (
    id          bigint generated always as identity primary key,
    tenant      text        not null,
    day         date        not null,
    status      text        not null check (status in ('succeeded', 'failed')),
    rows        int         not null,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    duration_ms bigint      not null,
    error       text
);
create index if not exists etl_job_runs_tenant_day on etl_job_runs (tenant, day, id desc);
