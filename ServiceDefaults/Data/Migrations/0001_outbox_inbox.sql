-- Transactional outbox: rows are written in the same transaction as the state change they announce;
-- OutboxRelay publishes them and marks them published.
create table if not exists outbox_messages (
    id              uuid primary key,
    message_type    text        not null,
    payload         jsonb       not null,
    created_at      timestamptz not null default now(),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    published_at    timestamptz,
    last_error      text
);
create index if not exists outbox_messages_pending on outbox_messages (next_attempt_at) where published_at is null;

-- Inbox: a consumer records each message id it has applied, in the same transaction as the effect.
create table if not exists inbox_messages (
    consumer     text        not null,
    message_id   uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
);
