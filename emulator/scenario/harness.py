"""The scenario's machinery: the emulator process, boto3 and AWS CLI clients of it, the
emulator's own JSON API, and a runner that records each check's result and the operations it
covered.
"""

import json
import os
import re
import signal
import subprocess
import sys
import traceback
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

LISTENING = re.compile(r"^sms-voice-emulator listening on (http://\S+)$")


class Emulator:
    """The emulator binary on a free loopback port, with its state in `state`."""

    def __init__(self, binary, state, extra_args=()):
        self.binary = binary
        self.state = state
        self.extra_args = list(extra_args)
        self.proc = None
        self.url = None
        self.starts = 0

    def start(self):
        args = [self.binary, "--listen", "127.0.0.1:0"]
        if self.state:
            args += ["--state", self.state]
        self.proc = subprocess.Popen(args + self.extra_args, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        match = LISTENING.match(line)
        if not match:
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise AssertionError(f"the emulator did not start: first line {line!r}")
        self.url = match.group(1)
        self.starts += 1
        return self.url

    def stop(self):
        """A clean stop, as Ctrl-C does; answers the exit code."""
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=15)
        self.proc.stdout.close()
        self.proc = None
        return code

    def kill9(self):
        """A crash: SIGKILL, no chance to flush anything."""
        os.kill(self.proc.pid, signal.SIGKILL)
        code = self.proc.wait(timeout=15)
        self.proc.stdout.close()
        self.proc = None
        return code

    def close(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=15)
            self.proc.stdout.close()
            self.proc = None


# A file (JSON Lines) that gets every answer boto3 reads, for `cargo xtask answers` to check
# against the models; unset, nothing is recorded.
ANSWERS = os.environ.get("EMULATOR_ANSWERS")


def record_answer(http_response, model, **_):
    """botocore's `after-call` hook: appends the answer to `ANSWERS`."""
    line = {
        "service": model.service_model.service_id,
        "operation": model.name,
        "status": http_response.status_code,
        "error": http_response.headers.get("x-amzn-errortype"),
        "body": http_response.content.decode("utf-8", errors="replace"),
    }
    with open(ANSWERS, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


class Clients:
    """boto3 clients, the AWS CLI and the `/_emulator/` API for one emulator URL. Every
    operation called is recorded in `runner` (service, operation name)."""

    def __init__(self, url, runner, key_id="test", secret="test"):
        self.url = url
        self.runner = runner
        common = dict(
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
            config=Config(retries={"max_attempts": 1}),
        )
        self.v2 = boto3.client("pinpoint-sms-voice-v2", **common)
        self.v1 = boto3.client("pinpoint-sms-voice", **common)
        # No client-side validation: invalid input reaches the emulator, which must refuse it.
        loose = dict(common, config=Config(retries={"max_attempts": 1}, parameter_validation=False))
        self.v2_loose = boto3.client("pinpoint-sms-voice-v2", **loose)
        self.v1_loose = boto3.client("pinpoint-sms-voice", **loose)
        for client, service in [
            (self.v2, "v2"),
            (self.v1, "v1"),
            (self.v2_loose, "v2"),
            (self.v1_loose, "v1"),
        ]:
            client.meta.events.register("before-call", self._recorder(service))
            if ANSWERS:
                client.meta.events.register("after-call", record_answer)
        self.cli_env = dict(
            os.environ,
            AWS_ACCESS_KEY_ID=key_id,
            AWS_SECRET_ACCESS_KEY=secret,
            AWS_DEFAULT_REGION="us-east-1",
            AWS_MAX_ATTEMPTS="1",
            AWS_RETRY_MODE="standard",
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
            AWS_PAGER="",
        )
        self.cli_env.pop("AWS_PROFILE", None)
        self.cli_env.pop("AWS_SESSION_TOKEN", None)

    def _recorder(self, service):
        def record(model, **_):
            self.runner.record(service, model.name)

        return record

    def cli(self, service, operation, *args, error=None):
        """`aws --endpoint-url URL SERVICE OPERATION ARGS --output json`: the parsed output, or
        with `error` (a code) the error message the CLI printed (and it must have failed)."""
        command = ["aws", "--endpoint-url", self.url, service, operation, *args, "--output", "json"]
        done = subprocess.run(command, env=self.cli_env, capture_output=True, text=True, timeout=120)
        short = "v2" if service == "pinpoint-sms-voice-v2" else "v1"
        self.runner.record(short, "".join(part.capitalize() for part in operation.split("-")))
        shown = " ".join(command[3:])
        if error is not None:
            assert done.returncode != 0, f"`aws {shown}` succeeded, expected {error}: {done.stdout}"
            assert f"({error})" in done.stderr, f"`aws {shown}`: expected {error}, got {done.stderr.strip()}"
            return done.stderr.strip()
        assert done.returncode == 0, f"`aws {shown}` failed ({done.returncode}): {done.stderr.strip()}"
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def emu(self, method, path, body=None):
        """A request to the emulator's own API: (status, parsed JSON or text)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("content-type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw, kind = response.status, response.read(), response.headers.get("content-type", "")
        except urllib.error.HTTPError as e:
            status, raw, kind = e.code, e.read(), e.headers.get("content-type", "")
        text = raw.decode("utf-8", "replace")
        if "json" in kind and text.strip():
            return status, json.loads(text)
        return status, text


def expect_error(call, code, status=400, **members):
    """Runs `call`, which must fail with error `code` (and HTTP `status`); each of `members`
    must equal the error's member of that name. Answers the error response."""
    try:
        out = call()
    except ClientError as e:
        response = e.response
        got = response["Error"]["Code"]
        assert got == code, f"expected {code}, got {got}: {response.get('Error')}"
        http = response["ResponseMetadata"]["HTTPStatusCode"]
        assert http == status, f"{code} came with HTTP {http}, expected {status}"
        for name, want in members.items():
            assert response.get(name) == want, f"{code}.{name} is {response.get(name)!r}, expected {want!r}"
        return response
    out = {k: v for k, v in out.items() if k != "ResponseMetadata"} if isinstance(out, dict) else out
    raise AssertionError(f"expected {code}, the call succeeded: {out}")


def short(error):
    """An error's code and members, without the response metadata, for the log."""
    return {k: v for k, v in error.items() if k not in ("ResponseMetadata", "Error")} | {
        "Code": error["Error"]["Code"]
    }


class Runner:
    """Runs named checks in order; each passes or fails on its own. The operations a check
    called count as covered only if the check passed."""

    def __init__(self):
        self.results = []
        self.covered = set()
        self._current = set()

    def record(self, service, operation):
        self._current.add((service, operation))

    def check(self, name, fn, *args):
        self._current = set()
        try:
            detail = fn(*args)
        except Exception as error:  # noqa: BLE001 - every failure is reported, the run goes on
            message = str(error) if isinstance(error, AssertionError) else repr(error)
            if not isinstance(error, (AssertionError, ClientError)):
                frame = traceback.extract_tb(error.__traceback__)[-1]
                message += f" (at line {frame.lineno})"
            self.results.append((name, message))
            print(f"FAIL {name}: {message}", flush=True)
            return False
        self.results.append((name, None))
        self.covered |= self._current
        print(f"ok   {name}" + (f": {detail}" if detail else ""), flush=True)
        return True

    def summary(self):
        failed = sum(1 for _, error in self.results if error)
        return len(self.results) - failed, failed


def fail(message):
    print(message, file=sys.stderr)
    raise AssertionError(message)
