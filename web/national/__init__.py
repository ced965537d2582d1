"""Pages for national asks, the national bodies register and the public answers page."""
