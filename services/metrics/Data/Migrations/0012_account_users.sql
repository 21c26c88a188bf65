-- Which users belong to which account, and since when (UTC day): user density per account = users / accounts known
-- by each day. least() keeps the first day whatever order events arrive in.
create table if not exists account_user_first_seen (
    tenant     text not null,
    account_id text not null,
    user_id    text not null,
    first_seen date not null,
    primary key (tenant, account_id, user_id)
);
