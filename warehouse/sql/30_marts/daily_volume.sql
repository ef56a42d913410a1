-- daily_volume: posts and their latest views per UTC publication day, platform, source and
-- language, with the 7-day rolling mean of posts (days without posts count as zero).
create or replace view daily_volume as

with

source as (

    select * from int_posts_with_labels

),

aggregated as (

    select

        ----------  keys
        date as day,
        platform,
        source,
        lang,

        ----------  measures
        count(*) as posts,
        cast(sum(views) as bigint) as views

    from source
    group by all

),

rolling as (

    select
        *,
        sum(posts) over (
            partition by platform, source, lang
            order by day
            range between interval 6 days preceding and current row
        ) / 7.0 as posts_7d_mean

    from aggregated

)

select * from rolling
