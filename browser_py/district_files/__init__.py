"""A district's own student files, read on this device to count students:
the files kept in memory for the visit, their limits, the Excel reader's rows and strings,
and the counts taken from them."""
