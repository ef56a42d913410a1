-- int_posts_deduplicated: one row per post_key, the newest landed version.
-- While an edit is being rewritten an older version can coexist in the lake; the newest wins
-- (highest version, then latest updated_at, then the file name as a stable tie-break), and
-- collected_at is the first time any version was seen (DESIGN.md §3, guarantee 2).
-- Windows partition by platform too (a post_key names its platform, so the result is the
-- same): a filter on platform downstream then reaches the scan and its hive partitions.
create or replace view int_posts_deduplicated as

with

posts as (

    select * from stg_lake__posts

),

ranked as (

    select
        *,
        min(collected_at) over (partition by platform, post_key) as first_collected_at,
        row_number() over (
            partition by platform, post_key
            order by version desc, updated_at desc, source_file desc
        ) as recency_rank

    from posts

),

deduplicated as (

    select
        * exclude (collected_at, first_collected_at, recency_rank),
        first_collected_at as collected_at

    from ranked
    where recency_rank = 1

)

select * from deduplicated
