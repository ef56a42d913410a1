-- bill_posts: posts relevant to the social-media bill (relevance at or above the threshold
-- that enrich/topics/kz_social_media_bill.toml declares, via seed_topics), with their latest
-- scores and engagement.
create or replace view bill_posts as

with

posts as (

    select * from int_posts_with_engagement

),

scored as (

    select * from int_post_versions_scored
    where topic = 'kz_social_media_bill'

),

topic as (

    select * from seed_topics
    where topic = 'kz_social_media_bill'

),

relevant as (

    select

        ----------  ids
        posts.post_key,
        posts.platform,
        posts.source,
        posts.post_id,
        posts.url,

        ----------  text
        posts.title,
        posts.text,

        ----------  labels
        scored.lang,
        scored.lang_confidence,
        scored.relevance,
        scored.matched_terms,
        scored.sentiment_label,
        scored.sentiment_score,
        scored.sentiment_confidence,
        scored.model,

        ----------  engagement (latest observed)
        posts.views,
        posts.forwards,
        posts.replies,
        posts.reaction_total,

        ----------  dates
        posts.date,
        posts.published_at,
        scored.scored_at

    from posts
    inner join scored
        on scored.post_key = posts.post_key
        and scored.content_sha256 = posts.content_sha256
    inner join topic
        on scored.relevance >= topic.threshold

)

select * from relevant
