-- Same uniqueness, cheaper index: with the fixed-width uuid first, B-tree comparisons on the ingest path rarely reach
-- the text column (measured: _bt_compare and nocache_index_getattr were the top PostgreSQL functions of ingestion).
alter table event_keys drop constraint if exists event_keys_pkey;
alter table event_keys add constraint event_keys_pkey primary key (event_id, tenant);
