-- Outbox payloads can be large (EventBatchIngested carries up to 1000 events). They are stored as json, not jsonb:
-- the relay sends the stored text as it is, so jsonb's parse on insert and re-print on read were pure cost (15 % of
-- PostgreSQL's time under ingestion load), and lz4 compresses several times faster than the default pglz (which was
-- the top PostgreSQL function in the ingestion profile).
alter table outbox_messages alter column payload type json using payload::json;
alter table outbox_messages alter column payload set compression lz4;
