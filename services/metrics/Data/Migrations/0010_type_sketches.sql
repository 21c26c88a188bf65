-- Duration sketches per (tenant, domain, type, bucket) without the dimensions: a percentile query without dimension
-- filters (the common case) merges one sketch per bucket instead of one per dimension combination (a 90-day p95 of
-- API response times read ~2,500 sketches from rollup_day before, 90 now). Kept next to the rollups by the consumer.
create table if not exists rollup_sketch_minute (
    tenant          text        not null,
    domain          text        not null,
    type            text        not null,
    bucket          timestamptz not null,
    duration_sketch jsonb       not null,
    primary key (tenant, domain, type, bucket)
);
create table if not exists rollup_sketch_hour (like rollup_sketch_minute including all);
create table if not exists rollup_sketch_day (like rollup_sketch_minute including all);
create index if not exists rollup_sketch_minute_bucket on rollup_sketch_minute (bucket);

create or replace aggregate metrics_sketch_merge_all(jsonb) (sfunc = metrics_sketch_merge, stype = jsonb);

insert into rollup_sketch_minute (tenant, domain, type, bucket, duration_sketch)
select tenant, domain, type, bucket, metrics_sketch_merge_all(duration_sketch) from rollup_minute
where duration_sketch is not null group by 1, 2, 3, 4 on conflict do nothing;
insert into rollup_sketch_hour (tenant, domain, type, bucket, duration_sketch)
select tenant, domain, type, bucket, metrics_sketch_merge_all(duration_sketch) from rollup_hour
where duration_sketch is not null group by 1, 2, 3, 4 on conflict do nothing;
insert into rollup_sketch_day (tenant, domain, type, bucket, duration_sketch)
select tenant, domain, type, bucket, metrics_sketch_merge_all(duration_sketch) from rollup_day
where duration_sketch is not null group by 1, 2, 3, 4 on conflict do nothing;
