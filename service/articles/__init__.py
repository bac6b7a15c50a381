"""Getting an article: fetch (URL only), extract, sanitize, segment."""
