-- Registry lifecycle: models per tenant ('' = global, trained on generated data and shared by every tenant),
-- candidate -> active -> retired, holdout metrics and serving metadata, and the promotion history rollback uses.
alter table models add column if not exists tenant text not null default '';
alter table models add column if not exists status text not null default 'retired';
alter table models add column if not exists source text not null default 'generated';
alter table models add column if not exists metrics jsonb;
alter table models add column if not exists metadata jsonb;
update models set status = case when is_active then 'active' else 'retired' end;
alter table models add constraint models_status_check check (status in ('candidate', 'active', 'retired'));
alter table models drop constraint if exists models_kind_version_key;
alter table models add constraint models_tenant_kind_version_key unique (tenant, kind, version);
drop index if exists models_one_active_per_kind;
alter table models drop column is_active;
create unique index models_one_active on models (tenant, kind) where status = 'active';

create table model_promotions (
    id            bigint generated always as identity primary key,
    tenant        text not null,
    kind          text not null,
    from_version  text,
    to_version    text not null,
    rollback      boolean not null default false,
    at            timestamptz not null default now()
);
create index model_promotions_by_kind on model_promotions (tenant, kind, id desc);
