-- events: the bill's timeline (seed warehouse/seeds/events.csv), for annotating charts.
create or replace view events as

with

source as (

    select * from seed_events

),

renamed as (

    select

        ----------  dates
        cast(event_date as date) as event_date,
        date_precision,

        ----------  strings
        title_en,
        description,
        confidence,
        source_url

    from source

)

select * from renamed
order by event_date, title_en
