"""Apprenticeships and the levy: standards, apprentices and their delivery, levy accounts,
forecasts, pooling and transfers."""
