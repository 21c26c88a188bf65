-- The feature store: raw facts kept from EventBatchIngested; features are derived at read time "as of" any instant,
-- so scoring (as of now) and training (as of a past snapshot, labels from later facts) read the same definitions.

-- Every account seen in any event, with the first time it was seen (tenure).
create table fs_accounts (
    tenant      text not null,
    account_id  text not null,
    first_seen  timestamptz not null,
    primary key (tenant, account_id)
);

-- auth/LOGIN (success) and auth/LOGIN_FAILED, with the hashed IP and device the client sent and the country.
create table fs_logins (
    tenant       text not null,
    event_id     uuid not null,
    user_id      text not null,
    account_id   text,
    occurred_at  timestamptz not null,
    success      boolean not null,
    ip_hash      text,
    device_hash  text,
    country      text,
    session_id   text,
    primary key (tenant, event_id)
);
create index fs_logins_user on fs_logins (tenant, user_id, occurred_at);
create index fs_logins_account on fs_logins (tenant, account_id, occurred_at) where account_id is not null;

-- First event of each session id (sessions_7d).
create table fs_sessions (
    tenant      text not null,
    session_id  text not null,
    account_id  text not null,
    started_at  timestamptz not null,
    primary key (tenant, session_id)
);
create index fs_sessions_account on fs_sessions (tenant, account_id, started_at);

-- Notifications sent and clicked per account and UTC day (email_engagement).
create table fs_notification_days (
    tenant      text not null,
    account_id  text not null,
    day         date not null,
    sent        integer not null default 0,
    clicked     integer not null default 0,
    primary key (tenant, account_id, day)
);

-- Support tickets (open_tickets as of an instant).
create table fs_tickets (
    tenant       text not null,
    ticket_id    text not null,
    account_id   text,
    opened_at    timestamptz,
    resolved_at  timestamptz,
    primary key (tenant, ticket_id)
);
create index fs_tickets_account on fs_tickets (tenant, account_id);

-- The first use of each product feature per account (feature_adoption).
create table fs_feature_uses (
    tenant      text not null,
    account_id  text not null,
    feature     text not null,
    first_used  timestamptz not null,
    primary key (tenant, account_id, feature)
);

-- subscriptions/SUBSCRIPTION_CANCELLED: the churn label.
create table fs_cancellations (
    tenant        text not null,
    account_id    text not null,
    cancelled_at  timestamptz not null,
    primary key (tenant, account_id, cancelled_at)
);

-- quotes/QUOTE_REQUESTED and orders/ORDER_PLACED: conversion features and label.
create table fs_quotes (
    tenant        text not null,
    quote_id      text not null,
    account_id    text,
    requested_at  timestamptz not null,
    value         double precision not null,
    line_items    integer not null,
    portal        boolean not null,
    primary key (tenant, quote_id)
);
create table fs_orders (
    tenant      text not null,
    event_id    uuid not null,
    account_id  text,
    quote_id    text,
    ordered_at  timestamptz not null,
    primary key (tenant, event_id)
);
create index fs_orders_account on fs_orders (tenant, account_id, ordered_at);
create index fs_orders_quote on fs_orders (tenant, quote_id) where quote_id is not null;

-- Data exports (large_export) and confirmed compromises (the threat label).
create table fs_exports (
    tenant       text not null,
    event_id     uuid not null,
    user_id      text not null,
    occurred_at  timestamptz not null,
    rows         bigint not null,
    primary key (tenant, event_id)
);
create index fs_exports_user on fs_exports (tenant, user_id, occurred_at);
create table fs_compromises (
    tenant        text not null,
    user_id       text not null,
    confirmed_at  timestamptz not null,
    primary key (tenant, user_id, confirmed_at)
);
