-- top_sources: per ISO week (Monday, UTC) and platform, the sources that posted most, drew the
-- most views or were forwarded most; a source is kept when it ranks in the top 10 of any.
create or replace view top_sources as

with

posts as (

    select * from int_posts_with_engagement

),

weekly as (

    select
        cast(date_trunc('week', date) as date) as week,
        platform,
        source,
        count(*) as posts,
        cast(coalesce(sum(views), 0) as bigint) as views,
        cast(coalesce(sum(forwards), 0) as bigint) as forwards

    from posts
    group by all

),

ranked as (

    select
        *,
        rank() over (partition by week, platform order by posts desc) as posts_rank,
        rank() over (partition by week, platform order by views desc) as views_rank,
        rank() over (partition by week, platform order by forwards desc) as forwards_rank

    from weekly

)

select * from ranked
where least(posts_rank, views_rank, forwards_rank) <= 10
