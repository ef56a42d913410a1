"""pikir."""
