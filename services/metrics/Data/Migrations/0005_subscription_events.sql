-- Subscription events kept whole for revenue metrics (Domain/Revenue.cs): MRR at any month end and "paid before"
-- need each account's history. Keyed by event id, so a replayed event is stored once.
create table if not exists subscription_events (
    tenant       text        not null,
    event_id     uuid        not null,
    account_id   text        not null,
    occurred_at  timestamptz not null,
    type         text        not null,
    amount_minor bigint      not null,
    currency     text        not null,
    primary key (tenant, event_id)
);
create index if not exists subscription_events_tenant_time on subscription_events (tenant, occurred_at);
