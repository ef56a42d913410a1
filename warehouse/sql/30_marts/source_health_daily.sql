-- source_health_daily: reachability of each source per UTC day of its runs: how many runs, how
-- many requests failed or timed out, the day's first and last successful run, and the latest
-- success up to that day (the blocking signal for independent outlets).
-- A run is a success when its status is ok or empty (the source answered).
create or replace view source_health_daily as

with

runs as (

    select * from stg_lake__runs

),

flagged as (

    select
        *,
        status in ('ok', 'empty') as is_success,
        coalesce(pages, 0) + coalesce(http_errors, 0) + coalesce(timeouts, 0) as requests

    from runs

),

daily as (

    select

        ----------  keys
        platform,
        source,
        started_date as day,

        ----------  runs
        count(*) as runs,
        count(*) filter (where is_success) as success_runs,
        count(*) filter (where status = 'failed') as failed_runs,
        count(*) filter (where status = 'unavailable') as unavailable_runs,
        count(*) filter (where status = 'partial') as partial_runs,

        ----------  requests
        sum(requests) as requests,
        sum(coalesce(http_errors, 0)) as http_errors,
        sum(coalesce(timeouts, 0)) as timeouts,

        ----------  timestamps (UTC)
        min(coalesce(finished_at, started_at)) filter (where is_success) as first_success_at,
        max(coalesce(finished_at, started_at)) filter (where is_success) as last_success_at

    from flagged
    group by all

),

final as (

    select
        platform,
        source,
        day,
        runs,
        success_runs,
        failed_runs,
        unavailable_runs,
        partial_runs,
        success_runs > 0 as reachable,
        requests,
        http_errors,
        timeouts,
        (http_errors + timeouts) / nullif(requests, 0) as failed_request_share,
        first_success_at,
        last_success_at,
        max(last_success_at) over (
            partition by platform, source
            order by day
            rows between unbounded preceding and current row
        ) as last_success_to_date

    from daily

)

select * from final
