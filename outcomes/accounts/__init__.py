"""People: accounts, roles, the places they work for, and signing in."""
