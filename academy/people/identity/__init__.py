"""Sign-in through an organisation's own OpenID Connect identity provider."""
