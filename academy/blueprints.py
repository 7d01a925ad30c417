"""Every blueprint of the platform, registered by create_app."""

from academy.audit.views import bp as audit
from academy.courses.admin_views import bp as courses_admin
from academy.courses.views import bp as courses
from academy.home.views import bp as home
from academy.induction.views.badges import bp as badges
from academy.induction.views.inductions import bp as induction
from academy.induction.views.passport import bp as passport
from academy.induction.views.programmes import bp as induction_admin
from academy.jobs.views import bp as jobs
from academy.lna.views import bp as lna
from academy.mentoring.views import bp as mentoring
from academy.notifications.views import bp as notifications
from academy.people.views import bp as people
from academy.recommender.views import bp as recommender
from academy.talent.apprenticeships.levy_views import bp as levy
from academy.talent.apprenticeships.report_views import bp as apprenticeship_reports
from academy.talent.apprenticeships.standards_views import bp as apprenticeship_standards
from academy.talent.apprenticeships.views import bp as apprenticeships
from academy.talent.conversations.views.coaching import bp as coaching
from academy.talent.conversations.views.conversations import bp as conversations
from academy.talent.conversations.views.reports import bp as conversation_reports
from academy.talent.fellowships.views import bp as fellowships
from academy.talent.pathways.views import bp as pathways

BLUEPRINTS = [home, people, notifications, audit, jobs]
BLUEPRINTS += [courses, courses_admin]
BLUEPRINTS += [induction, induction_admin, passport, badges]
BLUEPRINTS += [conversations, coaching, conversation_reports, fellowships]
BLUEPRINTS += [mentoring]
BLUEPRINTS += [lna]
BLUEPRINTS += [apprenticeships, apprenticeship_reports, apprenticeship_standards, levy]
BLUEPRINTS += [pathways, recommender]
