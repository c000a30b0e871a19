"""Shared AWS CLI runner for the integration tests that drive `aws elasticache ...`.

Uses Debian's AWS CLI v2 (/usr/bin/aws) when present, else whatever `aws` is on PATH.
Every command runs against the test class's server with a clean environment: a temporary
config and credentials file (no user settings leak in), dummy credentials, no pager and no
retries.
"""

import json
import os
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

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.home, ignore_errors=True)
        super().tearDownClass()

    def run_cli(self, *args, endpoint_flag=True, extra_env=None):
        """Runs the command and returns the CompletedProcess, whatever its exit status."""
        command = [self.cli, "elasticache", *args, "--output", "json"]
        if endpoint_flag:
            command += ["--endpoint-url", self.server.endpoint]
        env = dict(self.env, **(extra_env or {}))
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
