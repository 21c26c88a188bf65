-- Incident changes for watchers (WatchAlerts) on every replica: triggers, so no code path that opens, acknowledges,
-- re-opens or resolves an incident can forget to announce it. NOTIFY is delivered at commit, in commit order, and
-- only if the transaction commits. change_seq orders the versions of one row (taken under the row lock) so a watcher
-- can drop a change older than the snapshot it already sent.
create sequence incident_change_seq;
alter table incidents add column change_seq bigint not null default nextval('incident_change_seq');

create function incidents_next_change_seq() returns trigger language plpgsql as $$
begin
    new.change_seq := nextval('incident_change_seq');
    return new;
end
$$;

create function incidents_notify_change() returns trigger language plpgsql as $$
declare
    payload text;
begin
    -- The row as the Incident message needs it. NOTIFY payloads stop at 8000 bytes: a row with
    -- huge labels is announced by id and read back by the listener.
    payload := json_build_object(
        'id', new.id, 'tenant', new.tenant, 'seq', new.change_seq, 'fingerprint', new.fingerprint,
        'alert_name', new.alert_name, 'labels', new.labels, 'annotations', new.annotations, 'severity', new.severity,
        'state', new.state, 'started_at', new.started_at, 'acknowledged_at', new.acknowledged_at,
        'acknowledged_by', new.acknowledged_by, 'resolved_at', new.resolved_at, 'resolved_by', new.resolved_by,
        'route_path', new.route_path, 'policy', new.policy, 'last_level', new.last_level,
        'last_repeat', new.last_repeat, 'last_fired_at', new.last_fired_at, 'next_due_at', new.next_due_at)::text;
    if octet_length(payload) > 7900 then
        payload := json_build_object('id', new.id, 'tenant', new.tenant, 'seq', new.change_seq, 'partial', true)::text;
    end if;
    perform pg_notify('alerting_incident_changes', payload);
    return null;
end
$$;

create trigger incidents_change_seq before update on incidents
    for each row when (new.state is distinct from old.state) execute function incidents_next_change_seq();
-- AFTER: an insert skipped by ON CONFLICT DO NOTHING (a duplicate raise) announces nothing.
create trigger incidents_notify_insert after insert on incidents
    for each row execute function incidents_notify_change();
create trigger incidents_notify_update after update on incidents
    for each row when (new.state is distinct from old.state) execute function incidents_notify_change();
