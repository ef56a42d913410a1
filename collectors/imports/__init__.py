"""Importers of exports: Telegram Desktop JSON, Zeeschuimer NDJSON, Meta CSV, WhatsApp .txt."""
