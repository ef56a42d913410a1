-- term_trends: per UTC day, platform and matched topic term (enrichment's matched_terms), how
-- many posts matched it, from how many sources, and what share of the day's posts that is.
-- Terms come from enrichment, never from scanning text here (perf-anchors.md §3).
create or replace view term_trends as

with

posts as (

    select * from int_posts_with_labels

),

day_totals as (

    select
        date as day,
        platform,
        count(*) as day_posts,
        count(*) filter (where is_scored) as day_scored_posts

    from posts
    group by all

),

terms as (

    select
        post_key,
        date as day,
        platform,
        source,
        views,
        unnest(list_distinct(matched_terms)) as term

    from posts
    where len(matched_terms) > 0

),

aggregated as (

    select

        ----------  keys
        day,
        platform,
        term,

        ----------  measures
        count(*) as posts,
        count(distinct source) as sources,
        cast(sum(views) as bigint) as views

    from terms
    group by all

),

final as (

    select
        aggregated.*,
        day_totals.day_posts,
        day_totals.day_scored_posts,
        aggregated.posts / day_totals.day_scored_posts as share_of_scored

    from aggregated
    inner join day_totals using (day, platform)

)

select * from final
