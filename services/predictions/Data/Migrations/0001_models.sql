-- Model registry: every trained model version with its quality and serialized ML.NET artifact.
-- Exactly one active version per kind (partial unique index); later versions retire earlier ones.
create table models (
    id            bigint generated always as identity primary key,
    kind          text not null,
    version       text not null,
    trainer       text not null,
    trained_at    timestamptz not null,
    rows          bigint not null check (rows > 0),
    holdout_rows  bigint not null check (holdout_rows >= 0),
    auc           double precision not null,
    content       bytea not null,
    is_active     boolean not null default false,
    created_at    timestamptz not null default now(),
    unique (kind, version)
);

create unique index models_one_active_per_kind on models (kind) where is_active;
