-- engagement_curves: how engagement grows with a post's age. One row per metrics sighting of a
-- current post: views, forwards, replies and reactions against hours since publication.
-- Sightings dated before publication (clock skew) are left out.
create or replace view engagement_curves as

with

metrics as (

    select * from stg_lake__metrics

),

posts as (

    select post_key, platform, source, kind, published_at from int_posts_deduplicated

),

joined as (

    select
        posts.post_key,
        posts.platform,
        posts.source,
        posts.kind,
        posts.published_at,
        metrics.observed_at,
        epoch(metrics.observed_at - posts.published_at) / 3600.0 as hours_since_published,
        metrics.views,
        metrics.forwards,
        metrics.replies,
        metrics.reaction_total

    from metrics
    inner join posts using (post_key)
    where metrics.observed_at >= posts.published_at

),

final as (

    select

        ----------  ids
        post_key,
        platform,
        source,
        kind,

        ----------  timestamps (UTC)
        published_at,
        observed_at,

        ----------  age
        hours_since_published,
        case
            when hours_since_published < 1 then 0
            else cast(pow(2, floor(log2(hours_since_published))) as integer)
        end as age_bucket_h,
        row_number() over (
            partition by post_key order by observed_at
        ) as observation,

        ----------  engagement at observed_at
        views,
        forwards,
        replies,
        reaction_total,
        views / nullif(max(views) over (partition by post_key), 0) as views_share_of_max

    from joined

)

select * from final
