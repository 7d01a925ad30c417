"""The base of every enum shown to people: each member carries the words it is shown with."""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    """A string enum whose members are written `NAME = "value", "Label"`.

    The value is what the database keeps; `label` is what a page or an export shows. A member
    written with its value alone is shown as that value in sentence case ("in_person" ->
    "In person").
    """

    label: str

    def __new__(cls, value: str, label: str | None = None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value.replace("_", " ").capitalize()
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) for every member, in order: the choices of a select or radios."""
        return [(member.value, member.label) for member in cls]
