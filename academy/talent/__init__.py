"""Talent: apprenticeships and the levy, fellowships, career pathways, career conversations."""
