-- int_posts_with_engagement: the newest version of each post with its latest engagement.
-- A metrics observation newer than the version (observed_at > updated_at) supplies views,
-- forwards, replies and reaction_total; otherwise the version's own counts stand.
create or replace view int_posts_with_engagement as

with

posts as (

    select * from int_posts_deduplicated

),

metrics as (

    select * from int_metrics_latest

),

joined as (

    select
        posts.*,
        metrics.observed_at as metrics_observed_at,
        metrics.views as metrics_views,
        metrics.forwards as metrics_forwards,
        metrics.replies as metrics_replies,
        metrics.reaction_total as metrics_reaction_total,
        coalesce(metrics.observations, 0) as observations,
        coalesce(metrics.observed_at > posts.updated_at, false) as metrics_are_newer

    from posts
    left join metrics using (post_key)

),

final as (

    select
        * exclude (
            views, forwards, replies, reaction_total,
            metrics_views, metrics_forwards, metrics_replies, metrics_reaction_total,
            metrics_observed_at, metrics_are_newer
        ),

        ----------  engagement (latest observed)
        case when metrics_are_newer then coalesce(metrics_views, views) else views end
            as views,
        case when metrics_are_newer then coalesce(metrics_forwards, forwards) else forwards end
            as forwards,
        case when metrics_are_newer then coalesce(metrics_replies, replies) else replies end
            as replies,
        case
            when metrics_are_newer then coalesce(metrics_reaction_total, reaction_total)
            else reaction_total
        end as reaction_total,
        case when metrics_are_newer then metrics_observed_at else updated_at end
            as engagement_observed_at,

        ----------  timestamps (UTC)
        greatest(updated_at, metrics_observed_at) as last_seen_at

    from joined

)

select * from final
