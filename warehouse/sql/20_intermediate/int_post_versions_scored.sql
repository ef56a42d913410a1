-- int_post_versions_scored: the newest score of every scored post version (post_key, content_sha256).
-- Marts join it to already-deduplicated posts on both keys, so posts are deduplicated once.
create or replace view int_post_versions_scored as

with

enrichment as (

    select * from stg_lake__enrichment

),

latest as (

    select *

    from enrichment
    qualify row_number() over (
        partition by post_key, content_sha256
        order by scored_at desc, model desc, source_file desc
    ) = 1

)

select * from latest
