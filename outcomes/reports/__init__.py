"""Cross-place comparison reports: places side by side for learning, never a ranking."""
