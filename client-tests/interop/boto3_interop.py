"""boto3 against the generated servers: for each service a success, a modelled error that
boto3 raises as its typed exception, and a validation failure.

Usage: python3 boto3_interop.py PATH_TO_INTEROP_SERVER_BINARY
Ends with one line `boto3 interop: N passed, M failed`; exits non-zero on any failure.
"""

import subprocess
import sys

import boto3
from botocore.config import Config


def main() -> int:
    server = subprocess.Popen([sys.argv[1]], stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline().strip()
        assert line.startswith("listening on "), line
        url = line.split()[-1]
        return run(url)
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(url: str) -> int:
    common = dict(
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="AKIDTEST",
        aws_secret_access_key="test-secret",
        config=Config(retries={"max_attempts": 1}, parameter_validation=False),
    )
    v2 = boto3.client("pinpoint-sms-voice-v2", **common)
    v1 = boto3.client("pinpoint-sms-voice", **common)
    stranger = boto3.client(
        "pinpoint-sms-voice-v2", **{**common, "aws_secret_access_key": "wrong-secret"}
    )
    results = []

    def check(name, fn):
        try:
            fn()
            results.append((name, None))
        except Exception as error:  # noqa: BLE001 - report every failure
            results.append((name, repr(error)))

    def v2_success():
        out = v2.send_text_message(DestinationPhoneNumber="+14255550100", MessageBody="hi")
        assert out["MessageId"] == "msg-14255550100", out
        assert out["ResponseMetadata"]["RequestId"], out

    def v2_modelled_error():
        try:
            v2.describe_pools(PoolIds=["pool-missing"])
        except v2.exceptions.ResourceNotFoundException as e:
            assert e.response["ResourceId"] == "pool-missing", e.response
            assert e.response["ResourceType"] == "pool", e.response
            assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response
            return
        raise AssertionError("no ResourceNotFoundException")

    def v2_validation():
        try:
            v2.send_text_message(DestinationPhoneNumber="not a number", MessageBody="   ")
        except v2.exceptions.ValidationException as e:
            names = sorted(f["Name"] for f in e.response["Fields"])
            assert names == ["/DestinationPhoneNumber", "/MessageBody"], e.response
            assert e.response["Reason"] == "FIELD_VALIDATION_FAILED", e.response
            return
        raise AssertionError("no ValidationException")

    def v2_bad_signature():
        try:
            stranger.send_text_message(DestinationPhoneNumber="+14255550100", MessageBody="hi")
        except stranger.exceptions.ClientError as e:
            assert e.response["Error"]["Code"] == "SignatureDoesNotMatch", e.response
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, e.response
            return
        raise AssertionError("a wrong secret was accepted")

    def v1_success():
        v1.create_configuration_set(ConfigurationSetName="set-a")

    def v1_modelled_error():
        try:
            v1.create_configuration_set(ConfigurationSetName="set-a")
        except v1.exceptions.AlreadyExistsException as e:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 409, e.response
            return
        raise AssertionError("no AlreadyExistsException")

    def v1_validation():
        try:
            v1.create_configuration_set()
        except v1.exceptions.BadRequestException as e:
            assert "ConfigurationSetName" in e.response["Error"]["Message"], e.response
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response
            return
        raise AssertionError("no BadRequestException")

    for name, fn in [
        ("v2 success", v2_success),
        ("v2 modelled error", v2_modelled_error),
        ("v2 validation failure", v2_validation),
        ("v2 wrong signature", v2_bad_signature),
        ("v1 success", v1_success),
        ("v1 modelled error", v1_modelled_error),
        ("v1 validation failure", v1_validation),
    ]:
        check(name, fn)
    failed = [(n, e) for n, e in results if e]
    for name, error in results:
        print(f"{'ok  ' if not error else 'FAIL'} {name}" + (f": {error}" if error else ""))
    print(f"boto3 interop: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
