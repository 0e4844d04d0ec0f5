"""The call: personas, the pure state machine of one rehearsal, timing advice, drafts."""
