"""Pure parsing functions for the pages spiders fetch (no Scrapy engine needed)."""
