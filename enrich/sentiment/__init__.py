"""Sentiment: the shipped linear model, its features, training, and pluggable backends."""
