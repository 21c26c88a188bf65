-- Retention drops a partition, then deletes the idempotency keys of its events. The drop records here, in its own
-- transaction, that a purge is owed, and the purge clears it in its own: after a process died between the two, the
-- next run finds the record. Before, every start scanned the whole key table for keys that are almost never there.
create table if not exists ingestion_key_purge_owed (
    one   boolean     primary key default true check (one),
    since timestamptz not null
);
