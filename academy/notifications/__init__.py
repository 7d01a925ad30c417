"""Notifications: the e-mail outbox, SMTP delivery and in-app notices."""
