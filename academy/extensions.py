"""Flask extensions, created here and bound to the app in create_app."""

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


def _signed_in() -> bool:
    # Signed-in pages are not limited per address: a whole hospital may share one.
    return bool(current_user and current_user.is_authenticated)


# Every public page, per address; the stricter limits of sign-in, reset and certificate checks
# are academy.limits.GUARDED. The store is RATELIMIT_STORAGE_URI, read when bound to an app.
limiter = Limiter(
    get_remote_address,
    default_limits=[lambda: current_app.config["RATELIMIT_PUBLIC"]],
    default_limits_exempt_when=_signed_in,
)
limiter.request_filter(lambda: request.endpoint == "nhsuk_assets")
