-- forward_edges: the amplification graph. One row per platform and (origin → forwarder) pair:
-- how often the forwarder reposted the origin, how many distinct originals, first/last time.
create or replace view forward_edges as

with

posts as (

    select * from int_posts_with_engagement

),

collected as (

    select distinct platform, source from posts

),

forwards as (

    select * from posts
    where forwarded_from is not null

),

edges as (

    select

        ----------  keys
        platform,
        forwarded_from as from_source,
        source as to_source,

        ----------  measures
        count(*) as forwards,
        count(distinct forwarded_post_key) as original_posts,
        cast(sum(views) as bigint) as views,

        ----------  dates and timestamps (UTC)
        min(published_at) as first_forward_at,
        max(published_at) as last_forward_at,
        min(date) as first_day,
        max(date) as last_day,

        ----------  flags
        bool_or(forwarded_post_key is not null) as from_is_public

    from forwards
    group by platform, forwarded_from, source

),

final as (

    select
        edges.*,
        collected.source is not null as from_is_collected

    from edges
    left join collected
        on collected.platform = edges.platform and collected.source = edges.from_source

)

select * from final
