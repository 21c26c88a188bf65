-- Report subscriptions and the record of every run. A subscription is due at next_run_at (UTC, computed from its
-- cron expression in its time zone); the scheduler claims due rows with FOR UPDATE SKIP LOCKED, writes at most one
-- run per (subscription, scheduled time) — the unique key makes a second one impossible whoever inserts it — and
-- moves next_run_at on, in one transaction.
create table subscriptions (
    id             uuid        primary key,
    tenant         text        not null,
    name           text        not null,
    report_type    text        not null,
    parameters     jsonb       not null,
    cron           text        not null,
    time_zone      text        not null,
    catch_up       text        not null check (catch_up in ('once', 'skip')),
    formats        text[]      not null,
    emails         text[]      not null,
    slack_webhooks text[]      not null,
    enabled        boolean     not null,
    next_run_at    timestamptz,                       -- null: disabled, or the expression never fires again
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    unique (tenant, name)
);
create index subscriptions_due on subscriptions (next_run_at) where enabled and next_run_at is not null;

-- One row per run: scheduled (on time or a catch-up), skipped (missed, policy skip) or on demand. A pending run is
-- executed by whichever replica locks it first; its row stays locked until the outcome is recorded.
create table report_runs (
    id              uuid        primary key,
    tenant          text        not null,
    subscription_id uuid        references subscriptions (id) on delete set null,
    report_type     text        not null,
    scheduled_for   timestamptz,
    period_from     timestamptz,
    period_to       timestamptz,
    trigger         text        not null check (trigger in ('schedule', 'catch_up', 'on_demand')),
    status          text        not null check (status in ('pending', 'succeeded', 'failed', 'skipped')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz,
    started_at      timestamptz,
    finished_at     timestamptz,
    duration_ms     integer,
    size_bytes      bigint,
    recipients      text[]      not null default '{}',
    report_ids      uuid[]      not null default '{}',
    missed          integer     not null default 0,   -- scheduled times before this one that were passed over
    error           text,
    created_at      timestamptz not null,
    unique (subscription_id, scheduled_for),
    check (status <> 'pending' or next_attempt_at is not null)
);
create index report_runs_pending on report_runs (next_attempt_at) where status = 'pending';
create index report_runs_by_tenant on report_runs (tenant, created_at desc);
