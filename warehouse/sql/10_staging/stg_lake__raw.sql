-- stg_lake__raw: the archived payload every posts row was parsed from.
create or replace view stg_lake__raw as

with

source as (

    select * from src_lake__raw

),

renamed as (

    select

        ----------  ids
        post_key,
        cast(platform as varchar) as platform,
        run_id,
        raw_sha256,

        ----------  strings
        content_type,
        payload,

        ----------  dates
        -- the hive partition date (the lake writer dates raw rows by collected_at)
        cast(date as date) as partition_date,

        ----------  timestamps (UTC)
        collected_at,

        ----------  lineage
        filename as source_file

    from source

)

select * from renamed
