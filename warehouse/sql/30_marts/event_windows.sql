-- event_windows: did a milestone change the conversation? For each day-precise row of the
-- bill's timeline (seed_events), each platform and a window of 7 or 30 days: volume and
-- sentiment in the window days before the event day against the event day and the window - 1
-- days after, with the difference and its 95 % interval (normal approximation, Welch standard
-- error: over daily post counts for volume, over post sentiment scores for sentiment).
-- Days without posts count as zero, including days before collection started.
create or replace view event_windows as

with

posts as (

    select date, platform, sentiment_score from int_posts_with_labels

),

milestones as (

    select cast(event_date as date) as event_date, title_en, confidence
    from seed_events
    where date_precision = 'day'

),

windows as (

    select unnest([7, 30]) as window_days

),

platforms as (

    select distinct platform from posts

),

daily as (

    select
        date as day,
        platform,
        count(*) as posts,
        count(sentiment_score) as scored,
        sum(sentiment_score) as score_sum,
        sum(sentiment_score * sentiment_score) as score_sq_sum

    from posts
    group by all

),

calendar as (

    select
        event_date,
        title_en,
        confidence,
        window_days,
        platform,
        event_date + cast(offset_days - window_days as integer) as day,
        case when offset_days < window_days then 'before' else 'after' end as side

    from (
        select *, unnest(range(2 * window_days)) as offset_days
        from milestones, windows, platforms
    )

),

sides as (

    select
        calendar.event_date,
        calendar.title_en,
        calendar.confidence,
        calendar.window_days,
        calendar.platform,
        calendar.side,
        sum(coalesce(daily.posts, 0)) as posts,
        var_samp(coalesce(daily.posts, 0)) as posts_var,
        sum(coalesce(daily.scored, 0)) as scored,
        sum(daily.score_sum) as score_sum,
        sum(daily.score_sq_sum) as score_sq_sum

    from calendar
    left join daily using (day, platform)
    group by all

),

pivoted as (

    select
        event_date,
        title_en,
        confidence,
        platform,
        window_days,
        sum(posts) filter (where side = 'before') as posts_before,
        sum(posts) filter (where side = 'after') as posts_after,
        sum(posts_var) filter (where side = 'before') as var_before,
        sum(posts_var) filter (where side = 'after') as var_after,
        sum(scored) filter (where side = 'before') as n_before,
        sum(scored) filter (where side = 'after') as n_after,
        sum(score_sum) filter (where side = 'before') as s_before,
        sum(score_sum) filter (where side = 'after') as s_after,
        sum(score_sq_sum) filter (where side = 'before') as q_before,
        sum(score_sq_sum) filter (where side = 'after') as q_after

    from sides
    group by all

),

moments as (

    select
        *,
        posts_before / window_days as daily_before,
        posts_after / window_days as daily_after,
        sqrt(var_before / window_days + var_after / window_days) as volume_se,
        case when n_before > 0 then s_before / n_before end as sentiment_before,
        case when n_after > 0 then s_after / n_after end as sentiment_after,
        case
            when n_before > 1 then greatest(q_before - s_before * s_before / n_before, 0)
                / (n_before - 1)
        end as sentiment_var_before,
        case
            when n_after > 1 then greatest(q_after - s_after * s_after / n_after, 0)
                / (n_after - 1)
        end as sentiment_var_after

    from pivoted

),

final as (

    select

        ----------  keys
        event_date,
        title_en,
        confidence,
        platform,
        window_days,

        ----------  volume (posts per day)
        posts_before,
        posts_after,
        daily_before as posts_per_day_before,
        daily_after as posts_per_day_after,
        daily_after - daily_before as volume_diff,
        daily_after - daily_before - 1.959964 * volume_se as volume_diff_low,
        daily_after - daily_before + 1.959964 * volume_se as volume_diff_high,

        ----------  sentiment (mean sentiment_score of scored posts)
        n_before as sentiment_n_before,
        n_after as sentiment_n_after,
        sentiment_before,
        sentiment_after,
        sentiment_after - sentiment_before as sentiment_diff,
        sentiment_after - sentiment_before
            - 1.959964 * sqrt(
                sentiment_var_before / n_before + sentiment_var_after / n_after
            ) as sentiment_diff_low,
        sentiment_after - sentiment_before
            + 1.959964 * sqrt(
                sentiment_var_before / n_before + sentiment_var_after / n_after
            ) as sentiment_diff_high

    from moments

)

select * from final
