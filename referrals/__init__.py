"""Referrals: a case from intake to the case-to-answer decision.

Intake, IOPC referral and mode of investigation, severity assessment,
investigation, notices, responses, interviews, evidence and the report.
Depends on conduct only.
"""
