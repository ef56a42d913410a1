"""Analysis over the warehouse: a sandboxed query connection, mart exports and the HTML report."""
