from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import factory

from conduct.models import Force, Role, User
from conduct.services.users import user_create

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.Factory[User]):
    """Users made through the real service, so its rules apply to fixtures too."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    role = Role.PSD_CASEWORKER

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        forces: Sequence[Force] = kwargs.pop("forces", ())
        return user_create(actor=None, forces=forces, password=TEST_PASSWORD, **kwargs)
