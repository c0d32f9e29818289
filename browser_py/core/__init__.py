"""What every part builds on: the worksheet model and the checker of its definitions,
the saved shape of each field kind, the one restore path and the file format's migrations,
the registry of named computations, what done means, numbers, words and charts as the page
shows them, and small-cell suppression."""
