-- link_targets: which sites (and which news outlets' articles) each source's posts link to.
-- Links and article URLs are normalised the same way (no scheme, no "www.", host in lower
-- case, no query, fragment or trailing slash) and joined, so a Telegram post linking to an
-- article pikir collected from the outlet counts as amplifying that outlet. The same link
-- shared on several platforms is joined by its normalised URL: per row, how many of its links
-- were also shared on another platform, and per domain, the posts linking to it per platform.
create or replace view link_targets as

with

posts as (

    select * from int_posts_with_engagement

),

links as (

    select
        post_key,
        platform,
        source,
        published_at,
        views,
        unnest(list_distinct(links)) as link

    from posts
    where len(links) > 0

),

parsed as (

    select
        *,
        regexp_extract(
            link, '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:www\.)?([^/?#:]+)(?::[0-9]+)?([^?#]*)',
            ['host', 'path']
        ) as parts

    from links

),

normalised as (

    select
        *,
        lower(parts.host) as domain,
        lower(parts.host) || rtrim(parts.path, '/') as url_norm

    from parsed
    where parts.host <> ''

),

articles as (

    select
        lower(parts.host) || rtrim(parts.path, '/') as url_norm,
        min(source) as outlet,
        count(*) as articles

    from (
        select
            source,
            regexp_extract(
                url, '^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:www\.)?([^/?#:]+)(?::[0-9]+)?([^?#]*)',
                ['host', 'path']
            ) as parts
        from posts
        where platform = 'news' and url is not null
    )
    group by 1

),

outlets as (

    select distinct lower(source) as domain, source as outlet
    from posts
    where platform = 'news'

),

matched as (

    select
        normalised.*,
        articles.outlet as article_outlet,
        articles.url_norm is not null as is_article,
        count(distinct normalised.platform) over (partition by url_norm) as url_platforms

    from normalised
    left join articles using (url_norm)

),

domain_platforms as (

    select
        domain,
        count(distinct platform) as domain_platforms,
        map_from_entries(list({'k': platform, 'v': posts} order by platform))
            as domain_posts_by_platform

    from (
        select domain, platform, count(distinct post_key) as posts
        from normalised
        group by all
    )
    group by domain

),

aggregated as (

    select

        ----------  keys
        platform,
        source,
        domain,

        ----------  measures
        count(*) as links,
        count(distinct post_key) as posts,
        count(*) filter (where is_article) as article_links,
        count(distinct url_norm) filter (where is_article) as articles,
        cast(sum(views) as bigint) as views,
        count(*) filter (where url_platforms > 1) as cross_platform_links,
        max(url_platforms) as url_platforms,

        ----------  outlet
        min(article_outlet) as article_outlet,

        ----------  timestamps (UTC)
        min(published_at) as first_linked_at,
        max(published_at) as last_linked_at

    from matched
    group by all

),

final as (

    select
        aggregated.* exclude (article_outlet, cross_platform_links, url_platforms),
        coalesce(aggregated.article_outlet, outlets.outlet) as outlet,
        aggregated.cross_platform_links,
        aggregated.url_platforms,
        domain_platforms.domain_platforms,
        domain_platforms.domain_posts_by_platform

    from aggregated
    left join outlets using (domain)
    left join domain_platforms using (domain)

)

select * from final
