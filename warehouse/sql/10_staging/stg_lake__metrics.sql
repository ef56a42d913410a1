-- stg_lake__metrics: one row per sighting of a post (engagement observed over time).
create or replace view stg_lake__metrics as

with

source as (

    select * from src_lake__metrics

),

renamed as (

    select

        ----------  ids
        post_key,
        cast(platform as varchar) as platform,
        run_id,

        ----------  numerics
        views,
        forwards,
        replies,
        reaction_total,
        signatures,

        ----------  dates
        cast(date as date) as observed_date,

        ----------  timestamps (UTC)
        observed_at,

        ----------  lineage
        filename as source_file

    from source

)

select * from renamed
