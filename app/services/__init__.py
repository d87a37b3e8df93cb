"""Plain functions that change data. They flush; the caller owns the transaction."""
