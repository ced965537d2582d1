"""The audit trail: an append-only record of who changed what, and when."""
