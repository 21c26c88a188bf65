-- Generated reports with their rendered artifact, per tenant.
create table reports (
    id            uuid primary key,
    tenant        text not null,
    kpi           text not null,
    title         text not null,
    format        text not null,
    content_type  text not null,
    file_name     text not null,
    range_from    timestamptz,
    range_to      timestamptz,
    granularity   text not null,
    unit          text not null,
    total_value   double precision,                 -- null when the KPI has no value over the range
    size_bytes    integer not null check (size_bytes >= 0),
    content       bytea not null,
    created_at    timestamptz not null
);

create index reports_tenant_created on reports (tenant, created_at desc);
