"""Pages are drawn from templates compiled once per process: the NHS.UK macro modules each page
imports are built on first use and reused, and finding them costs no walk through the globals."""

from __future__ import annotations

from collections import ChainMap

import jinja2

from academy.extensions import db
from tests import factories
from tests.courses.factories import CourseFactory, SessionFactory, in_days

PAGES = ["/courses", "/my-learning", "/", "/accessibility"]


def _signed_in_with_a_catalogue(client, login):
    for n in range(3):
        SessionFactory(course=CourseFactory(title=f"Moving and handling {n}"), starts_at=in_days(10 + n))
    db.session.commit()
    login(factories.UserFactory())


def test_imported_macro_modules_are_built_once_and_reused_by_later_requests(
        client, login, monkeypatch):
    _signed_in_with_a_catalogue(client, login)
    for page in PAGES:  # the first request for each page compiles its templates
        assert client.get(page).status_code == 200
    built = []
    make_module = jinja2.Template.make_module

    def counting(template, *args, **kwargs):
        built.append(template.name)
        return make_module(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "make_module", counting)
    for page in PAGES:
        assert client.get(page).status_code == 200
    assert built == []


def test_importing_a_macro_module_does_not_look_up_the_globals_one_name_at_a_time(
        app, client, login, monkeypatch):
    _signed_in_with_a_catalogue(client, login)
    assert client.get("/courses").status_code == 200
    lookups = []
    contains = ChainMap.__contains__

    def counting(chain, key):
        lookups.append(key)
        return contains(chain, key)

    monkeypatch.setattr(ChainMap, "__contains__", counting)
    page = client.get("/courses")
    assert page.status_code == 200 and "Moving and handling 2" in page.get_data(as_text=True)
    # The page imports a dozen macro modules; asking name by name which of the ~160 globals an
    # imported template lacks would look each of them up once per import.
    assert len(lookups) < len(app.jinja_env.globals)


def test_a_template_sees_globals_added_after_it_was_loaded_and_its_own_before_the_shared(app):
    template = app.jinja_env.from_string("{{ greeting }}", globals={"greeting": "own"})
    shared = app.jinja_env.from_string("{{ shared_greeting }}")
    app.jinja_env.globals["shared_greeting"] = "shared"
    assert template.render() == "own" and shared.render() == "shared"
    assert {"greeting", "shared_greeting", "elsewhere"} - shared.globals.keys() == {"greeting", "elsewhere"}
    assert {"greeting", "elsewhere"} - template.globals.keys() == {"elsewhere"}


def test_templates_are_not_checked_for_changes_outside_debug(app):
    assert app.jinja_env.auto_reload is False
