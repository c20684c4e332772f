"""Check the shape of commit messages made since the style was adopted.

Each commit after COMMITS_CHECKED_SINCE (the last commit before the rule;
older commits stay as they are) must read:

    area: imperative summary          <- at most 72 characters
                                      <- a blank line
    Why the change was made, ...      <- at least one line of body

``area`` is one or more lower-case words naming the part changed (``api``,
``services``, ``tests``, ``docs``...). Merge commits are not checked.

    python scripts/check_commits.py            # every commit since the rule
    python scripts/check_commits.py REV..REV   # a range of one's own
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SINCE_FILE = ROOT / ".ci" / "commits-checked-since"
MAX_SUBJECT = 72
AREA = r"[a-z0-9][a-z0-9_/.-]*"
SUBJECT = re.compile(rf"^{AREA}(?:, {AREA})*: \S")
SEPARATOR = "\x1e"


def problems(message: str) -> list[str]:
    """What is wrong with one commit message (nothing when it is right)."""
    lines = message.rstrip("\n").split("\n")
    subject = lines[0]
    found = []
    if len(subject) > MAX_SUBJECT:
        found.append(
            f"the subject is {len(subject)} characters; keep it to {MAX_SUBJECT}"
        )
    if not SUBJECT.match(subject):
        found.append('the subject must start with the area changed: "area: summary"')
    if subject.endswith("."):
        found.append("the subject ends with a full stop")
    blank, body = lines[1:2], lines[2:]
    if blank != [""] or not any(line.strip() for line in body):
        found.append("a blank line, then a body saying why, must follow the subject")
    return found


def git(*args: str) -> subprocess.CompletedProcess[str]:
    """Run git in the checkout (fixed arguments, no shell)."""
    return subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607 - git from PATH, as the developer runs it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def commits(revisions: str) -> Iterable[tuple[str, str]]:
    """(short hash, message) of each non-merge commit in ``revisions``."""
    log = git("log", "--no-merges", f"--format=%h%n%B{SEPARATOR}", revisions)
    if log.returncode != 0:
        raise SystemExit(f"git log {revisions} failed: {log.stderr.strip()}")
    for entry in log.stdout.split(SEPARATOR):
        text = entry.strip("\n")
        if text:
            sha, _, message = text.partition("\n")
            yield sha, message


def main(argv: list[str]) -> int:
    if argv:
        revisions = argv[0]
    else:
        since = SINCE_FILE.read_text().split()[0]
        if git("cat-file", "-e", f"{since}^{{commit}}").returncode != 0:
            if git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
                print(
                    f"commit messages: not checked, this clone is shallow and does "
                    f"not reach {since[:7]} (git fetch --unshallow to check them)"
                )
                return 0
            print(f"{SINCE_FILE.name} names {since}, which is not in history")
            return 1
        revisions = f"{since}..HEAD"
    failures = 0
    checked = 0
    for sha, message in commits(revisions):
        checked += 1
        for problem in problems(message):
            failures += 1
            subject = message.split("\n", 1)[0]
            print(f"{sha} {subject[:60]!r}: {problem}")
    if failures:
        print(
            f"{failures} problem(s) in commit messages ({revisions}): reword them "
            "with `git rebase -i` before they land.",
            file=sys.stderr,
        )
        return 1
    print(f"commit messages: {checked} checked ({revisions}), all well formed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
