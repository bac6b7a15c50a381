"""Where things live: the article database and the audio cache."""
