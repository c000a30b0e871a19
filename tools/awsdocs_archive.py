"""Reads the archived ElastiCache User Guide sources the catalog generators check their facts
against: github.com/awsdocs/amazon-elasticache-docs (archived in June 2023; its last commit
deletes the content, so files are read at pinned commits).

Pass either a git directory of that repository (a bare mirror or a clone's .git, read with
`git show`) or a checkout whose doc_source/ holds the files at CONTENT_COMMIT.

Python 3 standard library only. The fetched material is never committed.
"""

import os
import re
import subprocess

# "Supported nodes update", 2023-05-22: the last commit before the content was deleted.
CONTENT_COMMIT = "6ea3dbf58828af21abfe1685790c251406fc21e2"
# "chore: update to current name", 2022-06-08: the last version of ParameterGroups.Redis.md
# that still holds the Redis 2.6.13 parameter table inline (later versions link it away).
TABLE_2_6_13_COMMIT = "abf14d98bec1b86ebb92f426f1de35de8ee9da97"


class Archive:
    def __init__(self, path):
        self.path = path
        self.checkout = os.path.isdir(os.path.join(path, "doc_source"))
        if not self.checkout and not os.path.exists(os.path.join(path, "HEAD")):
            raise SystemExit(f"{path}: neither a checkout with doc_source/ nor a git directory")

    def read(self, name, commit=CONTENT_COMMIT):
        """The text of doc_source/<name> at `commit` (a checkout ignores the commit)."""
        if self.checkout:
            with open(os.path.join(self.path, "doc_source", name), encoding="utf-8") as f:
                return f.read()
        return subprocess.run(
            ["git", "--git-dir", self.path, "show", f"{commit}:doc_source/{name}"],
            check=True, capture_output=True, text=True).stdout


def unescape(text):
    """Markdown source escapes punctuation (2\\.8\\.6, cache\\.t2\\.micro); drop the escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def headings(text):
    """(level, title) of every heading, anchors removed."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^(#+)\s+(.*?)(<a name=.*)?$", line)
        if m:
            out.append((len(m.group(1)), unescape(m.group(2)).strip()))
    return out


def sections(text):
    """(title, body) for every heading, the body running to the next heading of any level."""
    out, title, body = [], None, []
    for line in text.splitlines():
        m = re.match(r"^(#+)\s+(.*?)(<a name=.*)?$", line)
        if m:
            if title is not None:
                out.append((title, "\n".join(body)))
            title, body = unescape(m.group(2)).strip(), []
        elif title is not None:
            body.append(line)
    if title is not None:
        out.append((title, "\n".join(body)))
    return out


def table_rows(text):
    """The cells of every markdown table row in `text`, separator rows skipped."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [unescape(c).strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells and all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
            continue
        rows.append(cells)
    return rows
