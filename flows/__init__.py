"""Prefect flows: thin orchestration over pikir's collection, lake and warehouse packages."""
