"""Dataset exports: reproducible, self-describing extracts for inspection panels."""
