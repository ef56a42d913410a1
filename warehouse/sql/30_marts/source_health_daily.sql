-- source_health_daily: reachability of each source per UTC day of its runs: how many runs, how
-- many requests failed or timed out, the day's first and last successful run, and the latest
-- success up to that day (the blocking signal for independent outlets).
-- A run is a success when its status is ok or empty (the source answered). Network failures
-- (DNS, refused connections, lost connections, TLS) come from the run's status_counts
-- (spiders/reachability.py): how a blocked site fails is itself a finding.
create or replace view source_health_daily as

with

runs as (

    select * from stg_lake__runs

),

network as (

    select
        *,
        coalesce(try_cast(json_extract_string(status_counts, '$.dns') as bigint), 0)
            as dns_failures,
        coalesce(try_cast(json_extract_string(status_counts, '$.refused') as bigint), 0)
            as refused_connections,
        coalesce(try_cast(json_extract_string(status_counts, '$.connection_lost') as bigint), 0)
        + coalesce(try_cast(json_extract_string(status_counts, '$.tls') as bigint), 0)
        + coalesce(try_cast(json_extract_string(status_counts, '$.cancelled') as bigint), 0)
        + coalesce(try_cast(json_extract_string(status_counts, '$.other_error') as bigint), 0)
            as connection_failures

    from runs

),

flagged as (

    select
        *,
        status in ('ok', 'empty') as is_success,
        coalesce(pages, 0) + coalesce(http_errors, 0) + coalesce(timeouts, 0)
        + dns_failures + refused_connections + connection_failures as requests

    from network

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
        sum(dns_failures) as dns_failures,
        sum(refused_connections) as refused_connections,
        sum(connection_failures) as connection_failures,

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
        dns_failures,
        refused_connections,
        connection_failures,
        (http_errors + timeouts + dns_failures + refused_connections + connection_failures)
        / nullif(requests, 0) as failed_request_share,
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
