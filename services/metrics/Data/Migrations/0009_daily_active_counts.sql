-- DAU per (tenant, UTC day), kept by the consumer next to daily_users (rows newly inserted there are counted), so a
-- 90-day DAU series reads 90 rows instead of counting distinct users per day.
create table if not exists daily_active_counts (
    tenant text   not null,
    day    date   not null,
    users  bigint not null,
    primary key (tenant, day)
);
insert into daily_active_counts (tenant, day, users)
select tenant, day, count(*) from daily_users group by tenant, day
on conflict do nothing;

-- Distinct users over a range: one probe per known user (user_first_seen) into this index, not a sort of every row.
create index if not exists daily_users_tenant_user_day on daily_users (tenant, user_id, day);
insert into user_first_seen (tenant, user_id, first_seen_at)
select tenant, user_id, min(day)::timestamp at time zone 'UTC' from daily_users group by tenant, user_id
on conflict do nothing;
