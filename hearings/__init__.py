"""Hearings: misconduct proceedings and what follows them.

Meetings, hearings and accelerated hearings, panels, findings, outcomes,
appeals, and barred and advisory list reports. Depends on conduct and referrals.
"""
