-- language_share: per UTC day and platform, how many posts were in each language and what share
-- of the day's posts that is.
create or replace view language_share as

with

source as (

    select * from int_posts_with_labels

),

aggregated as (

    select

        ----------  keys
        date as day,
        platform,
        lang,

        ----------  measures
        count(*) as posts,
        count(*) filter (where detected_lang is not null) as detected_posts

    from source
    group by all

),

shares as (

    select
        *,
        sum(posts) over (partition by day, platform) as platform_posts,
        posts / sum(posts) over (partition by day, platform) as share

    from aggregated

)

select * from shares
