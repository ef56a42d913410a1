"""Scrapy project of pikir: settings, pipelines, middlewares and one spider module per source."""
