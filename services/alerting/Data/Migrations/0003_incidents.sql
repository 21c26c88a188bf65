-- Incidents: alerts raised by event rules (and later by any rule) that escalate through a policy until someone
-- acknowledges or resolves them. At most one open incident per (tenant, fingerprint): a repeated event is the same
-- incident, and two replicas raising it at once collide on the partial unique index.
create table incidents (
    id               uuid        primary key,
    tenant           text        not null,
    fingerprint      text        not null,
    alert_name       text        not null,
    labels           jsonb       not null,
    annotations      jsonb       not null,
    severity         text        not null,
    state            text        not null check (state in ('firing', 'acknowledged', 'resolved')),
    started_at       timestamptz not null,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    resolved_at      timestamptz,
    resolved_by      text,
    route_path       text        not null,
    policy_name      text        not null,
    policy           jsonb       not null,             -- the policy as it was when the incident started
    last_level       integer,
    last_repeat      integer,
    last_fired_at    timestamptz,
    next_due_at      timestamptz,                      -- null: nothing is due (over, or acknowledged for good)
    check ((state = 'resolved') = (resolved_at is not null)),
    check ((last_level is null) = (last_fired_at is null))
);
create unique index incidents_one_open_per_fingerprint on incidents (tenant, fingerprint) where state <> 'resolved';
create index incidents_due on incidents (next_due_at) where next_due_at is not null;
create index incidents_by_tenant on incidents (tenant, started_at desc);

-- The incident notification outbox and log. One row per (incident, level, repeat, recipient, channel, address,
-- kind): the unique key makes a duplicate impossible whoever inserts it. Held rows (quiet hours) wait for
-- hold_until and are then folded into one 'digest' row per recipient address (incident_id null, digest_id links them).
create table incident_deliveries (
    id              uuid        primary key,
    tenant          text        not null,
    incident_id     uuid        references incidents (id),
    level           integer     not null,
    repeat          integer     not null,
    recipient       text        not null,
    channel         text        not null,
    address         text        not null,
    kind            text        not null check (kind in ('firing', 'resolved', 'digest')),
    payload         jsonb       not null,
    state           text        not null default 'pending' check (state in ('pending', 'held', 'digested', 'sent', 'failed')),
    hold_until      timestamptz,
    digest_id       uuid        references incident_deliveries (id),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    check ((kind = 'digest') = (incident_id is null)),
    check (state <> 'held' or hold_until is not null),
    unique (incident_id, level, repeat, recipient, channel, address, kind)
);
create index incident_deliveries_due on incident_deliveries (next_attempt_at) where state = 'pending';
create index incident_deliveries_held on incident_deliveries (hold_until) where state = 'held';
create index incident_deliveries_by_incident on incident_deliveries (incident_id);
