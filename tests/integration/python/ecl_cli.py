"""Shared AWS CLI runner for the integration tests that drive `aws elasticache ...`.

Uses Debian's AWS CLI v2 (/usr/bin/aws) when present, else whatever `aws` is on PATH.
Every command runs against the test class's server with a clean environment: a temporary
config and credentials file (no user settings leak in), dummy credentials, no pager and no
retries.

When the `aws` command is a Python script of the CLI's, each test class runs its commands
through one cli_worker.py started with that script's interpreter: the same entry point, argv
and environment as the process, without the ~0.8 s of CPU to start Python and import the CLI
for every command (most of a CLI module's time, and of CI's). ECL_CLI_PROCESS=1 runs every
command as its own `aws` process instead; test_aws_cli.py always does.
"""

import json
import os
import select
import shutil
import subprocess
import tempfile
import unittest

from ecl_harness import DUMMY_KEY_ID, DUMMY_SECRET, ServerTestCase

CLI_TIMEOUT_S = 120
ENV_PASSTHROUGH = ("PYENV_ROOT", "PYENV_VERSION", "LANG", "LC_ALL")


def find_cli():
    if os.access("/usr/bin/aws", os.X_OK):
        return "/usr/bin/aws"
    return shutil.which("aws")


CLI = find_cli()


def cli_candidates():
    """Every AWS CLI on the machine: Debian's first, then each `aws` on PATH."""
    found = [CLI] if CLI else []
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        path = os.path.join(directory, "aws")
        if os.access(path, os.X_OK) and os.path.realpath(path) not in map(os.path.realpath,
                                                                           found):
            found.append(path)
    return found


def find_cli_knowing(command):
    """The first CLI whose `aws elasticache COMMAND` exists (newer operations are missing from
    older CLIs, such as Debian 12's v2.9), or None."""
    home = tempfile.mkdtemp(prefix="ecl-cli-probe-")
    try:
        for cli in cli_candidates():
            probe = subprocess.run([cli, "elasticache", command, "--generate-cli-skeleton"],
                                   capture_output=True, text=True, timeout=CLI_TIMEOUT_S,
                                   env=clean_env(home), stdin=subprocess.DEVNULL)
            if probe.returncode == 0:
                return cli
        return None
    finally:
        shutil.rmtree(home, ignore_errors=True)


def clean_env(home, keep_user_home=False):
    """The environment every CLI call runs with; files it could read live under `home`."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", home) if keep_user_home else home,
        # No user config or credentials files leak in.
        "AWS_CONFIG_FILE": os.path.join(home, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
        "AWS_ACCESS_KEY_ID": DUMMY_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": DUMMY_SECRET,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_PAGER": "",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    for passthrough in ENV_PASSTHROUGH:
        if passthrough in os.environ:
            env[passthrough] = os.environ[passthrough]
    return env


WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cli_worker.py")


def script_behind(cli):
    """The `aws` script a pyenv shim runs (the selected Python's); any other path as it is."""
    pyenv = shutil.which("pyenv")
    if os.path.basename(os.path.dirname(cli)) != "shims" or not pyenv:
        return cli
    found = subprocess.run([pyenv, "which", os.path.basename(cli)], capture_output=True,
                           text=True, timeout=CLI_TIMEOUT_S, stdin=subprocess.DEVNULL)
    return found.stdout.strip() if found.returncode == 0 and found.stdout.strip() else cli


def cli_interpreter(cli):
    """The Python that runs the `aws` script `cli`, when it is one that starts the CLI through
    awscli.clidriver.main() (as Debian's and pip's do); else None."""
    cli = script_behind(cli)
    try:
        with open(cli, "rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError:
        return None
    first = head.splitlines()[0] if head else ""
    if not first.startswith("#!") or "awscli.clidriver" not in head:
        return None
    interpreter = first[2:].split()
    return interpreter if interpreter and os.access(interpreter[0], os.X_OK) else None


class CliWorker:
    """One cli_worker.py: runs commands of one CLI, one at a time, in one interpreter."""

    def __init__(self, interpreter, home):
        self.proc = subprocess.Popen([*interpreter, WORKER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=home,
                                     env=clean_env(home))
        if self._reply() != {"ready": True}:
            raise RuntimeError("cli_worker.py did not start")

    def _reply(self):
        ready, _, _ = select.select([self.proc.stdout], [], [], CLI_TIMEOUT_S)
        if not ready:
            self.proc.kill()
            raise subprocess.TimeoutExpired(WORKER, CLI_TIMEOUT_S)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"cli_worker.py stopped (exit status {self.proc.wait()})")
        return json.loads(line)

    def run(self, command, env):
        """Runs `command` (the CLI's path, then its arguments) as a CompletedProcess."""
        self.proc.stdin.write(json.dumps({"args": command[1:], "env": env}) + "\n")
        self.proc.stdin.flush()
        r = self._reply()
        return subprocess.CompletedProcess(command, r["returncode"], r["stdout"], r["stderr"])

    def stop(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@unittest.skipIf(CLI is None, "no AWS CLI installed (scripts/setup.sh installs Debian's awscli)")
class CliTestCase(ServerTestCase):
    """A ServerTestCase that runs `aws elasticache ...` against its server (skipped, with
    every subclass, when no CLI is installed)."""

    # True keeps the user's HOME, for a CLI installed under it (pip --user, pyenv); the
    # config and credentials files still point into the temporary directory.
    keep_user_home = False
    # An `aws elasticache` command the tests need: the class then runs the first CLI that has
    # it, and is skipped when none does.
    needs_command = None
    # False runs every command as its own `aws` process (as ECL_CLI_PROCESS=1 does for all).
    in_one_interpreter = True

    @classmethod
    def setUpClass(cls):
        cls.cli = CLI
        if cls.needs_command:
            cls.cli = find_cli_knowing(cls.needs_command)
            if cls.cli is None:
                raise unittest.SkipTest(f"no installed AWS CLI has `aws elasticache "
                                        f"{cls.needs_command}` (install a newer one)")
        super().setUpClass()
        cls.home = tempfile.mkdtemp(prefix="ecl-cli-")
        cls.env = clean_env(cls.home, keep_user_home=cls.keep_user_home)
        cls.worker = None
        interpreter = (cli_interpreter(cls.cli) if cls.in_one_interpreter and
                       os.environ.get("ECL_CLI_PROCESS", "0") != "1" else None)
        if interpreter:
            try:
                cls.worker = CliWorker(interpreter, cls.home)
            except BaseException:
                cls.tearDownClass()  # unittest does not call it when setUpClass raises
                raise

    @classmethod
    def tearDownClass(cls):
        if cls.worker:
            cls.worker.stop()
        shutil.rmtree(cls.home, ignore_errors=True)
        super().tearDownClass()

    def run_cli(self, *args, endpoint_flag=True, extra_env=None):
        """Runs the command and returns the CompletedProcess, whatever its exit status."""
        command = [self.cli, "elasticache", *args, "--output", "json"]
        if endpoint_flag:
            command += ["--endpoint-url", self.server.endpoint]
        env = dict(self.env, **(extra_env or {}))
        if self.worker:
            return self.worker.run(command, env)
        return subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=CLI_TIMEOUT_S, stdin=subprocess.DEVNULL)

    def aws(self, *args, expect_ok=True, endpoint_flag=True, extra_env=None):
        """With expect_ok, the command must exit 0 and its parsed JSON output (None when it
        printed nothing) is returned; otherwise the CompletedProcess, unchecked."""
        result = self.run_cli(*args, endpoint_flag=endpoint_flag, extra_env=extra_env)
        if not expect_ok:
            return result
        self.assertEqual(result.returncode, 0,
                         f"{' '.join(result.args)}\nstdout: {result.stdout}\n"
                         f"stderr: {result.stderr}")
        return json.loads(result.stdout) if result.stdout.strip() else None

    def assertCliError(self, code, *args, contains=None):
        """The command fails with this AWS error code; returns the CLI's error line."""
        result = self.run_cli(*args)
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn(f"An error occurred ({code})", result.stderr)
        if contains is not None:
            self.assertIn(contains, result.stderr)
        return result.stderr
