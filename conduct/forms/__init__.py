"""Forms of the service's pages, drawn with one GOV.UK form kit.

- ``kit``: ``GovukForm`` (rows for the field templates in
  ``templates/forms/``, a service's refusal put next to its field) and
  ``FieldRow``;
- ``fields``: the widgets, the GOV.UK date and the field constructors
  (``date_field``, ``radios``, ``checkboxes``, ``text``, ``pick_one``...);
- the core's own pages: ``due_date`` (the due-date calculator) and
  ``tokens`` (the API tokens page).

The apps' forms (``referrals.forms``, ``hearings.forms``) build on the kit;
nothing here imports them.
"""
