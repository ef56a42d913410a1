-- int_posts_with_labels: every current post with its latest engagement and, when it has been
-- scored, its enrichment labels. Posts never scored keep their row: lang falls back to the
-- source's lang_hint, then 'unknown'; the sentiment columns stay null.
create or replace view int_posts_with_labels as

with

posts as (

    select * from int_posts_with_engagement

),

scored as (

    select * from int_post_versions_scored

),

joined as (

    select
        posts.*,

        ----------  labels (null until enriched)
        scored.lang as detected_lang,
        scored.relevance,
        scored.matched_terms,
        scored.sentiment_label,
        scored.sentiment_score,
        scored.sentiment_confidence,
        scored.post_key is not null as is_scored,

        ----------  language: detected, else declared by the source, else unknown
        coalesce(scored.lang, posts.lang_hint, 'unknown') as lang

    from posts
    left join scored
        on scored.post_key = posts.post_key
        and scored.content_sha256 = posts.content_sha256

)

select * from joined
