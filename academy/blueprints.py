"""Every blueprint of the platform, registered by create_app."""

from academy.audit.views import bp as audit
from academy.home.views import bp as home
from academy.notifications.views import bp as notifications
from academy.people.views import bp as people

BLUEPRINTS = [home, people, notifications, audit]
