-- Threshold rules, per tenant. Deleting a rule keeps the row (deleted_at) so its alert history stays readable.
-- next_evaluation_at doubles as the evaluation lease: a replica claims due rules with FOR UPDATE SKIP LOCKED and
-- pushes next_evaluation_at forward in the same statement, so another replica does not take them this interval.
create table rules (
    id                 uuid             primary key,
    tenant             text             not null,
    name               text             not null,
    kpi                text             not null,
    filters            jsonb            not null default '{}'::jsonb,
    comparison         text             not null check (comparison in ('above', 'below')),
    threshold          double precision not null,
    window_seconds     integer          not null check (window_seconds between 10 and 86400),
    severity           text             not null check (severity in ('info', 'warning', 'critical')),
    email_to           text[]           not null default '{}',
    slack_webhook_url  text,
    min_samples        bigint           not null default 0,
    created_at         timestamptz      not null,
    deleted_at         timestamptz,
    next_evaluation_at timestamptz      not null,
    last_evaluated_at  timestamptz
);
create index rules_by_tenant on rules (tenant, created_at) where deleted_at is null;
create index rules_due on rules (next_evaluation_at) where deleted_at is null;

-- Alert instances. At most one firing alert per rule: the partial unique index is the last line of defence
-- against two replicas firing the same rule.
create table alerts (
    id           uuid             primary key,
    tenant       text             not null,
    rule_id      uuid             not null references rules (id),
    fingerprint  text             not null,
    state        text             not null check (state in ('firing', 'resolved')),
    value        double precision not null,          -- the value that made it fire
    last_value   double precision not null,          -- the latest evaluated value
    started_at   timestamptz      not null,
    updated_at   timestamptz      not null,
    resolved_at  timestamptz,
    check ((state = 'resolved') = (resolved_at is not null))
);
create unique index alerts_one_firing_per_rule on alerts (rule_id) where state = 'firing';
create index alerts_by_tenant on alerts (tenant, started_at desc);

-- Durable notification outbox and log: written in the same transaction as the alert change, delivered by the
-- notifier (FOR UPDATE SKIP LOCKED), retried with backoff. The unique key makes each message exist once.
create table notifications (
    id              uuid        primary key,
    tenant          text        not null,
    alert_id        uuid        not null references alerts (id),
    kind            text        not null check (kind in ('firing', 'resolved')),
    channel         text        not null,
    target          text        not null,
    payload         jsonb       not null,             -- what to say, fixed when the alert changed
    state           text        not null default 'pending' check (state in ('pending', 'sent', 'failed')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    unique (alert_id, kind, channel, target)
);
create index notifications_due on notifications (next_attempt_at) where state = 'pending';
