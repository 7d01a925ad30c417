"""E-mails from templates: a subject and a body block, wrapped by the shared plain-text and HTML
layouts, with links on ACADEMY_BASE_URL however the message is written; delivered over a real
SMTP server as a two-part message."""

from __future__ import annotations

from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select

from academy.extensions import db
from academy.notifications.delivery import deliver_pending
from academy.notifications.email import external_url, notify_by_email, render_email, send_email
from academy.notifications.models import Notice, OutboxMessage
from academy.notifications.services import Attachment
from tests.factories import UserFactory
from tests.notifications.test_delivery import CALENDAR_TYPE, invitation, smtp  # noqa: F401

WELCOME = """{% block subject %}
  Welcome to the academy, {{ user.given_name }}
{% endblock %}
{% block body %}
Dear {{ user.given_name }},

Your training starts on {{ day }} & lasts <one> morning.
{% if extra %}

An extra line.
{% endif %}


Book here: {{ url_for("courses.catalogue", _external=True) }}
{% endblock %}"""


def with_template(app):
    app.jinja_env.loader = ChoiceLoader([DictLoader({"email/tests/welcome.txt": WELCOME}),
                                         app.jinja_env.loader])


def test_an_email_is_its_subject_and_body_in_both_layouts(app):
    with_template(app)
    person = UserFactory(given_name="Aisha")
    email = render_email("tests/welcome", user=person, day="1 March", extra=False)
    assert email.subject == "Welcome to the academy, Aisha"
    assert email.text.startswith("Dear Aisha,\n\nYour training starts on 1 March & lasts <one> "
                                 "morning.\n\nBook here: http://academy.test/courses\n")
    assert "\n\n\n" not in email.text
    assert email.text.rstrip().endswith("Wakefield Health and Social Care Academy\nhttp://academy.test/")
    assert "<title>Welcome to the academy, Aisha</title>" in email.html
    assert "1 March &amp; lasts &lt;one&gt; morning." in email.html
    assert '<a href="http://academy.test/courses">http://academy.test/courses</a>' in email.html
    assert "<p>Dear Aisha,</p>" in email.html


def test_links_use_the_base_address_even_inside_a_request_from_elsewhere(app):
    app.config["ACADEMY_BASE_URL"] = "https://academy.wakefield.nhs.uk/learning"
    with app.test_request_context("/", base_url="http://10.0.0.5:8000"):
        assert external_url("courses.catalogue") == "https://academy.wakefield.nhs.uk/learning/courses"
        assert external_url("courses.course", course_id=7, _external=True) == (
            "https://academy.wakefield.nhs.uk/learning/courses/7")


def test_queued_emails_arrive_as_plain_text_and_html_with_their_attachments(app, smtp):  # noqa: F811
    with_template(app)
    person = UserFactory(given_name="Aisha", email="aisha@example.nhs.uk")
    send_email("manager@example.nhs.uk", "tests/welcome", user=person, day="2 March", extra=True)
    notice = notify_by_email(person, "Welcome", "tests/welcome", link="/courses", day="3 March",
                             extra=False,
                             attachments=[Attachment("session.ics", CALENDAR_TYPE, invitation())])
    db.session.commit()
    assert db.session.get(Notice, notice.id).text == "Welcome"
    stored = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.to_address for m in stored] == ["manager@example.nhs.uk", "aisha@example.nhs.uk"]
    assert "An extra line." in stored[0].body_text and "<p>An extra line.</p>" in stored[0].body_html

    handler = smtp.start()
    assert deliver_pending(smtp.settings)["sent"] == 2
    by_recipient = {recipients[0]: message for _, recipients, message in handler.messages}
    first = by_recipient["manager@example.nhs.uk"]
    assert first["Subject"] == "Welcome to the academy, Aisha"
    assert first.get_content_type() == "multipart/alternative"
    assert "2 March" in first.get_body(preferencelist=("plain",)).get_content()
    assert "<p>Dear Aisha,</p>" in first.get_body(preferencelist=("html",)).get_content()
    second = by_recipient["aisha@example.nhs.uk"]
    assert second.get_content_type() == "multipart/mixed"
    assert "3 March" in second.get_body(preferencelist=("plain",)).get_content()
    assert "3 March" in second.get_body(preferencelist=("html",)).get_content()
    assert [part.get_filename() for part in second.iter_attachments()] == ["session.ics"]
