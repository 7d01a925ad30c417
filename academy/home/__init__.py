"""Each person's home page, and the accessibility and privacy statements."""
