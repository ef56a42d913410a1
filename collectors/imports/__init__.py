"""Importers of platform exports (Telegram Desktop "Export chat history" JSON, ...)."""
