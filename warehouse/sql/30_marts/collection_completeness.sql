-- collection_completeness: one row per audit of one source: how much of the window each side
-- (Telegram API, web preview) holds, what only one side holds, and the ids neither shows.
-- The latest audit of each source is flagged, so "how complete is channel X now" is one filter.
create or replace view collection_completeness as

with

audits as (

    select * from stg_lake__completeness

),

final as (

    select

        ----------  ids
        audit_id,
        platform,
        source,
        run_id,

        ----------  window
        window_start,
        window_end,
        audited_at,
        row_number() over (
            partition by platform, source order by audited_at desc, audit_id desc
        ) = 1 as is_latest,

        ----------  counts
        api_count,
        web_count,
        both_count,
        len(only_api_ids) as only_api_count,
        len(only_web_ids) as only_web_count,
        gap_count,

        ----------  shares
        case when api_count > 0 then both_count / api_count end as web_coverage_of_api,
        case when web_count > 0 then both_count / web_count end as api_coverage_of_web,

        ----------  id ranges
        api_min_id,
        api_max_id,
        web_min_id,
        web_max_id,

        ----------  lists
        only_api_ids,
        only_web_ids,
        gap_ids,

        ----------  lineage
        source_file

    from audits

)

select * from final
