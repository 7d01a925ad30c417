"""The load generator of benchmarks/load.py: Locust, headless and in its own process, driving the
mixed scenario at one offered rate after another against a running server on the loopback.

    python benchmarks/support/load_driver.py PLAN.json

PLAN.json names the host, the people to sign in as, the objects to open, the rates (requests a
second offered) and how long each step lasts. Prints one JSON object: per step, the requests
achieved a second, errors, and the median, 95th and 99th percentile per page.

The offered rate is held by pacing: each simulated person starts a visit every `users / rate`
seconds (jittered) whatever the last answer took, and there are enough people that a slow answer
holds up one person, not the rate. Everyone signs in before the first step, and
the figures of each step are counted from its start, so sign-ins are measured on their own.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
import gevent.event  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402

PLAN = json.loads(open(sys.argv[1]).read()) if __name__ == "__main__" else {}
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CANCEL = re.compile(r"/enrolments/(\d+)/cancel")
# Seconds between one person's visits in the current step; set by the driver before each step.
PACE = {"seconds": 10.0}
SIGNED_IN = {"count": 0}
GO = gevent.event.Event()  # set once everyone has signed in


class Person(FastHttpUser):
    """Someone signed in who starts a visit every PACE seconds (jittered), however long the last
    one took; each visit is one of the class's VISITS, chosen by weight."""

    abstract = True
    wait_time = constant(0)
    accounts_key = ""
    VISITS: list[tuple[int, str]] = []

    def on_start(self):
        email = random.choice(PLAN[self.accounts_key])
        page = self.client.get("/login", name="sign in (page)")
        token = CSRF.search(page.text or "")
        form = {"email": email, "password": PLAN["password"]}
        if token:
            form["csrf_token"] = token.group(1)
        with self.client.post("/login", data=form, name="sign in", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused for {email}: {response.status_code}")
        SIGNED_IN["count"] += 1
        GO.wait()
        self.due = time.monotonic() + random.uniform(0, PACE["seconds"])

    @task
    def visit(self):
        # Sleep in short slices, so a new step's pace takes hold at once.
        while time.monotonic() < self.due:
            gevent.sleep(min(0.2, self.due - time.monotonic()))
        started = time.monotonic()
        weights, names = zip(*self.VISITS, strict=True)
        getattr(self, random.choices(names, weights)[0])()
        self.due = started + PACE["seconds"] * random.uniform(0.5, 1.5)

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} from {url}")
            return response


class Staff(Person):
    """A member of staff: their home page, the catalogue, a course, My learning; now and then a
    booking, made and then cancelled so the data stays as it was."""

    weight = 14
    accounts_key = "staff"
    VISITS = [(6, "home"), (4, "catalogue"), (3, "course"), (2, "session"), (4, "my_learning"),
              (1, "book_and_cancel")]

    def home(self):
        self.page("/", "home (staff)")

    def catalogue(self):
        self.page(random.choice(PLAN["catalogue_urls"]), "catalogue search")

    def course(self):
        self.page(f"/courses/{random.choice(PLAN['courses'])}", "course")

    def session(self):
        self.page(f"/sessions/{random.choice(PLAN['sessions'])}", "session")

    def my_learning(self):
        self.page("/my-learning", "my learning")

    def book_and_cancel(self):
        session_id = random.choice(PLAN["sessions"])
        form = self.page(f"/sessions/{session_id}/book", "booking (page)")
        token = CSRF.search(form.text or "")
        if not token:
            return
        with self.client.post(f"/sessions/{session_id}/book", name="booking",
                              data={"csrf_token": token.group(1)},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code} booking session {session_id}")
                return
        cancel = CANCEL.search(self.page(f"/sessions/{session_id}", "session").text or "")
        if cancel:
            url = f"/enrolments/{cancel.group(1)}/cancel"
            token = CSRF.search(self.page(url, "cancel (page)").text or "")
            if token:
                with self.client.post(url, name="cancel", data={"csrf_token": token.group(1)},
                                      allow_redirects=False, catch_response=True) as response:
                    if response.status_code not in (200, 302):
                        response.failure(f"{response.status_code} cancelling")


class Manager(Person):
    """A manager checking their team: home, team compliance, approvals."""

    weight = 4
    accounts_key = "managers"
    VISITS = [(3, "home"), (3, "team_compliance"), (2, "approvals")]

    def home(self):
        self.page("/", "home (manager)")

    def team_compliance(self):
        self.page(random.choice(["/team/compliance", "/team/compliance?status=overdue"]),
                  "team compliance")

    def approvals(self):
        self.page("/approvals", "approvals")


class Lead(Person):
    """A learning lead reading the partnership's reports."""

    weight = 2
    accounts_key = "leads"
    VISITS = [(2, "partnership"), (2, "organisation"), (1, "lna_report")]

    def partnership(self):
        self.page("/compliance", "compliance (partnership)")

    def organisation(self):
        self.page(f"/compliance/organisations/{random.choice(PLAN['organisations'])}",
                  "compliance (organisation)")

    def lna_report(self):
        self.page(f"/lna/reports/{PLAN['lna_round']}/priorities", "LNA report")


def figures(stats, seconds: float) -> dict:
    pages = {}
    for (name, _method), entry in sorted(stats.entries.items()):
        if not entry.num_requests:
            continue
        pages[name] = {
            "requests": entry.num_requests, "errors": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
    total = stats.total
    return {
        "achieved_rps": round(total.num_requests / seconds, 1), "requests": total.num_requests,
        "errors": total.num_failures,
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "pages": pages,
        "error_kinds": [f"{e.occurrences} x {e.name}: {e.error}" for e in stats.errors.values()][:10],
    }


# Requests a visit makes on average: one, but five for a booking (its page, the booking, the
# session page, the cancellation page, the cancellation), one staff visit in twenty.
REQUESTS_PER_VISIT = (Staff.weight * (19 + 5) / 20 + Manager.weight + Lead.weight) / (
    Staff.weight + Manager.weight + Lead.weight)


def main() -> None:
    env = Environment(user_classes=[Staff, Manager, Lead], host=PLAN["host"], events=events)
    runner = env.create_local_runner()
    users = PLAN["users"]
    runner.start(users, spawn_rate=PLAN.get("spawn_rate", 50))
    deadline = time.monotonic() + PLAN.get("sign_in_seconds", 300)
    while SIGNED_IN["count"] < users and time.monotonic() < deadline:
        gevent.sleep(0.5)
    sign_in = figures(env.stats, 1.0)
    steps = []
    PACE["seconds"] = users * REQUESTS_PER_VISIT / PLAN["rates"][0]
    GO.set()
    for rate in PLAN["rates"]:
        PACE["seconds"] = users * REQUESTS_PER_VISIT / rate
        gevent.sleep(PLAN.get("settle_seconds", 5))
        env.stats.reset_all()
        started = time.monotonic()
        gevent.sleep(PLAN["step_seconds"])
        step = figures(env.stats, time.monotonic() - started)
        step["offered_rps"] = rate
        steps.append(step)
    runner.quit()
    print(json.dumps({"signed_in": SIGNED_IN["count"], "sign_in": sign_in["pages"], "steps": steps}))


if __name__ == "__main__":
    main()
