"""Notifications by email: queued in the transaction of the event that caused them, sent
later by ``outcomes notifications send`` through GOV.UK Notify, SMTP or the log."""
