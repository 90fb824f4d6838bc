"""Link near-duplicates, republications, translations and renditions; never delete.

Pure (no Scrapy): the crawl's link pipeline, ``defnews dedup`` and ``defnews rebuild`` all use it.

- :mod:`linking.page_links`: links a page states itself (language versions, redirects);
- :mod:`linking.url_links`: links from URLs alone (canonical URL, war.gov ↔ defense.gov);
- :mod:`linking.shingles`: shingle sets and MinHash signatures;
- :mod:`linking.similarity`: the exact check deciding what a candidate pair is;
- :mod:`linking.authority`: which copy is the original;
- :mod:`linking.index`: the persistent MinHash-LSH index, linking records one at a time;
- :mod:`linking.batch`: link a whole archive at once (``defnews dedup``).
"""
from linking.batch import link_all
from linking.index import LinkIndex, LinkParams

__all__ = ["LinkIndex", "LinkParams", "link_all"]
