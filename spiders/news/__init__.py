"""Shared base layer of the news spiders: discovery, dates, encoding, extraction, outcome."""
