-- Per-minute event counts per tenant, domain and type: the rollup every KPI series is computed from
-- (hour and day buckets are date_trunc over these rows).
create table if not exists minute_counts (
    tenant text        not null,
    domain text        not null,
    type   text        not null,
    minute timestamptz not null,
    count  bigint      not null,
    primary key (tenant, domain, type, minute)
);

-- KPIs over all domains (events_count without filters) scan by tenant and time.
create index if not exists minute_counts_tenant_minute on minute_counts (tenant, minute);
