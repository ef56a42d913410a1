-- stg_lake__posts: every post version as landed in lake/posts, cast and renamed only.
-- One row per landed version: an edited post can appear more than once until
-- int_posts_deduplicated keeps its newest version.
create or replace view stg_lake__posts as

with

source as (

    select * from src_lake__posts

),

renamed as (

    select

        ----------  ids
        post_key,
        cast(platform as varchar) as platform,
        source,
        post_id,
        parent_key,
        thread_key,
        reply_to_key,
        forwarded_post_key,
        grouped_id,

        ----------  strings
        url,
        kind,
        author_id,
        author_name,
        signature,
        title,
        text,
        lang_hint,
        forwarded_from,
        media_kind,

        ----------  lists
        reactions,
        mentions,
        hashtags,
        links,

        ----------  numerics
        views,
        forwards,
        replies,
        reaction_total,
        version,

        ----------  booleans
        is_edited,

        ----------  dates
        -- the hive partition is the UTC date of published_at (DESIGN.md §3)
        cast(date as date) as date,

        ----------  timestamps (UTC)
        published_at,
        edited_at,
        forwarded_at,
        deleted_at,
        collected_at,
        updated_at,

        ----------  lineage
        content_sha256,
        run_id,
        collector,
        raw_sha256,
        filename as source_file

    from source

)

select * from renamed
