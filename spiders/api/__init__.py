"""The shared layer of the API spiders: JSON requests, paging, tokens, rate limits, outcome."""
