-- int_posts_scored: the scores of each post's current version by the newest model run.
-- A post has no row here until it is enriched; marts left-join this view.
create or replace view int_posts_scored as

with

enrichment as (

    select * from stg_lake__enrichment

),

current_versions as (

    select post_key, content_sha256 from int_posts_deduplicated

),

scored_current as (

    select enrichment.*

    from enrichment
    inner join current_versions using (post_key, content_sha256)

),

ranked as (

    select
        *,
        row_number() over (
            partition by post_key
            order by scored_at desc, model desc, source_file desc
        ) as recency_rank

    from scored_current

),

latest as (

    select * exclude (recency_rank)

    from ranked
    where recency_rank = 1

)

select * from latest
