"""The append-only audit log and the page that reads it."""
