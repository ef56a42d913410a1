"""Collection over protocols other than Scrapy: the Telegram API (Telethon) and platform exports."""
