"""Who may browse and who may define career pathways."""

from __future__ import annotations

from academy.people.roles import Role


def can_browse_pathways(user) -> bool:
    return user.is_authenticated


def can_manage_pathways(user) -> bool:
    """Pathways are shared by the whole partnership: defined by partnership-wide learning leads."""
    return user.is_authenticated and (
        None in user.role_scopes(Role.LEARNING_LEAD) or None in user.role_scopes(Role.ADMIN)
    )
