-- collection_health: one row per collection run and source, with the sources that answered
-- but showed nothing (unavailable) or broke (failed) flagged for attention.
create or replace view collection_health as

with

runs as (

    select * from stg_lake__runs

),

final as (

    select

        ----------  ids
        run_id,
        flow,
        platform,
        source,
        collector,

        ----------  status
        status,
        status = 'unavailable' as is_unavailable,
        status = 'failed' as is_failed,
        status in ('unavailable', 'failed') as needs_attention,
        count(*) filter (where status in ('unavailable', 'failed'))
            over (partition by platform, source) as source_problem_runs,

        ----------  timestamps (UTC)
        started_at,
        finished_at,
        epoch(finished_at - started_at) as duration_s,

        ----------  counts
        items,
        new_items,
        updated_items,
        pages,
        case
            when http_errors is null and timeouts is null then null
            else coalesce(http_errors, 0) + coalesce(timeouts, 0)
        end as errors,
        http_errors,
        timeouts,
        retries,
        flood_wait_s,
        bytes,

        ----------  details
        error,
        status_counts,

        ----------  lineage
        source_file

    from runs

)

select * from final
