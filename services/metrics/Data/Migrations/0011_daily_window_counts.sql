-- WAU and MAU per (tenant, UTC day): users active in the 7 / 30 days ending with the day, kept incrementally by the
-- consumer (Domain/ActiveWindows.cs), so a 90-day MAU series reads 90 rows instead of every user's active days.
create table if not exists daily_window_counts (
    tenant      text    not null,
    window_days integer not null,
    day         date    not null,
    users       bigint  not null,
    primary key (tenant, window_days, day)
);

-- From what daily_users holds: each active day covers [day, day + w - 1]; the part beyond the user's previous active
-- day starts at max(day, prev + w), so a user's segments never overlap and a day's count is the segments covering it.
insert into daily_window_counts (tenant, window_days, day, users)
select seg.tenant, seg.w, g::date, count(*)
from (
    select u.tenant, w.w, greatest(u.day, coalesce(u.prev + w.w, u.day)) as s, u.day + w.w - 1 as e
    from (select tenant, user_id, day, lag(day) over (partition by tenant, user_id order by day) as prev from daily_users) as u
    cross join (values (7), (30)) as w(w)
) as seg,
generate_series(seg.s, seg.e, interval '1 day') as g
where seg.s <= seg.e
group by 1, 2, 3
on conflict do nothing;
