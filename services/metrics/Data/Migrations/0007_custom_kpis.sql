-- A tenant's own KPIs (CreateKpi): the request as proto JSON, validated again whenever it is loaded.
create table if not exists custom_kpis (
    tenant     text        not null,
    name       text        not null,
    definition jsonb       not null,
    created_at timestamptz not null default now(),
    primary key (tenant, name)
);
