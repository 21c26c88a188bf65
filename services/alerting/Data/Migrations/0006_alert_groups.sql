-- Alertmanager grouping at runtime. An incident whose route has group_by carries its group (key, labels, timers as
-- of the start). Its firing notifications wait in state 'grouping' until the group's flush (group_wait for a new
-- group, group_interval after the last flush while the group lives) and are then folded into one 'group' row per
-- recipient address, like quiet-hours digests. alert_groups keeps each group's flush bookkeeping. A grouping row
-- whose incident resolves before the flush is 'dropped': nobody heard of it, so nobody hears of the resolve.
alter table incidents add column group_key text, add column grouping jsonb;
create index incidents_open_by_group on incidents (tenant, group_key) where group_key is not null and state <> 'resolved';

create table alert_groups (
    tenant           text        not null,
    group_key        text        not null,
    last_flush_at    timestamptz,
    planned_flush_at timestamptz,          -- null: nothing waits in the group
    primary key (tenant, group_key)
);

alter table incident_deliveries add column group_key text;

-- The kind and state checks of 0003 were unnamed: drop them by what they say, add them back named and widened.
do $$
declare c record;
begin
    for c in select conname from pg_constraint
             where conrelid = 'incident_deliveries'::regclass and contype = 'c'
               and (pg_get_constraintdef(oid) like '%kind%' or pg_get_constraintdef(oid) like '%state%')
    loop
        execute format('alter table incident_deliveries drop constraint %I', c.conname);
    end loop;
end
$$;
alter table incident_deliveries
    add constraint incident_deliveries_kind check (kind in ('firing', 'resolved', 'digest', 'group')),
    add constraint incident_deliveries_state check (state in ('pending', 'held', 'digested', 'grouping', 'grouped', 'dropped', 'sent', 'failed')),
    add constraint incident_deliveries_folds_have_no_incident check ((kind in ('digest', 'group')) = (incident_id is null)),
    add constraint incident_deliveries_held_until check (state <> 'held' or hold_until is not null),
    add constraint incident_deliveries_grouping_has_group check (state <> 'grouping' or group_key is not null);
create index incident_deliveries_grouping on incident_deliveries (next_attempt_at) where state = 'grouping';
