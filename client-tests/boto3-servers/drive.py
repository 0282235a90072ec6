"""boto3 against servers generated from botocore's models of real services.

For every operation of every service the server binary serves, this makes valid parameters
from the model (every member at the top level, required ones below; values within lengths,
ranges, patterns and enums), calls the operation with boto3, and compares the input the
server decoded (it answers every call with the error `EchoInput`, whose message is the input
as JSON by member name) with what was sent: nothing dropped, nothing changed, nothing added.

Bedrock Runtime's `ConverseStream` is also served as a scripted conversation: boto3's
`converse_stream` reads its event stream (start, text deltas, stop, metadata) and, for the
model `throttle`, the modelled exception that ends it. Kinesis' `SubscribeToShard` (JSON 1.1,
whose stream starts with an `initial-response` event) is served with scripted events, which
`subscribe_to_shard` reads, and for the shard `busy` the exception that ends them.

Usage: python3 drive.py SERVER_BINARY BOTOCORE_DATA
The model of each service is botocore's in BOTOCORE_DATA (the folder the servers were
generated from), not the one installed with boto3. Prints a line per failure and per
service, and ends with `boto3 servers: N passed, M failed, K skipped`; exits non-zero on any
failure. Needs `boto3` and `rstr` from PyPI.
"""

import base64
import datetime
import json
import math
import os
import random
import re
import subprocess
import sys

import rstr

# Requests are verified with this key pair.
ACCESS_KEY = "AKIDTEST"
SECRET_KEY = "test-secret"
# Below this depth only required members are set (recursive shapes end there).
OPTIONAL_DEPTH = 3
# Beyond this depth a value cannot be made (a cycle of required members).
MAX_DEPTH = 12
# The one timestamp sent: whole seconds, which every timestamp format carries exactly.
WHEN = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


class Unsatisfiable(Exception):
    """The model asks for a value this generator cannot make (a pattern it cannot follow)."""


def newest_version(data, service):
    folder = os.path.join(data, service)
    versions = [
        v for v in os.listdir(folder) if os.path.exists(os.path.join(folder, v, "service-2.json"))
    ]
    return max(versions)


class Params:
    """Valid values for shapes, from a seeded random source (the same every run)."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.xeger = rstr.Rstr(self.random)

    def value(self, shape, depth, in_header):
        if depth > MAX_DEPTH:
            raise Unsatisfiable(f"{shape.name}: required members nest deeper than {MAX_DEPTH}")
        kind = shape.type_name
        if kind == "structure":
            return self.structure(shape, depth)
        if kind == "list":
            count = max(1, shape.metadata.get("min", 0))
            count = min(count, shape.metadata.get("max", count))
            return [self.value(shape.member, depth + 1, in_header) for _ in range(count)]
        if kind == "map":
            count = max(1, shape.metadata.get("min", 0))
            count = min(count, shape.metadata.get("max", count))
            out = {}
            for _ in range(count * 5):
                if len(out) == count:
                    break
                out[self.string(shape.key, True)] = self.value(shape.value, depth + 1, in_header)
            return out
        if kind == "string":
            if shape.serialization.get("jsonvalue"):
                return {"key": ["value", 1]}
            return self.string(shape, in_header)
        if kind in ("integer", "long"):
            return self.number(shape, 7)
        if kind in ("float", "double"):
            return self.number(shape, 2.5)
        if kind == "boolean":
            return True
        if kind == "timestamp":
            return WHEN
        if kind == "blob":
            size = max(shape.metadata.get("min", 0), 6)
            size = min(size, shape.metadata.get("max", size))
            return bytes((0x61 + i % 26) for i in range(size))
        raise Unsatisfiable(f"{shape.name}: type {kind}")

    def structure(self, shape, depth):
        if shape.is_document_type:
            return {"text": "value", "number": 1, "list": [True, None]}
        members = shape.members
        if shape.is_tagged_union:
            last = None
            for name, member in members.items():
                try:
                    return {name: self.value(member, depth + 1, False)}
                except Unsatisfiable as error:
                    last = error
            raise last or Unsatisfiable(f"{shape.name}: an empty union")
        required = set(shape.required_members)
        out = {}
        for name, member in members.items():
            if name not in required and depth >= OPTIONAL_DEPTH:
                continue
            in_header = member.serialization.get("location") in ("header", "headers")
            try:
                out[name] = self.value(member, depth + 1, in_header)
            except Unsatisfiable:
                if name in required:
                    raise
        return out

    def number(self, shape, default):
        low = shape.metadata.get("min")
        high = shape.metadata.get("max")
        value = default
        if low is not None and value < low:
            value = low
        if high is not None and value > high:
            value = high
        if shape.type_name in ("integer", "long"):
            value = int(math.ceil(value))
        return value

    def string(self, shape, in_header):
        values = shape.enum
        if values:
            return self.random.choice(values)
        low = shape.metadata.get("min", 0)
        high = shape.metadata.get("max", max(low, 1024))
        pattern = shape.metadata.get("pattern")
        if pattern is None:
            high = min(high, max(low, 16))
            text = f"{shape.name}-value"
            text = (text * (low // len(text) + 1))[: max(low, min(len(text), high))]
            return text
        # Python's `re` has no Unicode property classes: values come from an ASCII part of them.
        pattern = properties_in_ascii(pattern)
        try:
            regex = re.compile(pattern)
        except re.error as error:
            raise Unsatisfiable(f"{shape.name}: pattern {pattern!r} ({error})")
        for attempt in range(60):
            try:
                text = self.xeger.xeger(pattern)
            except Exception as error:  # noqa: BLE001 - rstr fails on some constructs
                raise Unsatisfiable(f"{shape.name}: pattern {pattern!r} ({error})")
            # Headers carry visible ASCII without spaces at either end.
            if in_header and (
                not all(0x20 <= ord(c) < 0x7F for c in text) or text != text.strip()
            ):
                continue
            if not all(c.isprintable() for c in text):
                continue
            if low <= len(text) <= high and regex.search(text):
                return text
        raise Unsatisfiable(f"{shape.name}: no value of length {low}..={high} for {pattern!r}")


# The ASCII part of the Unicode property classes the models use, as class contents.
PROPERTIES = {"L": "a-zA-Z", "Z": " ", "N": "0-9", "S": "+<=>", "P": "!-#%-*,-/:;?@"}


def properties_in_ascii(pattern):
    """`pattern` with each `\\p{X}` a class of ASCII characters that `X` holds."""

    def inside(match):
        return PROPERTIES.get(match.group(1)[0], "a-z")

    # In a class (`[\\p{L}_]`), the property's characters join it; outside, they become one.
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            match = re.match(r"\\p\{(\w+)\}", pattern[i:])
            if match:
                body = inside(match)
                out.append(body if in_class else f"[{body}]")
                i += match.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def query_map_extras(shape, member_name):
    """The query parameters bound to members of `shape` other than the query map
    `member_name`: a server puts every parameter in the map, so these may be there too."""
    return {
        member.serialization.get("name", name)
        for name, member in shape.members.items()
        if name != member_name and member.serialization.get("location") == "querystring"
    }


def compare(shape, sent, got, path, diffs, extra_keys=frozenset()):
    """Appends to `diffs` where the decoded `got` differs from the `sent` value of `shape`;
    `extra_keys` are keys a decoded map may have beyond those sent."""
    if got is None:
        diffs.append(f"{path}: sent {short(sent)}, decoded nothing")
        return
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            if sent != got:
                diffs.append(f"{path}: sent {short(sent)}, decoded {short(got)}")
            return
        if not isinstance(got, dict):
            diffs.append(f"{path}: decoded {short(got)}, not an object")
            return
        for name, member in shape.members.items():
            if name in sent:
                extras = (
                    query_map_extras(shape, name)
                    if member.type_name == "map"
                    and member.serialization.get("location") == "querystring"
                    else frozenset()
                )
                compare(member, sent[name], got.get(name), f"{path}.{name}", diffs, extras)
            elif got.get(name) is not None and not member.metadata.get("idempotencyToken"):
                diffs.append(f"{path}.{name}: not sent, decoded {short(got[name])}")
        return
    if kind == "list":
        if not isinstance(got, list) or len(got) != len(sent):
            diffs.append(f"{path}: sent {short(sent)}, decoded {short(got)}")
            return
        for index, (a, b) in enumerate(zip(sent, got)):
            compare(shape.member, a, b, f"{path}[{index}]", diffs)
        return
    if kind == "map":
        if not isinstance(got, dict) or set(got) - set(extra_keys) != set(sent):
            diffs.append(f"{path}: sent {short(sent)}, decoded {short(got)}")
            return
        for key, value in sent.items():
            compare(shape.value, value, got[key], f"{path}.{key}", diffs)
        return
    if kind == "string" and shape.serialization.get("jsonvalue"):
        try:
            same = json.loads(got) == sent
        except (TypeError, ValueError):
            same = False
    elif kind == "timestamp":
        same = isinstance(got, (int, float)) and abs(got - sent.timestamp()) < 1e-3
    elif kind == "blob":
        same = got == base64.b64encode(sent).decode()
    elif kind in ("float", "double"):
        same = isinstance(got, (int, float)) and abs(got - sent) <= 1e-6 * max(1.0, abs(sent))
    else:
        same = got == sent
    if not same:
        diffs.append(f"{path}: sent {short(sent)}, decoded {short(got)}")


def check_the_check(shape, sent, got):
    """Fails unless `compare` finds a member dropped from, and one changed in, what the server
    decoded: the comparison must be able to fail."""
    for name in sent:
        for broken in ({**got, name: None}, {**got, name: [{"changed": True}]}):
            diffs = []
            compare(shape, sent, broken, "input", diffs)
            if not diffs:
                raise AssertionError(f"the comparison misses a change of {name}: {broken!r}")


def short(value):
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "…"


def drive(service, port, data, boto3, Config, ClientError):
    client = boto3.client(
        service,
        api_version=newest_version(data, service),
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(
            retries={"max_attempts": 1},
            inject_host_prefix=False,
            connect_timeout=10,
            read_timeout=30,
        ),
    )
    model = client.meta.service_model
    methods = {api: method for method, api in client.meta.method_to_api_mapping.items()}
    passed = failed = skipped = 0
    for name in model.operation_names:
        operation = model.operation_model(name)
        if operation.has_event_stream_input or operation.has_event_stream_output:
            continue
        params = Params(f"{service}.{name}")
        try:
            sent = (
                params.structure(operation.input_shape, 0)
                if operation.input_shape is not None
                else {}
            )
        except Unsatisfiable as reason:
            print(f"skipped {service} {name}: {reason}")
            skipped += 1
            continue
        method = getattr(client, methods[name])
        try:
            method(**sent)
            problem = "answered without an error (the server echoes every input as an error)"
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            message = error.response.get("Error", {}).get("Message", "")
            if code != "EchoInput":
                problem = f"refused: {code}: {message}"
            else:
                got = json.loads(message)
                diffs = []
                if operation.input_shape is not None:
                    compare(operation.input_shape, sent, got, "input", diffs)
                    check_the_check(operation.input_shape, sent, got)
                problem = "; ".join(diffs) if diffs else None
        except Exception as error:  # noqa: BLE001 - report every failure
            problem = f"{type(error).__name__}: {error}"
        if problem is None:
            passed += 1
        else:
            failed += 1
            print(f"FAILED {service} {name}: {problem}")
    print(f"{service}: {passed} passed, {failed} failed, {skipped} skipped")
    return passed, failed, skipped


def converse(port, boto3, Config):
    """boto3's `converse_stream` against the scripted conversation; (passed, failed)."""
    from botocore.exceptions import EventStreamError

    client = boto3.client(
        "bedrock-runtime",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1}),
    )
    messages = [{"role": "user", "content": [{"text": "Hello there"}]}]
    passed = failed = 0

    def check(name, problems):
        nonlocal passed, failed
        if problems:
            failed += 1
            print(f"FAILED converse {name}: {'; '.join(problems)}")
        else:
            passed += 1

    problems = []
    try:
        response = client.converse_stream(modelId="scripted", messages=messages)
        kinds, text, metadata = [], "", None
        for event in response["stream"]:
            ((kind, body),) = event.items()
            kinds.append(kind)
            if kind == "messageStart" and body != {"role": "assistant"}:
                problems.append(f"messageStart is {body}")
            if kind == "contentBlockDelta":
                text += body["delta"]["text"]
            if kind == "messageStop" and body.get("stopReason") != "end_turn":
                problems.append(f"messageStop is {body}")
            if kind == "metadata":
                metadata = body
        expected = ["messageStart"] + ["contentBlockDelta"] * 6
        expected += ["contentBlockStop", "messageStop", "metadata"]
        if kinds != expected:
            problems.append(f"the events were {kinds}")
        if text != "You said: Hello there":
            problems.append(f"the text was {text!r}")
        usage = (metadata or {}).get("usage")
        if usage != {"inputTokens": 2, "outputTokens": 21, "totalTokens": 23}:
            problems.append(f"the usage was {usage}")
        if (metadata or {}).get("metrics") != {"latencyMs": 7}:
            problems.append(f"the metrics were {(metadata or {}).get('metrics')}")
    except Exception as error:  # noqa: BLE001 - report every failure
        problems.append(f"{type(error).__name__}: {error}")
    check("events", problems)

    problems = []
    kinds = []
    try:
        response = client.converse_stream(modelId="throttle", messages=messages)
        for event in response["stream"]:
            kinds.append(next(iter(event)))
        problems.append(f"the stream ended without the exception after {kinds}")
    except EventStreamError as error:
        code = error.response.get("Error", {}).get("Code")
        message = error.response.get("Error", {}).get("Message")
        if kinds != ["messageStart", "contentBlockDelta"]:
            problems.append(f"the events before the exception were {kinds}")
        if code != "modelStreamErrorException" or message != "the model stopped":
            problems.append(f"the exception was {code}: {message}")
    except Exception as error:  # noqa: BLE001 - report every failure
        problems.append(f"{type(error).__name__}: {error}")
    check("exception", problems)
    print(f"converse: {passed} passed, {failed} failed")
    return passed, failed


def subscribe(port, boto3, Config):
    """boto3's `subscribe_to_shard` (JSON 1.1: the stream starts with an `initial-response`
    event) against scripted events; (passed, failed)."""
    from botocore.exceptions import EventStreamError

    client = boto3.client(
        "kinesis",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1}),
    )
    consumer = "arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1"
    passed = failed = 0
    for shard, expected in [("shardId-000000000000", 2), ("busy", 1)]:
        problems = []
        records = []
        try:
            response = client.subscribe_to_shard(
                ConsumerARN=consumer, ShardId=shard, StartingPosition={"Type": "LATEST"}
            )
            for event in response["EventStream"]:
                body = event["SubscribeToShardEvent"]
                records += [record["Data"] for record in body["Records"]]
                if body["MillisBehindLatest"] != 2 - len(records):
                    problems.append(f"MillisBehindLatest is {body['MillisBehindLatest']}")
            if shard == "busy":
                problems.append("the stream ended without the exception")
        except EventStreamError as error:
            code = error.response.get("Error", {}).get("Code")
            if shard != "busy" or code != "ResourceInUseException":
                problems.append(f"the stream ended with {code}")
        except Exception as error:  # noqa: BLE001 - report every failure
            problems.append(f"{type(error).__name__}: {error}")
        wanted = [f"record-{n}".encode() for n in range(1, expected + 1)]
        if records != wanted:
            problems.append(f"the records were {records}")
        if problems:
            failed += 1
            print(f"FAILED subscribe {shard}: {'; '.join(problems)}")
        else:
            passed += 1
    print(f"subscribe: {passed} passed, {failed} failed")
    return passed, failed


def main():
    binary, data = sys.argv[1], os.path.abspath(sys.argv[2])
    # botocore reads models from here first: the same models the servers were made from.
    os.environ["AWS_DATA_PATH"] = data
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError

    server = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        ports = json.loads(server.stdout.readline())
        conversation = ports.pop("converse")
        shards = ports.pop("subscribe")
        totals = [0, 0, 0]
        for service, port in ports.items():
            for i, n in enumerate(drive(service, port, data, boto3, Config, ClientError)):
                totals[i] += n
        for i, n in enumerate(converse(conversation, boto3, Config)):
            totals[i] += n
        for i, n in enumerate(subscribe(shards, boto3, Config)):
            totals[i] += n
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    print(f"boto3 servers: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    return 1 if totals[1] else 0


if __name__ == "__main__":
    sys.exit(main())
