"""Scrapy settings for defnews: polite defaults for live runs.

Only the demo and the tests make crawls fast (see crawler.runner.DEMO_SETTINGS); nothing here
does. Override per run with ``-s KEY=VALUE`` (scrapy or defnews crawl).
"""
from __future__ import annotations

import os

BOT_NAME = "defnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- identity: say who we are and how to reach us ------------------------------------
# Set DEFNEWS_CONTACT (environment, or -s) to a URL or mailto: where a site's operator can
# reach you. Live runs without it warn loudly (crawler.runner.contact_warning).
PLACEHOLDER_CONTACT = "https://defnews.invalid/contact"
DEFNEWS_CONTACT = os.environ.get("DEFNEWS_CONTACT", PLACEHOLDER_CONTACT)


def user_agent(contact: str) -> str:
    return f"defnews/0.1 (+{contact})"


# Recomputed by the spiders when DEFNEWS_CONTACT is given with -s (see spiders/base.py).
USER_AGENT = user_agent(DEFNEWS_CONTACT)

# --- politeness ------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
# Retries: Scrapy's defaults (2 retries on 5xx, 408, 429 and transport errors), except that
# a 429/503 with Retry-After waits what the server asked, up to this cap (seconds); past it
# the URL is given up and counted (crawler.middlewares.RetryAfterMiddleware).
DEFNEWS_RETRY_AFTER_MAX = 120.0

# --- optional development cache (off by default; DEFNEWS_HTTPCACHE=1 switches it on) ------
HTTPCACHE_ENABLED = os.environ.get("DEFNEWS_HTTPCACHE") == "1"
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 24 * 3600
# Never replay failures or challenge pages from the cache as if they were the site's answer.
HTTPCACHE_IGNORE_HTTP_CODES = [403, 404, 408, 429, 500, 502, 503, 504]

# --- components --------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # 585: sees bodies after HttpCompressionMiddleware (590) has decompressed them and
    # after RedirectMiddleware (600) has followed redirects.
    "crawler.middlewares.ChallengeMiddleware": 585,
    # Before any download work: an article stored by an earlier run is re-checked with a
    # conditional request (304 = no body), or not fetched at all (see crawler.skip_stored).
    # Its process_response runs last, after redirects and challenge detection.
    "crawler.skip_stored.StoredArticlesMiddleware": 50,
    # Above RetryMiddleware (550): sees a 429/503 with Retry-After first.
    "crawler.middlewares.RetryAfterMiddleware": 560,
}
ITEM_PIPELINES = {
    "crawler.pipelines.RawArchivePipeline": 100,
    "crawler.pipelines.CleanPipeline": 200,
    # Dedup/version before validation: a new version's fields are validated too.
    "crawler.pipelines.DedupPipeline": 250,
    "crawler.pipelines.ValidatePipeline": 300,
    # Links and clusterId against the whole archive (issue 10); drops nothing.
    "crawler.link_pipeline.LinkPipeline": 450,
    "crawler.pipelines.StorePipeline": 500,
}
# No interactive back doors on a crawler that runs unattended. Removed outright rather than
# only disabled: RemoteControl's module imports aiohttp, ~0.2 s of start-up per crawl.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    # One crawl process writing per data directory (crawler.run_lock); first, before any file.
    "crawler.run_lock.WriterLock": 0,
    "crawler.runner.RunSummary": 500,
    # Every response as received, in data/warc/<spider>/<run-id>.warc.gz (issue 10).
    "crawler.warc_archive.WarcArchive": 400,
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.telnet.TelnetConsole": None,
}

# --- defnews storage -------------------------------------------------------------------------
DEFNEWS_DATA_DIR = "data"
DEFNEWS_ARTICLES_DIR = None  # default: <DEFNEWS_DATA_DIR>/articles
DEFNEWS_RAW_DIR = None  # default: <DEFNEWS_DATA_DIR>/raw
DEFNEWS_RUN_ID = None  # default: the crawl's start time, e.g. 20261125T193000Z
# "append": keep earlier runs and store only new articles and new versions; "overwrite":
# replace the file with this run's records, only if the run ends well (crawler.pipelines).
DEFNEWS_STORE_MODE = "append"
# In append mode, stored articles are re-checked with conditional requests, or skipped when
# the site sends no validators (see crawler.skip_stored). True: download them all again.
DEFNEWS_REFETCH_STORED = False
# A stored article whose site sends no ETag/Last-Modified is fetched again after this many days.
DEFNEWS_RECHECK_DAYS = 7.0
# Per-URL validators and per-run health in <data>/state.sqlite3 (crawler.crawl_state).
DEFNEWS_STATE_ENABLED = True
# fsync the raw archive after each record: no record is stored without being archived.
DEFNEWS_RAW_FSYNC = True
# Seconds of cleaning per record (run in a worker process); past it the record is rejected,
# counted as dropped "time_limit", and stays in the raw archive. 0 = clean in-process, unbounded.
DEFNEWS_CLEAN_TIME_LIMIT = 60.0
# Address space of that worker, in MB (0 = no cap); past it the record is dropped "memory_limit".
DEFNEWS_CLEAN_MEMORY_MB = 2048
# The cleaning step (record -> record, called with max_repair_chars=), by import path: tests
# name a slow one (tests/slow_clean.py), which runs in the cleaning worker like the real one.
DEFNEWS_CLEAN_FUNCTION = "cleaning.clean_article"
# Seconds of extraction per page (page -> record, in a worker process: crawler.extract_worker);
# past it the worker is replaced and the page counted as errors "extract_time_limit" (the
# response stays in the WARC archive). 0 = extract in a thread, unbounded.
DEFNEWS_EXTRACT_TIME_LIMIT = 60.0
# Address space of that worker, in MB (0 = no cap); past it the page is "extract_memory_limit".
DEFNEWS_EXTRACT_MEMORY_MB = 2048
# The page -> record step, by import path (tests name a slow one).
DEFNEWS_PAGE_RECORD_FUNCTION = "crawler.page_record.page_record"
DEFNEWS_SUMMARY_PRINT = True

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
