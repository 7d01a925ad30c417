"""Every blueprint of the platform, registered by create_app."""

from academy.audit.views import bp as audit
from academy.courses.views import admin_bp as courses_admin
from academy.courses.views import bp as courses
from academy.home.views import bp as home
from academy.induction.views import admin_bp as induction_admin
from academy.induction.views import badges_bp as badges
from academy.induction.views import induction_bp as induction
from academy.induction.views import passport_bp as passport
from academy.jobs.views import bp as jobs
from academy.lna.views import bp as lna
from academy.mentoring.views import bp as mentoring
from academy.notifications.views import bp as notifications
from academy.people.views import bp as people
from academy.privacy.views import bp as privacy
from academy.recommender.views import bp as recommender
from academy.talent.apprenticeships.views import bp as apprenticeships
from academy.talent.apprenticeships.views import reports_bp as apprenticeship_reports
from academy.talent.apprenticeships.views import standards_bp as apprenticeship_standards
from academy.talent.conversations.views import bp as conversations
from academy.talent.conversations.views import coaching_bp as coaching
from academy.talent.conversations.views import reports_bp as conversation_reports
from academy.talent.fellowships.views import bp as fellowships
from academy.talent.levy.views import bp as levy
from academy.talent.pathways.views import bp as pathways

BLUEPRINTS = [home, people, notifications, audit, jobs, privacy]
BLUEPRINTS += [courses, courses_admin]
BLUEPRINTS += [induction, induction_admin, passport, badges]
BLUEPRINTS += [conversations, coaching, conversation_reports, fellowships]
BLUEPRINTS += [mentoring]
BLUEPRINTS += [lna]
BLUEPRINTS += [apprenticeships, apprenticeship_reports, apprenticeship_standards, levy]
BLUEPRINTS += [pathways, recommender]
