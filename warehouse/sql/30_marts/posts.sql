-- posts: one row per public post, comment, reply or article (post_key): its newest version,
-- first collected_at, and the latest observed engagement.
create or replace view posts as

with

source as (

    select * from int_posts_with_engagement

),

final as (

    select

        ----------  ids
        post_key,
        platform,
        source,
        post_id,
        parent_key,
        thread_key,
        reply_to_key,
        forwarded_post_key,
        grouped_id,

        ----------  strings
        kind,
        url,
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

        ----------  engagement (latest observed)
        views,
        forwards,
        replies,
        reaction_total,
        engagement_observed_at,
        observations,

        ----------  versions
        version,
        is_edited,
        content_sha256,

        ----------  dates
        date,

        ----------  timestamps (UTC)
        published_at,
        edited_at,
        forwarded_at,
        deleted_at,
        collected_at,
        updated_at,
        last_seen_at,

        ----------  lineage
        run_id,
        collector,
        raw_sha256,
        source_file

    from source

)

select * from final
