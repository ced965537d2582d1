"""The home page: what each person has to do next, as counts that link to lists.

Each role has its own panels (``manager``, ``regulator``, ``panel``, ``responder``,
``admin``); ``home.home_for`` builds those of the person's role, asked through the same
rules as everything else (``outcomes.accounts.access``, ``outcomes.reviews.access``,
``outcomes.national.access``). A count of reviews is counted by the list it links to
(``outcomes.reviews.listing.count_reviews`` with the same filters), so the two cannot
disagree. Every panel reads a fixed number of statements, however much data there is.
Nothing here counts people.
"""
