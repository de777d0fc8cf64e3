"""Where a population run gets its events: a registry database, a URL, Parquet or Arrow."""
