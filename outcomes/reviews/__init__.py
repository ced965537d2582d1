"""Learning reviews: one service's answers for one period, pinned to one framework version.

The services, each taking a session, the actor and plain values:

- filing: start_review, services_to_review, frameworks_to_file
- answers: save_section (one section's answers, as the form sends them),
  change_answers (the answers named, from any section, the others kept, as the API
  sends them); both checked against the pinned items, one lock check and one event
- submission: task_list, missing_answers, submit, start_amendment, cancel_amendment
- reading: get_review, read_draft, readable_revisions, get_revision, show_answers,
  compare_revisions
- feedback: give_feedback, reply, acknowledge, threads
- listing: list_reviews; search: search_answers
- follow_ups: commitments (what the service's previous review said it would change)
- history: review_history (the audit trail in words)

Who may do what is decided in access; every service above enforces it.
"""
