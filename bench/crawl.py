"""Crawl throughput: a news spider with pipelines and landing vs a bare Scrapy spider.

Both crawl the same N generated vlast-style article pages (plus the feed) served by
``python -m http.server`` in a separate process, each as a fresh child process, alternating,
R rounds. Reported (medians): pages/s over the child's whole wall time and the child's CPU
(user + system) per page, both including interpreter and Scrapy start-up, which weighs less
the more pages are crawled. The pikir spider runs with its real pipelines (validation, lake
landing), run recorder and middlewares, politeness delays off as for the loopback sample.

    .venv/bin/python bench/crawl.py [--pages 400] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    ROOT / "sample/news/vlast.kz/novosti/47120-mazhilis-odobril-popravki-o-socsetyah.html"
).read_text(encoding="utf-8")
SLUG = "47120-mazhilis-odobril-popravki-o-socsetyah"

BARE = """
import json, sys, scrapy
class Bare(scrapy.Spider):
    name = "bare"
    def __init__(self, urls, **kw):
        super().__init__(**kw)
        self.start_urls = json.load(open(urls))
    def parse(self, response):
        yield {"url": response.url, "title": response.css("h1::text").get()}
"""


def build_site(folder: Path, pages: int) -> None:
    """Write a feed listing ``pages`` articles and the articles (same size as the fixture)."""
    items = []
    for n in range(pages):
        slug = f"{50000 + n}-synthetic-{n}"
        html = ARTICLE.replace(SLUG, slug)
        html = html.replace("2021-09-15T14:05:00+06:00", f"2021-09-15T{n % 24:02d}:05:00+06:00")
        (folder / "novosti").mkdir(parents=True, exist_ok=True)
        (folder / "novosti" / f"{slug}.html").write_text(html, encoding="utf-8")
        items.append(
            f"<item><title>t{n}</title><link>https://vlast.kz/novosti/{slug}.html</link></item>"
        )
    (folder / "feed").mkdir(exist_ok=True)
    (folder / "feed" / "index.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel>{"".join(items)}</channel></rss>',
        encoding="utf-8",
    )


def run(command: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, float]:
    """Run a child; return (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pikir-bench-crawl-"))
    site = work / "site" / "news" / "vlast.kz"
    build_site(site, args.pages)
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(work / "site")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    line = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N ..."
    port = int(line.split("port ")[1].split()[0])
    base = f"http://127.0.0.1:{port}/news/vlast.kz"
    (work / "site" / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    urls = [f"{base}/novosti/{50000 + n}-synthetic-{n}.html" for n in range(args.pages)]
    (work / "urls.json").write_text(json.dumps([f"{base}/feed/", *urls]))
    (work / "bare.py").write_text(BARE)
    fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "spiders.settings"}
    # The bare spider shares the project's downloader settings and middlewares but has no item
    # pipelines (validation, landing) and no extensions (run recorder): the difference is
    # what pikir adds per page. BENCH_BARE_DEFAULTS=1 runs it outside the project on Scrapy's
    # defaults instead (same per-site concurrency); on the project machine that was ~10x
    # slower against http.server, so it is not the default baseline.
    bare_env, same = env, ["-s", "ITEM_PIPELINES={}", "-s", "EXTENSIONS={}"]
    if os.environ.get("BENCH_BARE_DEFAULTS"):
        bare_env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
        same = ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "ROBOTSTXT_OBEY=True"]
    results: dict[str, list[tuple[float, float]]] = {"pikir vlast": [], "bare scrapy": []}
    try:
        for _ in range(args.rounds):
            home = work / "home"
            shutil.rmtree(home, ignore_errors=True)
            results["pikir vlast"].append(run(
                [sys.executable, "-m", "scrapy", "crawl", "vlast", "-a", f"base_url={base}",
                 "-a", "full=1", "-s", f"PIKIR_HOME={home}", *fast], env))  # fmt: skip
            results["bare scrapy"].append(run(
                [sys.executable, "-m", "scrapy", "runspider", str(work / "bare.py"),
                 "-a", f"urls={work / 'urls.json'}", *fast, *same], bare_env, work))  # fmt: skip
    finally:
        server.terminate()
        server.wait()
    pages = args.pages + 1
    rates = {}
    for name, runs in results.items():
        rate = statistics.median(pages / wall for wall, _ in runs)
        cpu = statistics.median(cpu / pages * 1000 for _, cpu in runs)
        rates[name] = rate
        print(f"{name:12} {rate:7.1f} pages/s   {cpu:5.1f} ms CPU/page (process incl. startup)")
    ratio = rates["pikir vlast"] / rates["bare scrapy"]
    print(
        f"ratio pikir/bare: {ratio:.2f}x (goal >= 0.8x); {args.pages} pages, {args.rounds} rounds"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
