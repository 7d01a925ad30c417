"""The shared moves of every view: load or 404 then 403, a service call as the request's
transaction, a safe `next`, numbers from a query string, PDF answers."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from flask_login import login_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import Forbidden, NotFound
from wtforms import StringField

from academy.errors import DomainError
from academy.extensions import db
from academy.people.models import Organisation
from academy.web import as_int, found_or_404, load_or_404, pdf_response, perform, safe_next, submit
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "///evil.example/", "/\\evil.example",
    "\\\\evil.example", "/\t/evil.example", "/path\nLocation: x", "javascript:alert(1)",
    "evil.example/path", "", None,
])
def test_safe_next_refuses_anything_that_could_leave_the_site(app, target):
    with app.test_request_context("/"):
        assert safe_next(target) == "/"
        assert safe_next(target, "/my-learning") == "/my-learning"


@pytest.mark.parametrize("target", ["/courses/3", "/my-learning?tab=done#x", "/"])
def test_safe_next_follows_a_path_on_this_site(app, target):
    with app.test_request_context("/"):
        assert safe_next(target, "/elsewhere") == target


@pytest.mark.parametrize(("typed", "number"), [
    ("12", 12), ("-3", -3), ("", None), (None, None), ("twelve", None), ("1.5", None),
])
def test_as_int_reads_a_whole_number_or_nothing(typed, number):
    assert as_int(typed) == number


def test_load_or_404_loads_then_asks_the_predicate(app):
    organisation = OrganisationFactory(name="Mid Yorkshire")
    person = UserFactory(employer=organisation)
    db.session.commit()
    with app.test_request_context("/"):
        login_user(person)
        assert load_or_404(Organisation, organisation.id) is organisation
        assert load_or_404(Organisation, organisation.id,
                           lambda user, row: row.id == user.employer_id) is organisation
        with pytest.raises(Forbidden):
            load_or_404(Organisation, organisation.id, lambda user, row: False)
        with pytest.raises(NotFound):
            load_or_404(Organisation, organisation.id + 1000)
        with pytest.raises(NotFound):
            load_or_404(Organisation, None)
        with pytest.raises(NotFound):
            found_or_404(None)
        assert found_or_404(organisation) is organisation


class NameForm(FlaskForm):
    name = StringField("Name")


def rename(organisation, name: str) -> Organisation:
    organisation.name = name
    db.session.flush()
    if name == "refused":
        raise DomainError("That name is taken by another partner", field="name")
    if name == "vague":
        raise DomainError("The partnership is closed to changes today")
    return organisation


def test_perform_commits_and_flashes_what_the_service_did(app):
    organisation = OrganisationFactory(name="Before")
    db.session.commit()
    with app.test_request_context("/", method="POST"):
        done = perform(lambda: rename(organisation, "After"),
                       success=lambda row: f"{row.name} is saved")
        assert done is not None and done.result is organisation
        assert get_flashed_messages(with_categories=True) == [("success", "After is saved")]
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).name == "After"


def test_a_refusal_rolls_back_and_is_shown_on_its_field(app):
    organisation = OrganisationFactory(name="Before")
    db.session.commit()
    with app.test_request_context("/", method="POST", data={"name": "refused"}):
        form = NameForm()
        assert perform(lambda: rename(organisation, "refused"), form=form, success="Saved") is None
        assert form.name.errors == ["That name is taken by another partner"]
        assert get_flashed_messages() == []
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).name == "Before"


def test_a_refusal_naming_no_field_is_shown_at_the_top_of_the_page(app):
    organisation = OrganisationFactory(name="Before")
    db.session.commit()
    with app.test_request_context("/", method="POST"):
        assert perform(lambda: rename(organisation, "vague"), form=NameForm()) is None
        assert get_flashed_messages(with_categories=True) == [
            ("error", "The partnership is closed to changes today")]


def test_submit_redirects_after_a_valid_submission_and_shows_the_form_otherwise(app):
    organisation = OrganisationFactory(name="Before")
    db.session.commit()
    with app.test_request_context("/"):
        assert submit(NameForm(), lambda: rename(organisation, "x"), then="/done") is None
    with app.test_request_context("/", method="POST", data={"name": "After"}):
        form = NameForm()
        response = submit(form, lambda: rename(organisation, form.name.data),
                          then=lambda row: f"/organisations/{row.id}")
        assert response.status_code == 302
        assert response.location == f"/organisations/{organisation.id}"
    with app.test_request_context("/", method="POST", data={"name": "refused"}):
        form = NameForm()
        assert submit(form, lambda: rename(organisation, form.name.data), then="/done") is None
        assert form.name.errors == ["That name is taken by another partner"]


def test_pdf_response_downloads_or_shows_the_document():
    document = b"%PDF-1.4 a small document"
    download = pdf_response(document, "certificate-ABC.pdf")
    assert download.mimetype == "application/pdf"
    assert download.get_data() == document
    assert download.headers["Content-Disposition"] == 'attachment; filename="certificate-ABC.pdf"'
    shown = pdf_response(document, "pack.pdf", attachment=False)
    assert shown.headers["Content-Disposition"] == 'inline; filename="pack.pdf"'
