-- Per-user activity for cohorts and funnels (Domain/CohortRetention.cs, Domain/Funnel.cs).
-- Signup = the user's earliest event of any kind; least() keeps it right whatever order events arrive in.
create table if not exists user_first_seen (
    tenant        text        not null,
    user_id       text        not null,
    first_seen_at timestamptz not null,
    primary key (tenant, user_id)
);
create index if not exists user_first_seen_tenant_time on user_first_seen (tenant, first_seen_at);

-- Compact per-user event log for funnels, keyed by event id (a replayed event is stored once).
-- Kept Metrics:Retention:UserEvents (default 90 days) by the retention job.
create table if not exists user_events (
    tenant      text        not null,
    event_id    uuid        not null,
    user_id     text        not null,
    domain      text        not null,
    type        text        not null,
    occurred_at timestamptz not null,
    primary key (tenant, event_id)
);
create index if not exists user_events_tenant_type_time on user_events (tenant, domain, type, occurred_at);
create index if not exists user_events_time on user_events (occurred_at);
