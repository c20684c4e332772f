"""A generated national dataset: cases at every stage of the lifecycle, bulk
loaded (``manage.py generate_data``; ``make run`` loads a few hundred for the
demo users' forces).

It lives in hearings, the top layer, because a case's rows span all three
apps (the core's people and audit trail, referrals' cases and clocks,
hearings' proceedings and outcomes) and the top layer may import the lower
ones without an exception in the import contracts. ``lifecycle`` walks one
case through the transition tables and the clock rules (seeded per case),
with a module per stage; ``writer`` writes a case's rows as the services
shape them; ``world`` holds what a run reads once; ``loader`` streams the
rows into PostgreSQL with COPY in batches.
"""
