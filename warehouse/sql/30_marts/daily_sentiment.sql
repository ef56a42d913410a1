-- daily_sentiment: sentiment of posts about the bill per UTC day, platform, source and
-- language, always with its n and a 95 % interval: a t interval for the mean score (t quantiles
-- up to 30 degrees of freedom, 1.96 beyond) and Wilson intervals for the shares.
create or replace view daily_sentiment as

with

labelled as (

    select * from bill_posts
    where sentiment_label is not null

),

t_quantiles (df, t) as (

    values
        (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (6, 2.447), (7, 2.365),
        (8, 2.306), (9, 2.262), (10, 2.228), (11, 2.201), (12, 2.179), (13, 2.160),
        (14, 2.145), (15, 2.131), (16, 2.120), (17, 2.110), (18, 2.101), (19, 2.093),
        (20, 2.086), (21, 2.080), (22, 2.074), (23, 2.069), (24, 2.064), (25, 2.060),
        (26, 2.056), (27, 2.052), (28, 2.048), (29, 2.045), (30, 2.042)

),

aggregated as (

    select

        ----------  keys
        date as day,
        platform,
        source,
        lang,

        ----------  counts
        count(*) as n,
        count(*) filter (where sentiment_label = 'negative') as n_negative,
        count(*) filter (where sentiment_label = 'neutral') as n_neutral,
        count(*) filter (where sentiment_label = 'positive') as n_positive,

        ----------  score
        avg(sentiment_score) as mean_score,
        stddev_samp(sentiment_score) as sd_score

    from labelled
    group by all

),

with_intervals as (

    select
        aggregated.*,
        coalesce(t_quantiles.t, 1.96) * sd_score / sqrt(n) as mean_half_width,
        n_negative / n as share_negative,
        n_positive / n as share_positive

    from aggregated
    left join t_quantiles on t_quantiles.df = aggregated.n - 1

),

final as (

    select

        ----------  keys
        day,
        platform,
        source,
        lang,

        ----------  counts
        n,
        n_negative,
        n_neutral,
        n_positive,

        ----------  mean score with its 95 % t interval (null when n = 1)
        mean_score,
        sd_score,
        case when mean_half_width is not null
            then greatest(-1.0, mean_score - mean_half_width) end as mean_score_low,
        case when mean_half_width is not null
            then least(1.0, mean_score + mean_half_width) end as mean_score_high,

        ----------  shares with their 95 % Wilson intervals
        share_negative,
        (share_negative + 1.9208 / n - 1.96 * sqrt(share_negative * (1 - share_negative) / n
            + 0.9604 / (n * n))) / (1 + 3.8416 / n) as share_negative_low,
        (share_negative + 1.9208 / n + 1.96 * sqrt(share_negative * (1 - share_negative) / n
            + 0.9604 / (n * n))) / (1 + 3.8416 / n) as share_negative_high,
        share_positive,
        (share_positive + 1.9208 / n - 1.96 * sqrt(share_positive * (1 - share_positive) / n
            + 0.9604 / (n * n))) / (1 + 3.8416 / n) as share_positive_low,
        (share_positive + 1.9208 / n + 1.96 * sqrt(share_positive * (1 - share_positive) / n
            + 0.9604 / (n * n))) / (1 + 3.8416 / n) as share_positive_high

    from with_intervals

)

select * from final
