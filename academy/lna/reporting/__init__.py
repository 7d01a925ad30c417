"""The learning lead's reports: one module per report, all listed in reporting.registry."""
