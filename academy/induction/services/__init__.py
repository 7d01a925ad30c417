"""Induction operations, one module per area; each flushes and never commits."""
