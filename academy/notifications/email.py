"""E-mails written from templates: each message is one template under templates/email/ with a
`subject` and a `body` block; the shared layouts wrap the body as plain text and as HTML, and
links in it point at ACADEMY_BASE_URL whether the message is written in a request or a job."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from markupsafe import Markup, escape

from academy.notifications.models import Notice, OutboxMessage
from academy.notifications.services import Attachment, notify, queue_email

LINK = re.compile(r"https?://[^\s<>()]+[^\s<>().,;:!?'\"]")


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


def external_url(endpoint: str, **values) -> str:
    """The address of a page of the platform at ACADEMY_BASE_URL, as a link in an e-mail needs:
    the same in a request, a job or a command. `_external` is accepted and always true."""
    values.pop("_external", None)
    base = urlsplit(current_app.config["ACADEMY_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path.rstrip("/") or "/",
                                       url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def paragraphs(text: str) -> Markup:
    """Plain text as HTML paragraphs: blank lines part them, line breaks stay, links link."""
    parts = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', str(escape(line)))
                 for line in block.splitlines()]
        parts.append("<p>" + "<br>\n".join(lines) + "</p>")
    return Markup("\n".join(parts))


def render_email(name: str, **context) -> Email:
    """Write the e-mail `templates/email/<name>.txt` with `context`."""
    env = current_app.jinja_env
    template = env.get_template(f"email/{name}.txt")
    values = {**context, "url_for": external_url}
    block_context = template.new_context(values)
    subject = " ".join("".join(template.blocks["subject"](block_context)).split())
    body = "".join(template.blocks["body"](block_context)).strip()
    body = re.sub(r"\n{3,}", "\n\n", body)
    home = external_url("home.index")
    text = env.get_template("email/_layout.txt").render(subject=subject, body=body, home=home)
    html = env.get_template("email/_layout.html").render(subject=subject, body=paragraphs(body),
                                                         home=home)
    return Email(subject=subject, text=text, html=html)


def send_email(to_address: str, name: str, *, attachments: Iterable[Attachment] = (),
               secret_link: bool = False, **context) -> OutboxMessage:
    """Write the e-mail `name` (see `render_email`) to the outbox for `to_address`.

    `secret_link`: the message carries a link that works on its own (a password reset, an
    invitation); the outbox's copy loses its links once it is sent (see `without_links`)."""
    email = render_email(name, **context)
    return queue_email(to_address, email.subject, email.text, attachments, html=email.html,
                       has_secret_link=secret_link)


LINK_REMOVED = "[link removed once sent]"
_ANCHOR = re.compile(r"<a\s[^>]*>.*?</a>", re.IGNORECASE | re.DOTALL)


def without_links(text: str | None) -> str | None:
    """The text (plain or HTML) with every link replaced by a note that it was removed."""
    if text is None:
        return None
    return LINK.sub(LINK_REMOVED, _ANCHOR.sub(LINK_REMOVED, text))


def notify_by_email(user, text: str, name: str, *, link: str | None = None,
                    attachments: Iterable[Attachment] = (), **context) -> Notice:
    """Tell a person with an in-app notice and the e-mail `name`, written for them."""
    email = render_email(name, user=user, **context)
    return notify(user, text, link=link, subject=email.subject, body=email.text,
                  html=email.html, attachments=attachments)
