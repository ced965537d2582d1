"""Places: the ONS geography of local areas, with its hierarchy and history of codes."""
