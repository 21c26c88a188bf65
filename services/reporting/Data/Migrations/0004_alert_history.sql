-- Alerting's alerts as reporting learns them from AlertFired / AlertResolved (the alert_summary report). One row per
-- alert id: alerting gives each firing a new id (a re-fire is a new alert), so the key makes a redelivered event
-- change nothing. An AlertResolved that arrives before its AlertFired inserts the row with only the resolve columns;
-- the AlertFired fills in the rest when it comes. The key leads with the tenant: an event can only ever touch its
-- own tenant's rows, whatever id it names, and every read is by tenant.
create table alert_history (
    tenant      text             not null,
    alert_id    uuid             not null,
    rule_id     uuid             not null,
    rule_name   text             not null,
    severity    text,                              -- info | warning | critical; null until the AlertFired arrives
    kpi         text,
    value       double precision,
    threshold   double precision,
    started_at  timestamptz,                       -- null: only the AlertResolved has arrived
    resolved_at timestamptz,                       -- null: still firing (as far as reporting knows)
    updated_at  timestamptz      not null,
    primary key (tenant, alert_id)
);
create index alert_history_started on alert_history (tenant, started_at);
create index alert_history_resolved on alert_history (tenant, resolved_at);
