"""Operations that change mentoring state, one function per user intention.

Each takes plain data and the acting user, checks its invariants, writes the audit log, queues
notifications and flushes; the request, job or command that calls it commits once.
"""
