"""Answers from the centre: national bodies, the asks places address to them, and their
dated responses."""
