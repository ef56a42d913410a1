-- daily_volume: posts and their latest views per UTC publication day, platform and source.
create or replace view daily_volume as

with

source as (

    select * from int_posts_with_engagement

),

aggregated as (

    select

        ----------  keys
        date as day,
        platform,
        source,

        ----------  measures
        count(*) as posts,
        sum(views) as views

    from source
    group by all

)

select * from aggregated
