"""One spider per source; the module stem is the spider name."""
