-- source_summary: one row per platform and source: how much it posted, when, and how.
create or replace view source_summary as

with

source as (

    select * from int_posts_with_engagement

),

flagged as (

    select
        *,
        coalesce(is_edited, false) or edited_at is not null or version > 1 as was_edited,
        forwarded_from is not null or forwarded_post_key is not null as was_forwarded,
        media_kind is not null as has_media

    from source

),

summarised as (

    select

        ----------  keys
        platform,
        source,

        ----------  volume
        count(*) as posts,

        ----------  timestamps (UTC)
        min(published_at) as first_post_at,
        max(published_at) as last_post_at,

        ----------  engagement
        sum(views) as total_views,
        median(views) as median_views,

        ----------  shares (0..1 of posts)
        avg(was_edited::double) as share_edited,
        avg(was_forwarded::double) as share_forwarded,
        avg(has_media::double) as share_media,

        ----------  freshness
        max(last_seen_at) as last_collected_at

    from flagged
    group by platform, source

)

select * from summarised
