"""The managers' dashboard: the shell that composes the figures each app's
selectors compute (referrals.selectors.dashboard, hearings.selectors.
dashboard) for the page, its CSV exports and the API."""
