-- stg_lake__runs: one row per collection run and source, as recorded by the collectors.
create or replace view stg_lake__runs as

with

source as (

    select * from src_lake__runs

),

renamed as (

    select

        ----------  ids
        run_id,
        flow,
        source,
        platform,
        collector,

        ----------  strings
        status,
        status_counts,
        watermark_before,
        watermark_after,
        error,

        ----------  numerics
        items,
        new_items,
        updated_items,
        pages,
        http_errors,
        retries,
        timeouts,
        flood_wait_s,
        bytes,

        ----------  dates
        cast(date as date) as started_date,

        ----------  timestamps (UTC)
        started_at,
        finished_at,

        ----------  lineage
        filename as source_file

    from source

)

select * from renamed
