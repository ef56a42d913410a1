-- stg_lake__enrichment: one row per scored post version and model (lake/enrichment).
create or replace view stg_lake__enrichment as

with

source as (

    select * from src_lake__enrichment

),

renamed as (

    select

        ----------  ids
        post_key,
        cast(platform as varchar) as platform,
        model,
        topic,
        content_sha256,
        run_id,

        ----------  labels
        lang,
        lang_confidence,
        relevance,
        matched_terms,
        sentiment_label,
        sentiment_score,
        sentiment_confidence,
        minhash,

        ----------  dates
        cast(date as date) as published_date,

        ----------  timestamps (UTC)
        published_at,
        scored_at,

        ----------  lineage
        filename as source_file

    from source

)

select * from renamed
