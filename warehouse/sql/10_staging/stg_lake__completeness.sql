-- stg_lake__completeness: one row per completeness audit of one source (lake/completeness),
-- cast and renamed only.
create or replace view stg_lake__completeness as

with

source as (

    select * from src_lake__completeness

),

renamed as (

    select

        ----------  ids
        audit_id,
        platform,
        source,
        run_id,

        ----------  numerics
        api_count,
        web_count,
        both_count,
        api_min_id,
        api_max_id,
        web_min_id,
        web_max_id,
        gap_count,

        ----------  lists
        only_api_ids,
        only_web_ids,
        gap_ids,

        ----------  dates
        cast(date as date) as audited_date,

        ----------  timestamps (UTC)
        window_start,
        window_end,
        audited_at,

        ----------  lineage
        filename as source_file

    from source

)

select * from renamed
