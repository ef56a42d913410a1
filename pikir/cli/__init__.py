"""The ``pikir`` command line: one sub-command per job a data scientist or operator does."""
