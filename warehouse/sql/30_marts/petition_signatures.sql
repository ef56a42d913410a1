-- petition_signatures: per petition and UTC day, the highest signature count observed and the
-- gain since the previous observed day, beside that day's volume of bill posts (bill_posts,
-- petitions excluded) so signatures over time can be read against the discussion.
create or replace view petition_signatures as

with

observations as (

    select * from stg_lake__metrics
    where signatures is not null

),

petitions as (

    select post_key, platform, source, title, url
    from int_posts_with_engagement
    where platform = 'petition'

),

daily as (

    select
        post_key,
        cast(observed_at as date) as day,
        max(signatures) as signatures,
        count(distinct observed_at) as observations,
        max(observed_at) as last_observed_at

    from observations
    group by all

),

discussion as (

    select
        date as day,
        count(*) as bill_posts

    from bill_posts
    where platform <> 'petition'
    group by all

),

gains as (

    select
        *,
        lag(signatures) over (partition by post_key order by day) as previous_signatures,
        lag(day) over (partition by post_key order by day) as previous_day

    from daily

),

final as (

    select

        ----------  ids
        gains.post_key,
        petitions.source,

        ----------  petition
        petitions.title,
        petitions.url,

        ----------  keys
        gains.day,

        ----------  measures
        gains.signatures,
        gains.signatures - gains.previous_signatures as signatures_gain,
        gains.day - gains.previous_day as days_since_previous,
        gains.observations,
        coalesce(discussion.bill_posts, 0) as bill_posts,

        ----------  timestamps (UTC)
        gains.last_observed_at

    from gains
    left join petitions using (post_key)
    left join discussion using (day)

)

select * from final
