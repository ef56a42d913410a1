-- weekly_volume: posts and views per ISO week (Monday, UTC), platform, source and language,
-- with the 4-week rolling mean of posts (weeks without posts count as zero).
create or replace view weekly_volume as

with

source as (

    select * from int_posts_with_labels

),

aggregated as (

    select

        ----------  keys
        cast(date_trunc('week', date) as date) as week,
        platform,
        source,
        lang,

        ----------  measures
        count(*) as posts,
        cast(sum(views) as bigint) as views,
        count(distinct date) as active_days

    from source
    group by all

),

rolling as (

    select
        *,
        sum(posts) over (
            partition by platform, source, lang
            order by week
            range between interval 21 days preceding and current row
        ) / 4.0 as posts_4w_mean

    from aggregated

)

select * from rolling
