-- Rollups per minute (kept short), hour and day (kept long) with the dimensions KPIs filter on. Dimensions the
-- event did not carry are stored as '' so they can be part of the primary key.
create table if not exists rollup_minute (
    tenant         text        not null,
    domain         text        not null,
    type           text        not null,
    bucket         timestamptz not null,
    country        text        not null default '',
    provider       text        not null default '',
    service_code   text        not null default '',
    status         text        not null default '',
    count          bigint      not null,
    amount_sum     bigint      not null default 0,
    duration_count bigint      not null default 0,
    duration_sum   bigint      not null default 0,
    duration_min   bigint,
    duration_max   bigint,
    primary key (tenant, domain, type, bucket, country, provider, service_code, status)
);
-- Same shape, primary key included.
create table if not exists rollup_hour (like rollup_minute including all);
create table if not exists rollup_day (like rollup_minute including all);

-- KPIs over all domains (events_count without filters) and retention scan by tenant/bucket and bucket.
create index if not exists rollup_minute_tenant_bucket on rollup_minute (tenant, bucket);
create index if not exists rollup_hour_tenant_bucket on rollup_hour (tenant, bucket);
create index if not exists rollup_day_tenant_bucket on rollup_day (tenant, bucket);
create index if not exists rollup_minute_bucket on rollup_minute (bucket);

-- Carry over what 0001's minute_counts already holds (no dimensions were kept there), then retire it.
insert into rollup_minute (tenant, domain, type, bucket, count)
select tenant, domain, type, minute, count from minute_counts;
insert into rollup_hour (tenant, domain, type, bucket, count)
select tenant, domain, type, date_trunc('hour', minute, 'UTC'), sum(count) from minute_counts group by 1, 2, 3, 4;
insert into rollup_day (tenant, domain, type, bucket, count)
select tenant, domain, type, date_trunc('day', minute, 'UTC'), sum(count) from minute_counts group by 1, 2, 3, 4;
drop table minute_counts;

-- Distinct active users per tenant and UTC day (DAU/WAU/MAU/stickiness).
create table if not exists daily_users (
    tenant  text not null,
    day     date not null,
    user_id text not null,
    primary key (tenant, day, user_id)
);
