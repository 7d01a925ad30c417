"""Operations on career conversations, one per user intention; they take plain data and the acting
user, check the rules, write the audit log, queue notices and e-mails, and flush: the request, job
or command that calls them commits once."""
