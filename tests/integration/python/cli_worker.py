"""Runs AWS CLI commands, one per request line, in one interpreter (used by ecl_cli.py).

    <the aws script's own Python> cli_worker.py

Started with the interpreter the `aws` script names in its first line, it imports the CLI once
and then runs each command exactly as that script does — `awscli.clidriver.main()` with
`sys.argv` and `os.environ` set to the command's — so a command builds its own session,
reads its own environment and config files, parses, signs, sends and prints as `aws` would.
What it saves is the interpreter's start and the CLI's imports: about 0.8 s of CPU a command,
most of a CLI module's time. The sessions also share one data loader per data path: the
installed JSON files (service models, endpoint rules, the list of services) are read and
decoded once, not by every command — two thirds of what a command took then (151 → 48 ms of
CPU for a describe). They are the same files every command would read, and what a session
does with them (the events that adjust a model as it loads) still runs in every command.

Protocol, one JSON object a line: in {"args": [...], "env": {...}}; out {"returncode": N,
"stdout": "...", "stderr": "..."}. The first line out, {"ready": true}, says the CLI imported.
"""

import contextlib
import functools
import io
import json
import os
import sys


def share_data_loaders():
    """Every session's data loader for a data path is the one made first for it (the Loader
    caches what it has read, so the files are read and decoded once)."""
    import botocore.session  # the CLI's own copy (Debian's CLI v2 vendors it under this name)

    botocore.session.create_loader = functools.cache(botocore.session.create_loader)


def run(args, env, set_by_import):
    os.environ.clear()
    os.environ.update(env)
    os.environ.update(set_by_import)
    # What the `aws` script itself does before it starts the driver.
    if os.environ.get("LC_CTYPE", "") == "UTF-8":
        os.environ["LC_CTYPE"] = "en_US.UTF-8"
    stdout, stderr = io.StringIO(), io.StringIO()
    sys.argv = ["aws", *args]
    saved_stdin, sys.stdin = sys.stdin, io.StringIO("")  # the tests give commands no input
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = awscli.clidriver.main()
            except SystemExit as e:  # as the process would exit
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.stdin = saved_stdin
    return {"returncode": code, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


if __name__ == "__main__":
    # Replies go out on a copy of stdout; whatever else writes to file descriptor 1 goes to
    # stderr, where it shows in the test's log instead of breaking the protocol.
    channel = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    before = dict(os.environ)
    import awscli.clidriver  # most of a second

    # Importing the CLI sets variables of its own (AWS_DATA_PATH: where its data files are),
    # as it would in each command's process.
    set_by_import = {k: v for k, v in os.environ.items() if before.get(k) != v}
    share_data_loaders()

    channel.write(json.dumps({"ready": True}) + "\n")
    channel.flush()
    for line in sys.stdin:
        request = json.loads(line)
        channel.write(json.dumps(run(request["args"], request["env"], set_by_import)) + "\n")
        channel.flush()
