"""Shared harness for the Terraform integration tests: real `terraform` with the real
hashicorp/aws provider, applied against the real elasticache-local binary.

Each test module runs one server (``ecl_harness.Server``: ``--port 0 --in-memory``, binary
from ECL_BINARY) and one Terraform working directory in a temporary folder. The provider
is installed offline from a filesystem mirror: an *unpacked* mirror (``.../linux_amd64/
terraform-provider-aws_v*``, as /opt/tf-plugins is) is symlinked by ``terraform init``, so
nothing is copied. A *packed* mirror (``*.zip``) is unpacked once into a shared
``plugin_cache_dir`` and symlinked from there.

Environment:
  ECL_BINARY            the server binary (set by ctest)
  ECL_TF_PLUGIN_DIR     provider mirror directory (default /opt/tf-plugins)
  ECL_TF_PLUGIN_CACHE   plugin cache for packed mirrors (default $TMPDIR/ecl-tf-plugin-cache)
  ECL_TF_KEEP=1         keep the Terraform working directory (its path is printed)
  ECL_TF_LOG=LEVEL      provider log level written to <workdir>/logs/*.log (default DEBUG;
                        "off" disables it). Failing steps print the ElastiCache HTTP
                        exchanges that answered with an error, taken from that log.
  ECL_TEST_LOG_LEVEL    server log level (ecl_harness; e.g. debug)
  GOGC                  Go's garbage collector setting for terraform and the provider
                        (default here 400: less CPU; see Terraform.__init__)

Every terraform command is timed; the timings go to stderr as they happen and as a table
when the module ends.
"""

import fcntl
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))

from ecl_harness import Server  # noqa: E402  (needs the sys.path entry above)

DEFAULT_PLUGIN_DIR = "/opt/tf-plugins"
PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"
COMMAND_TIMEOUT_S = 420  # one terraform command; the module as a whole stays under 6 min
RESOURCE_TIMEOUT = "4m"  # the resources' own create/update/delete timeouts


def log(message):
    print(f"[tf {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- discovery (skip when Terraform or the provider is missing) ---------------------------
def platform():
    machine = os.uname().machine
    arch = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(machine, machine)
    return f"{sys.platform}_{arch}"


def _version_key(version):
    return [int(p) if p.isdigit() else p for p in re.split(r"[.\-]", version)]


def find_provider():
    """(mirror dir, provider version, packed?) or raise unittest.SkipTest with the reason."""
    if shutil.which("terraform") is None:
        raise unittest.SkipTest("terraform is not on PATH")
    mirror = os.environ.get("ECL_TF_PLUGIN_DIR") or DEFAULT_PLUGIN_DIR
    if not os.path.isdir(mirror):
        raise unittest.SkipTest(f"no hashicorp/aws provider mirror: {mirror} is not a directory "
                                "(set ECL_TF_PLUGIN_DIR)")
    plat = platform()
    unpacked, packed = {}, {}
    for path in glob.glob(os.path.join(mirror, PROVIDER_ADDRESS, "*", plat,
                                       "terraform-provider-aws*")):
        if os.access(path, os.X_OK):
            unpacked[path.split(os.sep)[-3]] = path
    for path in glob.glob(os.path.join(mirror, PROVIDER_ADDRESS,
                                       f"terraform-provider-aws_*_{plat}.zip")):
        match = re.match(rf"terraform-provider-aws_(.+)_{plat}\.zip$", os.path.basename(path))
        if match:
            packed[match.group(1)] = path
    if unpacked:
        return mirror, max(unpacked, key=_version_key), False
    if packed:
        return mirror, max(packed, key=_version_key), True
    raise unittest.SkipTest(f"no hashicorp/aws provider for {plat} in the mirror {mirror} "
                            f"(expected {PROVIDER_ADDRESS}/VERSION/{plat}/terraform-provider-aws_* "
                            "or a packed .zip; set ECL_TF_PLUGIN_DIR)")


# -- HCL helpers ---------------------------------------------------------------------------
def provider_block(endpoint):
    """The provider block documented in the README, pointed at the test server."""
    return textwrap.dedent(f"""\
        provider "aws" {{
          region                      = "us-east-1"
          access_key                  = "test"
          secret_key                  = "test"
          skip_credentials_validation = true
          skip_metadata_api_check     = true
          skip_requesting_account_id  = true
          skip_region_validation      = true
          endpoints {{ elasticache = "{endpoint}" }}
        }}
        """)


def hcl_map(mapping):
    return "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in mapping.items()) + " }"


def timeouts_block():
    return (f"timeouts {{\n    create = \"{RESOURCE_TIMEOUT}\"\n    update = \"{RESOURCE_TIMEOUT}\"\n"
            f"    delete = \"{RESOURCE_TIMEOUT}\"\n  }}")


# -- provider log: the ElastiCache HTTP exchanges -------------------------------------------
# The provider (aws-sdk-go-v2 behind aws-sdk-go-base's logging middleware) writes one entry
# per request ("HTTP Request Sent") and per response ("HTTP Response Received"). An entry
# starts with a timestamp; the body follows on continuation lines prefixed with "  | ":
#   2026-...Z [DEBUG] provider.terraform-provider-aws_v5.100.0_x5: HTTP Request Sent: k=v ...
#     http.request.body=
#     | Action=DescribeReservedCacheNodesOfferings&...&Version=2015-02-02
#      rpc.method=DescribeReservedCacheNodesOfferings tf_req_id=... timestamp=...
_ENTRY_START = re.compile(r"^\d{4}-\d\d-\d\dT\S+ \[")
_BODY = re.compile(r"http\.(?:request|response)\.body=\n((?:[ \t]*\|.*(?:\n|$))+)")
_KV = re.compile(r'([\w.@]+)=("(?:[^"\\]|\\.)*"|\S*)')


def _entries(log_path):
    entry = []
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if _ENTRY_START.match(line) and entry:
                yield "".join(entry)
                entry = []
            entry.append(line)
    if entry:
        yield "".join(entry)


def _fields(entry):
    fields, body = {}, None
    match = _BODY.search(entry)
    if match:
        body = "\n".join(l.split("|", 1)[1][1:] for l in match.group(1).splitlines())
        entry = entry[:match.start()] + entry[match.end():]
    for key, value in _KV.findall(entry):
        if value.startswith('"'):
            try:
                value = json.loads(value)
            except ValueError:
                value = value[1:-1]
        fields.setdefault(key, value)
    if body is not None:
        fields["body"] = body
    else:  # a body without newlines may be logged inline
        fields["body"] = fields.get("http.request.body", fields.get("http.response.body", ""))
    return fields


def http_exchanges(log_path):
    """[(request fields, response fields)] of the provider's AWS calls in one log file, in
    the order the responses arrived; "body" holds the request or response body."""
    if not log_path or not os.path.exists(log_path):
        return []
    pending, pairs = {}, []
    for entry in _entries(log_path):
        head = entry.split("\n", 1)[0]
        if "HTTP Request Sent" in head:
            fields = _fields(entry)
            key = (fields.get("tf_req_id"), fields.get("rpc.method"))
            pending.setdefault(key, []).append(fields)
        elif "HTTP Response Received" in head:
            fields = _fields(entry)
            queue = pending.get((fields.get("tf_req_id"), fields.get("rpc.method"))) or []
            pairs.append((queue.pop(0) if queue else {}, fields))
    return pairs


def _status(response):
    try:
        return int(response.get("http.status_code", 0))
    except ValueError:
        return 0


def failed_exchanges(log_path, limit=6):
    """Text of the last `limit` exchanges answered with HTTP >= 400."""
    out = []
    for request, response in http_exchanges(log_path):
        status = _status(response)
        if status >= 400:
            out.append(f"  {response.get('rpc.method', '?')} -> HTTP {status}\n"
                       f"    request:  {request.get('body', '?')}\n"
                       f"    response: {response.get('body', '?')}")
    return out[-limit:]


def call_summary(log_path):
    """"Operation status xCount, ..." of every AWS call in one log file, in first-seen order."""
    counts = {}
    for _, response in http_exchanges(log_path):
        key = f"{response.get('rpc.method', '?')} {response.get('http.status_code', '?')}"
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k} x{n}" if n > 1 else k for k, n in counts.items())


# -- Terraform working directory -------------------------------------------------------------
class Terraform:
    """One working directory: CLI config, main.tf, and timed terraform commands."""

    def __init__(self, name):
        self.mirror, self.version, packed = find_provider()
        self.dir = tempfile.mkdtemp(prefix=f"ecl-tf-{name}-")
        self.logs = os.path.join(self.dir, "logs")
        os.makedirs(self.logs)
        self.timings = []  # (label, seconds, exit status)
        self.failed = False  # a failing test keeps the directory (logs, state) for a look
        self.cache = None
        self._n = 0
        cli = [
            "provider_installation {",
            "  filesystem_mirror {",
            f"    path    = {json.dumps(self.mirror)}",
            f"    include = [\"{PROVIDER_ADDRESS}\"]",
            "  }",
            "  direct {",
            f"    exclude = [\"{PROVIDER_ADDRESS}\"]",
            "  }",
            "}",
        ]
        if packed:  # unpack once, then every init symlinks from the cache
            cache = (os.environ.get("ECL_TF_PLUGIN_CACHE")
                     or os.path.join(tempfile.gettempdir(), "ecl-tf-plugin-cache"))
            os.makedirs(cache, exist_ok=True)
            self.cache = cache
            cli += [f"plugin_cache_dir = {json.dumps(cache)}",
                    "plugin_cache_may_break_dependency_lock_file = true"]
        self.cli_config = os.path.join(self.dir, "cli.tfrc")
        with open(self.cli_config, "w") as f:
            f.write("\n".join(cli) + "\n")
        self.env = dict(os.environ)
        for key in [k for k in self.env if k.startswith("TF_")]:
            del self.env[key]  # nothing from the caller's Terraform settings
        self.env.update(TF_CLI_CONFIG_FILE=self.cli_config, TF_IN_AUTOMATION="1",
                        TF_INPUT="0", CHECKPOINT_DISABLE="1",
                        TF_DATA_DIR=os.path.join(self.dir, ".terraform"))
        for key in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
                    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ELASTICACHE", "AWS_REGION",
                    "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                    "AWS_SESSION_TOKEN", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy",
                    "https_proxy"):
            self.env.pop(key, None)
        self.env["NO_PROXY"] = self.env["no_proxy"] = "127.0.0.1,localhost"
        # Terraform and the provider are Go programs; the provider's start (a 700 MB binary
        # building its schema) is most of a command's CPU, and a third of that is garbage
        # collection at Go's default GOGC=100. Collecting less often cuts a plan's CPU from
        # 2.9 to 2.0 s for 5 % more memory; what the commands do is the same.
        self.env.setdefault("GOGC", "400")
        self.log_level = os.environ.get("ECL_TF_LOG", "DEBUG")
        log(f"workdir {self.dir} (hashicorp/aws {self.version} from {self.mirror})")

    def write_config(self, text):
        terraform_block = textwrap.dedent(f"""\
            terraform {{
              required_providers {{
                aws = {{
                  source  = "hashicorp/aws"
                  version = "{self.version}"
                }}
              }}
            }}

            """)
        with open(os.path.join(self.dir, "main.tf"), "w") as f:
            f.write(terraform_block + text)

    def run(self, label, *args, timeout=COMMAND_TIMEOUT_S):
        """Runs `terraform ARGS` and returns a Result; never raises on a non-zero exit."""
        self._n += 1
        log_path = None
        env = dict(self.env)
        if self.log_level.lower() != "off":
            log_path = os.path.join(self.logs,
                                    f"{self._n:02d}-{re.sub(r'[^A-Za-z0-9]+', '-', label)}.log")
            env.update(TF_LOG_PROVIDER=self.log_level, TF_LOG_CORE="WARN", TF_LOG_PATH=log_path)
        cmd = ["terraform", *args]
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=self.dir, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
            status = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGINT)  # lets terraform write its state
            try:
                out, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                out, err = proc.communicate()
            status = None
            err = f"{err}\n(killed: `{' '.join(cmd)}` ran longer than {timeout}s)"
        seconds = time.monotonic() - start
        self.timings.append((label, seconds, status))
        if log_path:  # what terraform printed, next to the provider log
            with open(log_path[:-4] + ".out", "w") as f:
                f.write(f"$ {' '.join(cmd)}\n# exit {status}\n{out}\n# stderr\n{err}")
        log(f"{label:<28} {seconds:6.1f}s  exit {status}")
        calls = call_summary(log_path)
        if calls:
            log(f"  calls: {calls}")
        return Result(label, cmd, status, out, err, log_path, seconds)

    # -- the commands the tests use ----------------------------------------------------------
    def init(self):
        if self.cache is None:
            return self.run("init", "init", "-input=false", "-no-color", timeout=180)
        # Modules run in parallel: one unpacks into the shared cache, the others wait.
        with open(os.path.join(self.cache, ".ecl-init.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self.run("init", "init", "-input=false", "-no-color", timeout=180)

    def apply(self, label):
        return self.run(label, "apply", "-auto-approve", "-input=false", "-no-color")

    def plan(self, label):
        """`plan -detailed-exitcode`: 0 = no changes, 2 = changes (drift), 1 = error."""
        return self.run(label, "plan", "-detailed-exitcode", "-input=false", "-no-color")

    def destroy(self, label="destroy"):
        return self.run(label, "destroy", "-auto-approve", "-input=false", "-no-color")

    def state(self):
        """The local state file as JSON: {address: attributes} of managed resources and
        data sources."""
        path = os.path.join(self.dir, "terraform.tfstate")
        if not os.path.exists(path):
            return {}
        with open(path) as f:
            raw = json.load(f)
        found = {}
        for res in raw.get("resources", []):
            prefix = "data." if res.get("mode") == "data" else ""
            for inst in res.get("instances", []):
                found[f"{prefix}{res['type']}.{res['name']}"] = inst.get("attributes", {})
        return found

    def summary(self):
        total = sum(s for _, s, _ in self.timings)
        rows = "\n".join(f"  {label:<28} {s:6.1f}s  exit {st}" for label, s, st in self.timings)
        return f"terraform timings ({total:.1f}s in terraform):\n{rows}"

    def cleanup(self):
        if os.environ.get("ECL_TF_KEEP") == "1" or self.failed:
            log(f"kept {self.dir} (main.tf, terraform.tfstate, logs/*.log provider logs, "
                "logs/*.out terraform output)")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


class Result:
    def __init__(self, label, cmd, status, stdout, stderr, log_path, seconds):
        self.label, self.cmd, self.status = label, cmd, status
        self.stdout, self.stderr, self.log_path, self.seconds = stdout, stderr, log_path, seconds

    def errors(self):
        """The `Error:` blocks of terraform's output (what a user would see)."""
        text = self.stderr.strip() or self.stdout.strip()
        blocks = re.findall(r"(?ms)^(?:│ )?Error: .*?(?=^(?:│ )?Error: |\Z)", text)
        return "\n".join(b.rstrip() for b in blocks) if blocks else text[-4000:]

    def describe(self):
        parts = [f"`{' '.join(self.cmd)}` exited {self.status} after {self.seconds:.1f}s",
                 self.errors()]
        failed = failed_exchanges(self.log_path)
        if failed:
            parts.append("ElastiCache calls that failed (from the provider log "
                         f"{self.log_path}):\n" + "\n".join(failed))
        return "\n".join(parts)

    def changed_outside(self):
        """The "Objects have changed outside of Terraform" section of a plan, or ""."""
        out = self.stdout
        start = out.find("Note: Objects have changed outside of Terraform")
        if start < 0:
            return ""
        end = out.find("Unless you have made equivalent changes", start)
        return out[start:end if end > 0 else None].rstrip()

    def plan_changes(self):
        """The part of a plan's output that says what would change."""
        out = self.stdout
        start = out.find("Terraform used the selected providers")
        if start < 0:
            start = out.find("Terraform detected the following changes")
        return out[start:] if start >= 0 else out[-6000:]


class TerraformTestCase(unittest.TestCase):
    """One server and one Terraform working directory per module (class).

    Subclasses name their steps test_1_..., test_2_..., which unittest runs in name order;
    each step sees the state the previous one left. Steps report every check that failed
    (subTest) rather than stopping at the first, so one run shows everything wrong."""

    name = "tf"
    server = tf = ec = None
    server_args = ()  # extra flags of the module's server (e.g. the data plane)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.started = time.monotonic()
        try:
            cls.tf = Terraform(cls.name)  # raises SkipTest without terraform or the provider
        except unittest.SkipTest as skip:
            # The marker lets ctest report the module as skipped (SKIP_REGULAR_EXPRESSION).
            print(f"ECL_TF_SKIPPED: {skip}", flush=True)
            raise
        try:
            cls.server = Server(*cls.server_args).start()
            cls.ec = cls.server.client()
            log(f"server {cls.server.endpoint}")
            cls.tf.write_config(cls.initial_config(cls.server.endpoint))
            init = cls.tf.init()
            if init.status != 0:
                raise AssertionError("terraform init failed:\n" + init.describe())
        except BaseException:
            cls.tf.failed = True
            cls.tearDownClass()  # unittest does not call it when setUpClass raises
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.tf is not None:
                log(cls.tf.summary())
                log(f"module wall time {time.monotonic() - cls.started:.1f}s")
                cls.tf.cleanup()
        finally:
            server, cls.server = cls.server, None
            if server is not None:
                status = server.stop()
                if status != 0:
                    raise AssertionError(f"server exited with {status} after SIGTERM; "
                                         f"output:\n{server.log()}")
            super().tearDownClass()

    def run(self, result=None):
        result = result or self.defaultTestResult()
        before = len(result.failures) + len(result.errors)
        super().run(result)
        if len(result.failures) + len(result.errors) > before and self.tf is not None:
            self.tf.failed = True
        return result

    @classmethod
    def initial_config(cls, endpoint):
        """HCL of the first configuration (written before `terraform init`)."""
        raise NotImplementedError

    # -- steps -----------------------------------------------------------------------------
    def require_created(self):
        """Skips a later step when the first apply left nothing to update or destroy."""
        if not any(not address.startswith("data.") for address in self.tf.state()):
            self.skipTest("the Terraform state holds no resource: the create step failed")

    def apply_ok(self, label):
        result = self.tf.apply(label)
        with self.subTest(step=label):
            self.assertEqual(result.status, 0, "terraform apply failed:\n" + result.describe()
                             + self._server_tail())
        return result

    def plan_no_drift(self, label):
        result = self.tf.plan(label)
        outside = result.changed_outside()
        if outside:  # refresh-only changes are not drift (exit 0), but worth seeing
            log(f"  note: {label} saw changes made outside Terraform:\n{outside}")
        with self.subTest(step=label):
            if result.status == 2:
                self.fail("terraform plan found drift right after apply (exit 2):\n"
                          + result.plan_changes())
            self.assertEqual(result.status, 0, "terraform plan failed:\n" + result.describe()
                             + self._server_tail())
        return result

    def destroy_ok(self, label="destroy"):
        result = self.tf.destroy(label)
        with self.subTest(step=label):
            self.assertEqual(result.status, 0, "terraform destroy failed:\n" + result.describe()
                             + self._server_tail())
        with self.subTest(step=f"{label}: state empty"):
            self.assertEqual(self.tf.state(), {}, "resources left in the Terraform state")
        return result

    def _server_tail(self):
        text = self.server.log() if self.server else ""
        return f"\nserver output (last lines):\n{text}" if text.strip() else ""

    def tags_of(self, arn):
        return {t["Key"]: t["Value"]
                for t in self.ec.list_tags_for_resource(ResourceName=arn)["TagList"]}
