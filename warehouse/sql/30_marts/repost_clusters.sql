-- repost_clusters: near-duplicate texts across platforms and sources, one row per post in a
-- cluster of two or more (char-shingle MinHash + LSH, computed by the build into the table
-- int_near_duplicates, see warehouse/near_duplicates.py). The first post of a cluster is the
-- earliest published; similarity is each post's estimated Jaccard similarity to it.
create or replace view repost_clusters as

with

members as (

    select * from int_near_duplicates

),

posts as (

    select post_key, platform, source, published_at
    from int_posts_deduplicated

),

joined as (

    select
        members.cluster_id,
        members.post_key,
        posts.platform,
        posts.source,
        posts.published_at,
        members.similarity,
        members.method

    from members
    inner join posts using (post_key)

),

final as (

    select

        ----------  ids
        cluster_id,
        post_key,
        platform,
        source,

        ----------  timestamps (UTC)
        published_at,

        ----------  cluster
        post_key = cluster_id as first_in_cluster,
        count(*) over (partition by cluster_id) as cluster_size,
        count(distinct platform) over (partition by cluster_id) as platforms_in_cluster,
        count(distinct source) over (partition by cluster_id) as sources_in_cluster,
        similarity,
        method

    from joined

)

select * from final
