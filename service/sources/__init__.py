"""Followed sources: news sites' RSS and Atom feeds (or an OPML list of them), polled on a
schedule, their new stories read aloud like any other article."""
