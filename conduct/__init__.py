"""Conduct: the Django project package and the shared core of the product.

The Celery app lives in conduct.celery and is imported by ConductConfig.ready(),
so that importing this package never loads settings as a side effect.
"""
