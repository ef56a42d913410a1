-- mention_edges: one row per platform, source and @mentioned username: how often the source
-- mentioned it and when. Usernames are compared without '@' and in lower case (ASCII only).
create or replace view mention_edges as

with

posts as (

    select * from int_posts_with_engagement

),

collected as (

    select distinct platform, lower(source) as source from posts

),

mentions as (

    select
        post_key,
        platform,
        source,
        published_at,
        lower(ltrim(unnest(list_distinct(mentions)), '@')) as mentioned

    from posts
    where len(mentions) > 0

),

edges as (

    select

        ----------  keys
        platform,
        source,
        mentioned,

        ----------  measures
        count(distinct post_key) as mentions,

        ----------  timestamps (UTC)
        min(published_at) as first_mention_at,
        max(published_at) as last_mention_at

    from mentions
    where mentioned <> ''
    group by all

),

final as (

    select
        edges.*,
        collected.source is not null as mentioned_is_collected

    from edges
    left join collected
        on collected.platform = edges.platform and collected.source = edges.mentioned

)

select * from final
