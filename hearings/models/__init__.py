"""Models of the hearings app (proceedings to outcome and lists)."""
