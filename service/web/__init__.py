"""Flask blueprints: pages, JSON API, audio files."""
