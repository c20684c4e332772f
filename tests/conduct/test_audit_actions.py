"""The audit trail's vocabulary (conduct.audit): each app's enumeration,
registered at start-up, read by the timeline."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from conduct.audit import (
    AuditAction,
    CoreAction,
    action_title,
    register_actions,
    registered_actions,
)
from hearings.audit import HearingsAction
from referrals.audit import ReferralsAction

APP_ACTIONS = (CoreAction, ReferralsAction, HearingsAction)
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def test_every_apps_actions_are_registered_when_django_starts() -> None:
    registered = registered_actions()
    for actions in APP_ACTIONS:
        for action in actions:
            assert registered[action.value] is action


def test_every_code_reads_as_a_noun_and_a_verb_with_a_title() -> None:
    for actions in APP_ACTIONS:
        for action in actions:
            assert CODE.match(action.value), action.value
            assert action.label and action.label[0].isupper(), action.value


def test_the_timeline_title_comes_from_the_app_that_writes_the_action() -> None:
    assert action_title("notice.served") == "Notice served"
    assert action_title("proceeding.held") == "Proceedings held"
    assert action_title("api_token.created") == "API token created"


def test_a_code_named_by_two_enumerations_is_refused_and_nothing_registered() -> None:
    class Clash(AuditAction):
        FRESH = "clash.fresh", "Fresh"
        CASE_CREATED = "case.created", "Another title"

    with pytest.raises(ImproperlyConfigured, match="named by both ReferralsAction"):
        register_actions(Clash)
    assert "clash.fresh" not in registered_actions()
    assert action_title("case.created") == "Case recorded"


def test_registering_the_same_enumeration_again_changes_nothing() -> None:
    before = registered_actions()
    register_actions(ReferralsAction)
    assert registered_actions() == before
