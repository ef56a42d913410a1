-- int_metrics_latest: the latest engagement observation of each post, and how many there were.
create or replace view int_metrics_latest as

with

metrics as (

    select * from stg_lake__metrics

),

ranked as (

    select
        *,
        count(*) over (partition by post_key) as observations,
        row_number() over (
            partition by post_key
            order by observed_at desc, source_file desc
        ) as recency_rank

    from metrics

),

latest as (

    select * exclude (recency_rank)

    from ranked
    where recency_rank = 1

)

select * from latest
