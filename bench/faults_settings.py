"""Settings for the fault harness's processes (``make faults``).

The local settings (no secret required, DATABASE_URL and REDIS_URL read from
the environment, DJANGO_EMAIL_BACKEND honoured) plus the file the file-based
email backend writes to, so that what went out can be counted.
"""

from __future__ import annotations

from conduct.settings.local import *  # noqa: F403
from conduct.settings.local import VAR_DIR, env

EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
