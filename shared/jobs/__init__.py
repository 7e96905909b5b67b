"""Background work: the outbox relay, the job runner and its handlers, the scheduler loop.

Jobs take ids only, reload what they need, return early when the state has moved on, and
are safe to run twice."""
