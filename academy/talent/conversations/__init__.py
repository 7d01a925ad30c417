"""Career conversations: coaches' availability, booking, preparation, the confidential record and actions."""
