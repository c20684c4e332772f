"""The referrals stage over the REST API (/api/v1/cases/…)."""
