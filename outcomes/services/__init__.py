"""Services: what is delivered in a place, by whom, with which partners."""
