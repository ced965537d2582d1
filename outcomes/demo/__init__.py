"""Demo data, for trying the app and for benchmarks. Nothing else in the domain imports it.

- ``accounts``: one account per role and services in a handful of real places (``seed_demo``).
- ``history``: a believable history of reviews for those services (``seed_history``).
- ``synthetic``: many submitted reviews at national scale, for benchmarks
  (``generate_synthetic``).
- ``story``: how one demo service answers its reviews from quarter to quarter.
- ``words``: the sentences demo managers and regulators write.
- ``bulk``: writing many rows quickly, with ids chosen in Python.
"""
