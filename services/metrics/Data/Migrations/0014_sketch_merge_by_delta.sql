-- Adds sketch b into sketch a touching only b's buckets: the consumer's b is a batch's few buckets, a is the hot row's
-- whole sketch. The first version (0004) regrouped every bucket of both on each merge, the consumer's largest cost.
-- Same result: a bucket's count is the sum of both; null is the empty sketch.
create or replace function metrics_sketch_merge(a jsonb, b jsonb) returns jsonb
language sql immutable as $$
    select case
        when a is null then b
        when b is null then a
        else a || coalesce((select jsonb_object_agg(key, coalesce((a ->> key)::bigint, 0) + value::bigint)
                            from jsonb_each_text(b)), '{}'::jsonb)
    end
$$;
