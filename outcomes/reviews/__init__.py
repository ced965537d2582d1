"""Learning reviews: one service's answers for one period, pinned to one framework version."""
