"""Models of the referrals app (intake to case to answer)."""
