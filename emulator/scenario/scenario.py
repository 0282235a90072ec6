"""The emulator scenario: starts the emulator binary with a state file and drives it as users
do, through boto3 and the AWS CLI (`--endpoint-url`), across both services: resources of every
area, pagination with MaxResults and NextToken, every error type the emulator can produce, the
emulator's own `/_emulator/` API (messages, an inbound STOP), a clean restart in the middle and
a crash (`kill -9`) right after an acknowledged write.

Usage: python3 scenario.py PATH_TO_SMS_VOICE_EMULATOR_BINARY
Prints one line per check, then the operations covered, and ends with one line
`emulator scenario: N passed, M failed`; exits non-zero on any failure.
"""

import json
import os
import re
import shutil
import sys
import tempfile

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from harness import Clients, Emulator, Runner, expect_error, short

# At least this many distinct operations (both services together) must be covered.
MIN_OPERATIONS = 40

E164_US = re.compile(r"^\+1[2-9]\d{9}$")
ROLE = "arn:aws:iam::123456789012:role/scenario-events"
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:scenario-events"
FIREHOSE = "arn:aws:firehose:us-east-1:123456789012:deliverystream/scenario-events"

# Handsets the scenario sends to.
ALICE = "+14255550100"
BOB = "+14255550111"
CAROL = "+14255550122"
DAVE = "+14255550133"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="emulator-scenario-")
    runner = Runner()
    emulator = Emulator(binary, os.path.join(work, "state", "emulator.db"))
    sandbox = Emulator(binary, None, ["--sandbox"])
    try:
        Scenario(runner, emulator, sandbox).run()
    finally:
        emulator.close()
        sandbox.close()
        shutil.rmtree(work, ignore_errors=True)
    covered = sorted(runner.covered)
    for service in ("v2", "v1"):
        names = [op for s, op in covered if s == service]
        print(f"covered {service} operations ({len(names)}): {', '.join(names)}")
    passed, failed = runner.summary()
    print(f"emulator scenario: {passed} passed, {failed} failed")
    return 1 if failed else 0


class Scenario:
    def __init__(self, runner, emulator, sandbox):
        self.runner = runner
        self.emulator = emulator
        self.sandbox = sandbox
        self.c = None
        # What the checks made, by name, for the later checks (and after the restart).
        self.made = {}

    def need(self, *names):
        missing = [n for n in names if n not in self.made]
        assert not missing, f"needs {', '.join(missing)} from an earlier check that failed"
        return [self.made[n] for n in names]

    def connect(self):
        self.c = Clients(self.emulator.url, self.runner)

    def run(self):
        check = self.runner.check
        if not check("the emulator starts with a state file and prints its URL", self.start):
            return
        for name, fn in [
            ("account attributes, limits and spend limits", self.account),
            ("spend limit overrides: set, described, deleted", self.spend_limits),
            ("phone numbers: requested (E.164, US), described, filtered", self.phone_numbers),
            ("ConflictException: releasing a number with deletion protection", self.deletion_protection),
            ("pools: created, identities associated and listed, updated", self.pools),
            ("ConflictException: a phone number already in another pool", self.number_in_two_pools),
            ("keywords: put, described, deleted; ResourceNotFoundException", self.keywords),
            ("opt-out lists and opted-out numbers", self.opt_out_lists),
            ("sender IDs: requested, updated, described", self.sender_ids),
            ("configuration sets: created with boto3 and the CLI", self.configuration_sets),
            ("pagination: boto3 paginator over 3 pages (MaxResults 3)", self.paginate_boto3),
            ("pagination: CLI --max-results/--next-token over 3 pages, and --page-size", self.paginate_cli),
            ("pagination: a NextToken the emulator did not make is a ValidationException", self.bad_token),
            ("event destinations and configuration set defaults", self.event_destinations),
            ("ConflictException: creating a configuration set that exists", self.duplicate_config_set),
            ("tags on resources with ARNs", self.tags),
            ("resource policies", self.policies),
            ("sending text, voice and media messages, a dry run, message feedback", self.sending),
            ("ServiceQuotaExceededException: the monthly text spend limit", self.spend_limit_reached),
            (
                "ResourceNotFoundException: unknown resources, with ResourceType and ResourceId",
                self.not_found,
            ),
            ("ValidationException with its Fields (generated validators)", self.validation),
            ("verified destination numbers: the verification-code flow", self.verification),
            ("carrier lookup", self.carrier_lookup),
            ("protect configurations, rule sets and number overrides", self.protect),
            ("registrations, field values, versions and attachments", self.registrations),
            ("v1: configuration sets and event destinations (boto3)", self.v1_config_sets),
            (
                "v1: AlreadyExistsException 409, NotFoundException 404, BadRequestException 400",
                self.v1_errors,
            ),
            ("v1: the CLI creates, lists (paging) and reads", self.v1_cli),
            ("v1: SendVoiceMessage", self.v1_send),
            ("v1: LimitExceededException 412 at the event destinations limit", self.v1_limit),
            ("/_emulator/ API: the sent messages are listed", self.emulator_messages),
            (
                "/_emulator/ API: an inbound STOP opts the sender out; sending to it is a ConflictException",
                self.inbound_stop,
            ),
            ("CLI errors: the CLI reports ResourceNotFoundException", self.cli_error),
            (
                "injected faults: ThrottlingException, AccessDeniedException, InternalServerException, v1 InternalServiceErrorException 500, "
                "v1 TooManyRequestsException 429; boto3's retries get through a throttle",
                self.faults,
            ),
        ]:
            check(name, fn)
        if not check("restart: a clean stop (Ctrl-C) and a start on the same --state", self.restart):
            return
        for name, fn in [
            ("after the restart: phone numbers, pools and their identities", self.after_restart_numbers),
            (
                "after the restart: configuration sets, event destinations, opt-outs, keywords, tags",
                self.after_restart_config,
            ),
            (
                "after the restart: messages, sender IDs, protect configurations, registrations, v1",
                self.after_restart_rest,
            ),
            ("ServiceQuotaExceededException at the limit DescribeAccountLimits reports", self.quota),
            (
                "ConflictException: numbers in pools, the last number of a pool, an opt-out list in use",
                self.pool_conflicts,
            ),
            ("deleting and releasing after the restart", self.cleanup),
        ]:
            check(name, fn)
        if not check("crash: kill -9 right after acknowledged writes, restart", self.crash):
            return
        check("after the crash: every acknowledged write is there", self.after_crash)
        check("--sandbox: only verified destination numbers receive messages", self.sandbox_mode)
        check("/_emulator/ API: messages filtered by destination, then cleared", self.clear_messages)
        check("the emulator stops cleanly on Ctrl-C", self.final_stop)
        count = len(self.runner.covered)
        check(
            f"at least {MIN_OPERATIONS} distinct operations covered",
            lambda: self.enough_operations(count),
        )

    # --- start, restart, crash -------------------------------------------------------------

    def start(self):
        url = self.emulator.start()
        self.connect()
        return url

    def restart(self):
        code = self.emulator.stop()
        assert code == 0, f"the emulator exited with {code} on Ctrl-C"
        url = self.emulator.start()
        self.connect()
        return f"stopped cleanly, serving again on {url}"

    def crash(self):
        v2, v1 = self.c.v2, self.c.v1
        self.made["crash_set"] = "scenario-crash-set"
        v2.create_configuration_set(ConfigurationSetName="scenario-crash-set")
        opt_out = v2.put_opted_out_number(OptOutListName="Default", OptedOutNumber=DAVE)
        assert opt_out["OptedOutNumber"] == DAVE, opt_out
        v1.create_configuration_set(ConfigurationSetName="scenario-crash-v1")
        tagged = self.made.get("pool_arn")
        if tagged:
            v2.tag_resource(ResourceArn=tagged, Tags=[{"Key": "crash", "Value": "survived"}])
        # The last write is killed right after its answer arrived.
        sent = v2.send_text_message(DestinationPhoneNumber=ALICE, MessageBody="written just before the crash")
        self.made["crash_message"] = sent["MessageId"]
        code = self.emulator.kill9()
        assert code == -9, f"expected death by SIGKILL, got {code}"
        url = self.emulator.start()
        self.connect()
        return f"killed, serving again on {url}"

    def after_crash(self):
        v2, v1 = self.c.v2, self.c.v1
        sets = v2.describe_configuration_sets(ConfigurationSetNames=["scenario-crash-set"])
        assert [s["ConfigurationSetName"] for s in sets["ConfigurationSets"]] == ["scenario-crash-set"], sets
        numbers = v2.describe_opted_out_numbers(OptOutListName="Default", OptedOutNumbers=[DAVE])
        assert [n["OptedOutNumber"] for n in numbers["OptedOutNumbers"]] == [DAVE], numbers
        names = list_v1_sets(v1)
        assert "scenario-crash-v1" in names, names
        if self.made.get("pool_arn"):
            tags = v2.list_tags_for_resource(ResourceArn=self.made["pool_arn"])["Tags"]
            assert {"Key": "crash", "Value": "survived"} in tags, tags
        ids = [m["id"] for m in self.messages()]
        assert self.made["crash_message"] in ids, f"the message sent just before the crash is gone: {ids}"
        return "configuration sets (v2, v1), opted-out number, tag and message all there"

    def clear_messages(self):
        status, body = self.c.emu("GET", "/_emulator/messages?destination=" + ALICE.replace("+", "%2B"))
        assert status == 200, (status, body)
        destinations = {normalize_message(m)["destination"] for m in body["messages"]}
        assert destinations == {ALICE}, destinations
        status, body = self.c.emu("DELETE", "/_emulator/messages")
        assert status == 200, (status, body)
        left = self.messages()
        assert left == [], left
        return f"{len(body) and body}"

    def final_stop(self):
        code = self.emulator.stop()
        assert code == 0, f"exit code {code}"

    def enough_operations(self, count):
        assert count >= MIN_OPERATIONS, f"only {count} operations covered"
        return f"{count} operations"

    # --- account -------------------------------------------------------------------------------

    def account(self):
        v2 = self.c.v2
        attributes = {a["Name"]: a["Value"] for a in v2.describe_account_attributes()["AccountAttributes"]}
        assert attributes.get("ACCOUNT_TIER") == "PRODUCTION", attributes
        limits = {l["Name"]: l for l in v2.describe_account_limits()["AccountLimits"]}
        expected = {
            "PHONE_NUMBERS",
            "POOLS",
            "CONFIGURATION_SETS",
            "OPT_OUT_LISTS",
            "SENDER_IDS",
            "REGISTRATIONS",
            "REGISTRATION_ATTACHMENTS",
            "VERIFIED_DESTINATION_NUMBERS",
        }
        assert expected <= set(limits), sorted(limits)
        for limit in limits.values():
            assert 0 <= limit["Used"] <= limit["Max"], limit
        # A fresh account has the Default opt-out list at most; nothing else.
        assert limits["PHONE_NUMBERS"]["Used"] == 0, limits["PHONE_NUMBERS"]
        spend = {s["Name"]: s for s in v2.describe_spend_limits()["SpendLimits"]}
        for name in (
            "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
            "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
            "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
        ):
            assert name in spend, sorted(spend)
            assert spend[name]["Overridden"] is False, spend[name]
            assert 0 < spend[name]["EnforcedLimit"] <= spend[name]["MaxLimit"], spend[name]
        self.made["limits"] = limits
        return f"tier PRODUCTION, {len(limits)} limits, {len(spend)} spend limits"

    def spend_limits(self):
        v2 = self.c.v2
        out = v2.set_text_message_spend_limit_override(MonthlyLimit=50)
        assert out["MonthlyLimit"] == 50, out
        v2.set_voice_message_spend_limit_override(MonthlyLimit=20)
        spend = {s["Name"]: s for s in v2.describe_spend_limits()["SpendLimits"]}
        text = spend["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"]
        assert text["Overridden"] is True and text["EnforcedLimit"] == 50, text
        assert spend["VOICE_MESSAGE_MONTHLY_SPEND_LIMIT"]["EnforcedLimit"] == 20, spend
        deleted = v2.delete_voice_message_spend_limit_override()
        assert isinstance(deleted.get("MonthlyLimit"), int), deleted
        voice = {s["Name"]: s for s in v2.describe_spend_limits()["SpendLimits"]}[
            "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT"
        ]
        # "Deleting a spend limit override sets the EnforcedLimit equal to the MaxLimit".
        assert voice["Overridden"] is False and voice["EnforcedLimit"] == voice["MaxLimit"], voice
        assert deleted["MonthlyLimit"] == voice["EnforcedLimit"], (deleted, voice)
        v2.set_media_message_spend_limit_override(MonthlyLimit=5)
        media = {s["Name"]: s for s in v2.describe_spend_limits()["SpendLimits"]}[
            "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT"
        ]
        assert media["Overridden"] is True and media["EnforcedLimit"] == 5, media
        v2.delete_media_message_spend_limit_override()
        media = {s["Name"]: s for s in v2.describe_spend_limits()["SpendLimits"]}[
            "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT"
        ]
        assert media["Overridden"] is False, media
        # Above the service's maximum: refused.
        too_high = text["MaxLimit"] + 1
        error = expect_error(
            lambda: v2.set_text_message_spend_limit_override(MonthlyLimit=too_high), "ValidationException"
        )
        # The text override of 50 stays, for the restart.
        return f"text override 50 kept; {too_high} refused ({error.get('Reason')})"

    # --- phone numbers and pools ------------------------------------------------------------

    def request_number(self, **extra):
        out = self.c.v2.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS", "VOICE", "MMS"],
            NumberType="LONG_CODE",
            **extra,
        )
        assert E164_US.match(out["PhoneNumber"]), f"not a US E.164 number: {out['PhoneNumber']}"
        assert out["PhoneNumberId"] and out["PhoneNumberArn"].startswith("arn:aws:sms-voice:"), out
        assert out["Status"] in ("PENDING", "ACTIVE"), out
        return out

    def phone_numbers(self):
        v2 = self.c.v2
        first = self.request_number(
            DeletionProtectionEnabled=True, Tags=[{"Key": "team", "Value": "scenario"}]
        )
        assert first["DeletionProtectionEnabled"] is True, first
        assert first["IsoCountryCode"] == "US" and first["MessageType"] == "TRANSACTIONAL", first
        assert sorted(first["NumberCapabilities"]) == ["MMS", "SMS", "VOICE"], first
        assert first["Tags"] == [{"Key": "team", "Value": "scenario"}], first
        second = self.request_number()
        third = self.request_number()
        numbers = [first, second, third]
        assert len({n["PhoneNumber"] for n in numbers}) == 3, "requested numbers repeat"
        self.made["numbers"] = numbers
        ids = [n["PhoneNumberId"] for n in numbers]
        described = v2.describe_phone_numbers(PhoneNumberIds=ids)["PhoneNumbers"]
        assert sorted(d["PhoneNumberId"] for d in described) == sorted(ids), described
        by_id = {d["PhoneNumberId"]: d for d in described}
        assert by_id[ids[0]]["PhoneNumber"] == first["PhoneNumber"], by_id
        assert by_id[ids[0]]["Status"] == "ACTIVE", by_id[ids[0]]
        protected = v2.describe_phone_numbers(
            Filters=[{"Name": "deletion-protection-enabled", "Values": ["true"]}]
        )["PhoneNumbers"]
        assert [p["PhoneNumberId"] for p in protected] == [ids[0]], protected
        updated = v2.update_phone_number(PhoneNumberId=ids[1], SelfManagedOptOutsEnabled=True)
        assert updated["SelfManagedOptOutsEnabled"] is True, updated
        again = v2.describe_phone_numbers(PhoneNumberIds=[ids[1]])["PhoneNumbers"][0]
        assert again["SelfManagedOptOutsEnabled"] is True, again
        v2.update_phone_number(PhoneNumberId=ids[1], SelfManagedOptOutsEnabled=False)
        return ", ".join(n["PhoneNumber"] for n in numbers)

    def deletion_protection(self):
        (numbers,) = self.need("numbers")
        number = numbers[0]
        error = expect_error(
            lambda: self.c.v2.release_phone_number(PhoneNumberId=number["PhoneNumberId"]),
            "ConflictException",
            Reason="DELETION_PROTECTION_ENABLED",
            ResourceType="phone-number",
            ResourceId=number["PhoneNumberId"],
        )
        still = self.c.v2.describe_phone_numbers(PhoneNumberIds=[number["PhoneNumberId"]])["PhoneNumbers"]
        assert still and still[0]["Status"] == "ACTIVE", still
        return short(error)

    def pools(self):
        v2 = self.c.v2
        (numbers,) = self.need("numbers")
        pool = v2.create_pool(
            OriginationIdentity=numbers[0]["PhoneNumberArn"],
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            Tags=[{"Key": "team", "Value": "scenario"}],
        )
        assert pool["PoolId"] and pool["PoolArn"].startswith("arn:aws:sms-voice:"), pool
        assert pool["Status"] in ("CREATING", "ACTIVE"), pool
        assert pool["MessageType"] == "TRANSACTIONAL", pool
        self.made["pool_id"], self.made["pool_arn"] = pool["PoolId"], pool["PoolArn"]
        associated = v2.associate_origination_identity(
            PoolId=pool["PoolId"], OriginationIdentity=numbers[1]["PhoneNumberId"], IsoCountryCode="US"
        )
        assert associated["PoolId"] == pool["PoolId"], associated
        assert associated["OriginationIdentityArn"] == numbers[1]["PhoneNumberArn"], associated
        members = v2.list_pool_origination_identities(PoolId=pool["PoolId"])
        assert members["PoolId"] == pool["PoolId"], members
        arns = sorted(m["OriginationIdentityArn"] for m in members["OriginationIdentities"])
        assert arns == sorted([numbers[0]["PhoneNumberArn"], numbers[1]["PhoneNumberArn"]]), members
        updated = v2.update_pool(
            PoolId=pool["PoolId"], SharedRoutesEnabled=True, DeletionProtectionEnabled=True
        )
        assert (
            updated["SharedRoutesEnabled"] is True and updated["DeletionProtectionEnabled"] is True
        ), updated
        described = v2.describe_pools(PoolIds=[pool["PoolId"]])["Pools"]
        assert len(described) == 1 and described[0]["SharedRoutesEnabled"] is True, described
        assert described[0]["Status"] == "ACTIVE", described
        # A second pool, from the third number, that a later check deletes.
        other = v2.create_pool(
            OriginationIdentity=numbers[2]["PhoneNumberId"], IsoCountryCode="US", MessageType="TRANSACTIONAL"
        )
        self.made["other_pool_id"] = other["PoolId"]
        # The phone number's own description names its pool.
        second = v2.describe_phone_numbers(PhoneNumberIds=[numbers[1]["PhoneNumberId"]])["PhoneNumbers"][0]
        assert second.get("PoolId") == pool["PoolId"], second
        return f"{pool['PoolId']} with 2 numbers, {other['PoolId']} with 1"

    def number_in_two_pools(self):
        v2 = self.c.v2
        numbers, other = self.need("numbers", "other_pool_id")
        error = expect_error(
            lambda: v2.associate_origination_identity(
                PoolId=other, OriginationIdentity=numbers[1]["PhoneNumberId"], IsoCountryCode="US"
            ),
            "ConflictException",
        )
        assert error.get("ResourceType") == "phone-number", short(error)
        assert error.get("ResourceId") in (numbers[1]["PhoneNumberId"], numbers[1]["PhoneNumberArn"]), short(
            error
        )
        pooled = v2.describe_pools(PoolIds=[other])["Pools"][0]
        members = v2.list_pool_origination_identities(PoolId=other)["OriginationIdentities"]
        assert [m["OriginationIdentity"] for m in members] == [numbers[2]["PhoneNumberId"]], (pooled, members)
        return short(error)

    def keywords(self):
        v2 = self.c.v2
        (numbers,) = self.need("numbers")
        number = numbers[0]["PhoneNumberId"]
        put = v2.put_keyword(
            OriginationIdentity=number,
            Keyword="HELLO",
            KeywordMessage="Hi from the scenario",
            KeywordAction="AUTOMATIC_RESPONSE",
        )
        assert put["Keyword"] == "HELLO" and put["KeywordMessage"] == "Hi from the scenario", put
        assert put["OriginationIdentity"] == number, put
        v2.put_keyword(
            OriginationIdentity=number,
            Keyword="BYE",
            KeywordMessage="Bye",
            KeywordAction="AUTOMATIC_RESPONSE",
        )
        listed = v2.describe_keywords(OriginationIdentity=number)
        words = {k["Keyword"]: k for k in listed["Keywords"]}
        assert "HELLO" in words and "BYE" in words, words
        assert words["HELLO"]["KeywordMessage"] == "Hi from the scenario", words
        only = v2.describe_keywords(OriginationIdentity=number, Keywords=["HELLO"])["Keywords"]
        assert [k["Keyword"] for k in only] == ["HELLO"], only
        deleted = v2.delete_keyword(OriginationIdentity=number, Keyword="BYE")
        assert deleted["Keyword"] == "BYE", deleted
        left = {k["Keyword"] for k in v2.describe_keywords(OriginationIdentity=number)["Keywords"]}
        assert "BYE" not in left and "HELLO" in left, left
        error = expect_error(
            lambda: v2.delete_keyword(OriginationIdentity=number, Keyword="BYE"),
            "ResourceNotFoundException",
            ResourceType="keyword",
        )
        return f"HELLO kept, BYE deleted; then {short(error)}"

    def opt_out_lists(self):
        v2 = self.c.v2
        created = v2.create_opt_out_list(
            OptOutListName="scenario-list", Tags=[{"Key": "team", "Value": "scenario"}]
        )
        assert created["OptOutListName"] == "scenario-list" and created["OptOutListArn"], created
        self.made["opt_out_arn"] = created["OptOutListArn"]
        error = expect_error(
            lambda: v2.create_opt_out_list(OptOutListName="scenario-list"),
            "ConflictException",
            ResourceType="opt-out-list",
            ResourceId="scenario-list",
        )
        for number in (ALICE, CAROL):
            put = v2.put_opted_out_number(OptOutListName="scenario-list", OptedOutNumber=number)
            assert put["OptedOutNumber"] == number and put["OptOutListName"] == "scenario-list", put
        listed = v2.describe_opted_out_numbers(OptOutListName="scenario-list")["OptedOutNumbers"]
        assert sorted(n["OptedOutNumber"] for n in listed) == [ALICE, CAROL], listed
        deleted = v2.delete_opted_out_number(OptOutListName="scenario-list", OptedOutNumber=ALICE)
        assert deleted["OptedOutNumber"] == ALICE, deleted
        listed = v2.describe_opted_out_numbers(OptOutListName="scenario-list")["OptedOutNumbers"]
        assert [n["OptedOutNumber"] for n in listed] == [CAROL], listed
        lists = v2.describe_opt_out_lists(OptOutListNames=["scenario-list"])["OptOutLists"]
        assert [l["OptOutListName"] for l in lists] == ["scenario-list"], lists
        every = {l["OptOutListName"] for l in v2.describe_opt_out_lists()["OptOutLists"]}
        assert "Default" in every, every
        missing = expect_error(
            lambda: v2.describe_opted_out_numbers(OptOutListName="scenario-missing"),
            "ResourceNotFoundException",
            ResourceType="opt-out-list",
            ResourceId="scenario-missing",
        )
        return f"{CAROL} opted out of scenario-list; duplicate: {error['Reason']}; missing list: {missing['ResourceType']}"

    def sender_ids(self):
        v2 = self.c.v2
        out = v2.request_sender_id(SenderId="SCENARIO", IsoCountryCode="GB", MessageTypes=["TRANSACTIONAL"])
        assert out["SenderId"] == "SCENARIO" and out["IsoCountryCode"] == "GB", out
        assert out["SenderIdArn"].startswith("arn:aws:sms-voice:"), out
        self.made["sender_id_arn"] = out["SenderIdArn"]
        updated = v2.update_sender_id(
            SenderId="SCENARIO", IsoCountryCode="GB", DeletionProtectionEnabled=True
        )
        assert updated["DeletionProtectionEnabled"] is True, updated
        described = v2.describe_sender_ids(SenderIds=[{"SenderId": "SCENARIO", "IsoCountryCode": "GB"}])[
            "SenderIds"
        ]
        assert len(described) == 1 and described[0]["DeletionProtectionEnabled"] is True, described
        error = expect_error(
            lambda: v2.release_sender_id(SenderId="SCENARIO", IsoCountryCode="GB"),
            "ConflictException",
            Reason="DELETION_PROTECTION_ENABLED",
            ResourceType="sender-id",
        )
        v2.request_sender_id(SenderId="SCENTWO", IsoCountryCode="GB")
        released = v2.release_sender_id(SenderId="SCENTWO", IsoCountryCode="GB")
        assert released["SenderId"] == "SCENTWO", released
        gone = expect_error(
            lambda: v2.describe_sender_ids(SenderIds=[{"SenderId": "SCENTWO", "IsoCountryCode": "GB"}]),
            "ResourceNotFoundException",
            ResourceType="sender-id",
        )
        return f"SCENARIO/GB protected ({error['Reason']}), SCENTWO released ({gone['ResourceId']})"

    # --- configuration sets and pagination ------------------------------------------------------

    def configuration_sets(self):
        v2 = self.c.v2
        names = [f"scenario-set-{i}" for i in range(1, 8)]
        for name in names[:5]:
            out = v2.create_configuration_set(
                ConfigurationSetName=name, Tags=[{"Key": "team", "Value": "scenario"}]
            )
            assert out["ConfigurationSetName"] == name and out["ConfigurationSetArn"].endswith(name), out
        for name in names[5:]:
            out = self.c.cli(
                "pinpoint-sms-voice-v2", "create-configuration-set", "--configuration-set-name", name
            )
            assert out["ConfigurationSetName"] == name, out
        self.made["set_names"] = names
        self.made["set_arn"] = v2.describe_configuration_sets(ConfigurationSetNames=[names[0]])[
            "ConfigurationSets"
        ][0]["ConfigurationSetArn"]
        return f"{len(names)} sets (5 by boto3, 2 by the CLI)"

    def paginate_boto3(self):
        (names,) = self.need("set_names")
        paginator = self.c.v2.get_paginator("describe_configuration_sets")
        pages = list(paginator.paginate(PaginationConfig={"PageSize": 3}))
        sizes = [len(p["ConfigurationSets"]) for p in pages]
        # Seven sets (and no others yet): pages of 3, 3 and 1.
        assert (
            len(pages) >= 3 and all(n == 3 for n in sizes[:-1]) and 1 <= sizes[-1] <= 3
        ), f"page sizes {sizes}"
        assert all("NextToken" in p for p in pages[:-1]) and "NextToken" not in pages[-1], pages
        seen = [s["ConfigurationSetName"] for p in pages for s in p["ConfigurationSets"]]
        assert set(names) <= set(seen) and len(seen) == len(set(seen)), seen
        again = [
            s["ConfigurationSetName"]
            for p in paginator.paginate(PaginationConfig={"PageSize": 3})
            for s in p["ConfigurationSets"]
        ]
        assert again == seen, f"order not stable: {seen} then {again}"
        # MaxItems stops early and resumes from the token the paginator gives.
        first = paginator.paginate(PaginationConfig={"PageSize": 2, "MaxItems": 4}).build_full_result()
        rest = paginator.paginate(
            PaginationConfig={"PageSize": 2, "StartingToken": first["NextToken"]}
        ).build_full_result()
        resumed = [s["ConfigurationSetName"] for s in first["ConfigurationSets"] + rest["ConfigurationSets"]]
        assert resumed == seen, f"resumed {resumed}, expected {seen}"
        # Phone numbers page too, one a page.
        numbers = self.c.v2.get_paginator("describe_phone_numbers")
        pages = list(numbers.paginate(PaginationConfig={"PageSize": 1}))
        count = sum(len(p["PhoneNumbers"]) for p in pages)
        assert len(pages) >= 3 and count == len(pages), f"{len(pages)} pages, {count} numbers"
        return f"sets in pages of {sizes}, stable order, resumed after MaxItems; {len(pages)} pages of phone numbers"

    def paginate_cli(self):
        (names,) = self.need("set_names")
        cli = self.c.cli
        sizes, seen, token = [], [], None
        for _ in range(20):
            args = ["--max-results", "3", "--no-paginate"]
            if token:
                args += ["--next-token", token]
            page = cli("pinpoint-sms-voice-v2", "describe-configuration-sets", *args)
            sizes.append(len(page["ConfigurationSets"]))
            seen += [s["ConfigurationSetName"] for s in page["ConfigurationSets"]]
            token = page.get("NextToken")
            if not token:
                break
        assert len(sizes) >= 3 and all(n == 3 for n in sizes[:-1]), f"page sizes {sizes}"
        assert set(names) <= set(seen) and len(seen) == len(set(seen)), seen
        # The CLI's own paging follows NextToken and merges the pages.
        merged = cli("pinpoint-sms-voice-v2", "describe-configuration-sets", "--page-size", "3")
        assert [s["ConfigurationSetName"] for s in merged["ConfigurationSets"]] == seen, merged
        return f"pages of {sizes} by hand, merged by --page-size"

    def bad_token(self):
        error = expect_error(
            lambda: self.c.v2.describe_configuration_sets(NextToken="not-a-token-we-made"),
            "ValidationException",
        )
        fields = [f["Name"] for f in error.get("Fields", [])]
        assert any("NextToken" in f for f in fields), short(error)
        return short(error)

    def event_destinations(self):
        v2 = self.c.v2
        (names,) = self.need("set_names")
        name = names[0]
        created = v2.create_event_destination(
            ConfigurationSetName=name,
            EventDestinationName="scenario-logs",
            MatchingEventTypes=["ALL"],
            CloudWatchLogsDestination={"IamRoleArn": ROLE, "LogGroupArn": LOG_GROUP},
        )
        assert created["ConfigurationSetName"] == name, created
        destination = created["EventDestination"]
        assert (
            destination["EventDestinationName"] == "scenario-logs" and destination["Enabled"] is True
        ), destination
        v2.create_event_destination(
            ConfigurationSetName=name,
            EventDestinationName="scenario-firehose",
            MatchingEventTypes=["TEXT_DELIVERED"],
            KinesisFirehoseDestination={"IamRoleArn": ROLE, "DeliveryStreamArn": FIREHOSE},
        )
        updated = v2.update_event_destination(
            ConfigurationSetName=name,
            EventDestinationName="scenario-logs",
            Enabled=False,
            MatchingEventTypes=["TEXT_SUCCESSFUL", "TEXT_DELIVERED"],
        )
        assert updated["EventDestination"]["Enabled"] is False, updated
        assert sorted(updated["EventDestination"]["MatchingEventTypes"]) == [
            "TEXT_DELIVERED",
            "TEXT_SUCCESSFUL",
        ], updated
        # "The TEXT_SENT event type is not supported."
        expect_error(
            lambda: v2.update_event_destination(
                ConfigurationSetName=name,
                EventDestinationName="scenario-logs",
                MatchingEventTypes=["TEXT_SENT"],
            ),
            "ValidationException",
        )
        deleted = v2.delete_event_destination(
            ConfigurationSetName=name, EventDestinationName="scenario-firehose"
        )
        assert deleted["EventDestination"]["EventDestinationName"] == "scenario-firehose", deleted
        missing = expect_error(
            lambda: v2.delete_event_destination(
                ConfigurationSetName=name, EventDestinationName="scenario-firehose"
            ),
            "ResourceNotFoundException",
            ResourceType="event-destination",
        )
        typed = v2.set_default_message_type(ConfigurationSetName=name, MessageType="PROMOTIONAL")
        assert typed["MessageType"] == "PROMOTIONAL", typed
        sender = v2.set_default_sender_id(ConfigurationSetName=name, SenderId="SCENARIO")
        assert sender["SenderId"] == "SCENARIO", sender
        feedback = v2.set_default_message_feedback_enabled(
            ConfigurationSetName=name, MessageFeedbackEnabled=True
        )
        assert feedback["MessageFeedbackEnabled"] is True, feedback
        described = v2.describe_configuration_sets(ConfigurationSetNames=[name])["ConfigurationSets"][0]
        assert described["DefaultMessageType"] == "PROMOTIONAL", described
        assert described["DefaultSenderId"] == "SCENARIO", described
        assert described.get("DefaultMessageFeedbackEnabled") is True, described
        assert [d["EventDestinationName"] for d in described["EventDestinations"]] == [
            "scenario-logs"
        ], described
        # Defaults on another set, then removed.
        other = names[1]
        v2.set_default_message_type(ConfigurationSetName=other, MessageType="TRANSACTIONAL")
        v2.set_default_sender_id(ConfigurationSetName=other, SenderId="SCENARIO")
        removed = v2.delete_default_message_type(ConfigurationSetName=other)
        assert removed["MessageType"] == "TRANSACTIONAL", removed
        removed = v2.delete_default_sender_id(ConfigurationSetName=other)
        assert removed["SenderId"] == "SCENARIO", removed
        plain = v2.describe_configuration_sets(ConfigurationSetNames=[other])["ConfigurationSets"][0]
        assert "DefaultMessageType" not in plain and "DefaultSenderId" not in plain, plain
        filtered = v2.describe_configuration_sets(
            Filters=[{"Name": "default-message-type", "Values": ["PROMOTIONAL"]}]
        )["ConfigurationSets"]
        assert [s["ConfigurationSetName"] for s in filtered] == [name], filtered
        return f"{name}: 1 destination (disabled), PROMOTIONAL, sender SCENARIO, feedback on; missing: {missing['ResourceId']}"

    def duplicate_config_set(self):
        (names,) = self.need("set_names")
        error = expect_error(
            lambda: self.c.v2.create_configuration_set(ConfigurationSetName=names[0]),
            "ConflictException",
            Reason="RESOURCE_ALREADY_EXISTS",
            ResourceType="configuration-set",
            ResourceId=names[0],
        )
        return short(error)

    # --- tags and policies ----------------------------------------------------------------------

    def tags(self):
        v2 = self.c.v2
        pool_arn, set_arn, numbers = self.need("pool_arn", "set_arn", "numbers")
        listed = v2.list_tags_for_resource(ResourceArn=pool_arn)
        assert listed["ResourceArn"] == pool_arn and listed["Tags"] == [
            {"Key": "team", "Value": "scenario"}
        ], listed
        v2.tag_resource(
            ResourceArn=pool_arn, Tags=[{"Key": "env", "Value": "test"}, {"Key": "team", "Value": "sms"}]
        )
        tags = {t["Key"]: t["Value"] for t in v2.list_tags_for_resource(ResourceArn=pool_arn)["Tags"]}
        assert tags == {"env": "test", "team": "sms"}, tags
        v2.untag_resource(ResourceArn=pool_arn, TagKeys=["env"])
        tags = {t["Key"]: t["Value"] for t in v2.list_tags_for_resource(ResourceArn=pool_arn)["Tags"]}
        assert tags == {"team": "sms"}, tags
        v2.tag_resource(ResourceArn=set_arn, Tags=[{"Key": "kept", "Value": "yes"}])
        number_tags = v2.list_tags_for_resource(ResourceArn=numbers[0]["PhoneNumberArn"])["Tags"]
        assert number_tags == [{"Key": "team", "Value": "scenario"}], number_tags
        missing = "arn:aws:sms-voice:us-east-1:123456789012:pool/pool-doesnotexist"
        error = expect_error(
            lambda: v2.list_tags_for_resource(ResourceArn=missing),
            "ResourceNotFoundException",
            ResourceId=missing,
        )
        return f"pool tags {tags}; unknown ARN: {error['ResourceType']}"

    def policies(self):
        v2 = self.c.v2
        (numbers,) = self.need("numbers")
        arn = numbers[2]["PhoneNumberArn"]
        policy = json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "Share",
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                        "Action": ["sms-voice:SendTextMessage"],
                        "Resource": arn,
                    }
                ],
            }
        )
        put = v2.put_resource_policy(ResourceArn=arn, Policy=policy)
        assert put["ResourceArn"] == arn and json.loads(put["Policy"]) == json.loads(policy), put
        got = v2.get_resource_policy(ResourceArn=arn)
        assert json.loads(got["Policy"]) == json.loads(policy), got
        deleted = v2.delete_resource_policy(ResourceArn=arn)
        assert deleted["ResourceArn"] == arn, deleted
        try:
            after = v2.get_resource_policy(ResourceArn=arn)
            assert not after.get("Policy"), f"the policy is still there: {after}"
        except ClientError as e:
            assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response
        missing = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-doesnotexist"
        error = expect_error(
            lambda: v2.put_resource_policy(ResourceArn=missing, Policy=policy),
            "ResourceNotFoundException",
            ResourceId=missing,
        )
        # A policy that stays, for the restart.
        v2.put_resource_policy(ResourceArn=arn, Policy=policy)
        self.made["policy"] = (arn, policy)
        return f"put, read, deleted, put again; unknown ARN: {error['ResourceType']}"

    # --- sending --------------------------------------------------------------------------------

    def sending(self):
        v2 = self.c.v2
        numbers, names = self.need("numbers", "set_names")
        origin = numbers[0]
        text = v2.send_text_message(
            DestinationPhoneNumber=BOB,
            OriginationIdentity=origin["PhoneNumberId"],
            MessageBody="Hello from the scenario",
            MessageType="TRANSACTIONAL",
            ConfigurationSetName=names[0],
            Context={"campaign": "scenario"},
        )
        assert text["MessageId"], text
        voice = v2.send_voice_message(
            DestinationPhoneNumber=BOB,
            OriginationIdentity=origin["PhoneNumber"],
            MessageBody="Your code is 1 2 3 4",
            MessageBodyTextType="TEXT",
            VoiceId="JOANNA",
        )
        assert voice["MessageId"] and voice["MessageId"] != text["MessageId"], voice
        pooled = v2.send_text_message(
            DestinationPhoneNumber=BOB,
            OriginationIdentity=self.need("pool_id")[0],
            MessageBody="From the pool",
        )
        media = v2.send_media_message(
            DestinationPhoneNumber=BOB,
            OriginationIdentity=origin["PhoneNumberArn"],
            MessageBody="A picture",
            MediaUrls=["s3://scenario-bucket/picture.jpg"],
        )
        assert media["MessageId"], media
        by_cli = self.c.cli(
            "pinpoint-sms-voice-v2",
            "send-text-message",
            "--destination-phone-number",
            BOB,
            "--origination-identity",
            origin["PhoneNumberId"],
            "--message-body",
            "Hello from the AWS CLI",
        )
        assert by_cli["MessageId"], by_cli
        self.made["sent"] = {
            "text": text["MessageId"],
            "voice": voice["MessageId"],
            "pool": pooled["MessageId"],
            "media": media["MessageId"],
            "cli": by_cli["MessageId"],
        }
        before = len(self.messages())
        dry = v2.send_text_message(
            DestinationPhoneNumber=BOB,
            OriginationIdentity=origin["PhoneNumberId"],
            MessageBody="dry",
            DryRun=True,
        )
        after = len(self.messages())
        assert after == before, f"a dry run recorded a message ({before} -> {after}): {dry}"
        feedback = v2.put_message_feedback(MessageId=text["MessageId"], MessageFeedbackStatus="RECEIVED")
        assert (
            feedback["MessageId"] == text["MessageId"] and feedback["MessageFeedbackStatus"] == "RECEIVED"
        ), feedback
        missing = expect_error(
            lambda: v2.put_message_feedback(MessageId="msg-doesnotexist", MessageFeedbackStatus="RECEIVED"),
            "ResourceNotFoundException",
            ResourceType="message",
            ResourceId="msg-doesnotexist",
        )
        price = expect_error(
            lambda: v2.send_text_message(
                DestinationPhoneNumber=BOB,
                OriginationIdentity=origin["PhoneNumberId"],
                MessageBody="too dear",
                MaxPrice="0.00001",
            ),
            "ValidationException",
            Reason="PRICE_OVER_THRESHOLD",
        )
        assert [f["Name"] for f in price["Fields"]] == ["MaxPrice"], short(price)
        unknown = expect_error(
            lambda: v2.send_text_message(
                DestinationPhoneNumber=BOB, OriginationIdentity="phone-doesnotexist", MessageBody="x"
            ),
            "ResourceNotFoundException",
            ResourceId="phone-doesnotexist",
        )
        return (
            f"text {text['MessageId']}, voice {voice['MessageId']}; unknown message: "
            f"{missing['ResourceType']}, unknown origin: {unknown['ResourceType']}"
        )

    def spend_limit_reached(self):
        v2 = self.c.v2
        (numbers,) = self.need("numbers")
        v2.set_text_message_spend_limit_override(MonthlyLimit=0)
        try:
            error = expect_error(
                lambda: v2.send_text_message(
                    DestinationPhoneNumber=ALICE,
                    OriginationIdentity=numbers[0]["PhoneNumberId"],
                    MessageBody="over",
                ),
                "ServiceQuotaExceededException",
                Reason="MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT",
            )
        finally:
            v2.set_text_message_spend_limit_override(MonthlyLimit=50)
        sent = v2.send_text_message(
            DestinationPhoneNumber=ALICE, OriginationIdentity=numbers[0]["PhoneNumberId"], MessageBody="under"
        )
        assert sent["MessageId"], sent
        return f"limit 0: {short(error)}; limit 50: sent"

    def messages(self):
        """The emulator's record of messages (its JSON API), each with at least `id`,
        `destination`, `origination`, `body` and `events` (as the JSON API names them)."""
        status, body = self.c.emu("GET", "/_emulator/messages")
        assert status == 200, f"GET /_emulator/messages answered {status}: {str(body)[:300]}"
        items = body.get("messages", body) if isinstance(body, dict) else body
        assert isinstance(items, list), f"GET /_emulator/messages: not a list: {str(body)[:300]}"
        return [normalize_message(m) for m in items]

    def emulator_messages(self):
        (sent,) = self.need("sent")
        messages = {m["id"]: m for m in self.messages()}
        for kind, message_id in sent.items():
            assert message_id in messages, f"{kind} message {message_id} not listed: {list(messages)}"
        text = messages[sent["text"]]
        assert text["destination"] == BOB, text
        assert text["body"] == "Hello from the scenario", text
        assert text["events"], f"no events for the text message: {text}"
        return f"{len(messages)} messages, text message events {text['events']}"

    def inbound_stop(self):
        v2 = self.c.v2
        (numbers,) = self.need("numbers")
        origin = numbers[0]
        list_name = v2.describe_phone_numbers(PhoneNumberIds=[origin["PhoneNumberId"]])["PhoneNumbers"][0][
            "OptOutListName"
        ]
        status, body = self.c.emu(
            "POST",
            "/_emulator/inbound",
            {"from": BOB, "to": origin["PhoneNumber"], "body": "STOP"},
        )
        assert status in (200, 201, 202), f"POST /_emulator/inbound answered {status}: {str(body)[:300]}"
        assert body.get("opted_out") is True and body.get("opt_out_list") == list_name, body
        opted = v2.describe_opted_out_numbers(OptOutListName=list_name, OptedOutNumbers=[BOB])[
            "OptedOutNumbers"
        ]
        assert [o["OptedOutNumber"] for o in opted] == [BOB], f"{BOB} not in {list_name} after STOP: {opted}"
        error = expect_error(
            lambda: v2.send_text_message(
                DestinationPhoneNumber=BOB,
                OriginationIdentity=origin["PhoneNumberId"],
                MessageBody="still there?",
            ),
            "ConflictException",
            Reason="DESTINATION_PHONE_NUMBER_OPTED_OUT",
        )
        # A keyword gets its configured response.
        status, body = self.c.emu(
            "POST",
            "/_emulator/inbound",
            {"from": CAROL, "to": origin["PhoneNumber"], "body": "HELLO"},
        )
        assert status in (200, 201, 202), f"POST /_emulator/inbound answered {status}: {str(body)[:300]}"
        replies = [
            m for m in self.messages() if m["destination"] == CAROL and m["body"] == "Hi from the scenario"
        ]
        assert replies, "no keyword response to HELLO"
        return f"{BOB} opted out of {list_name}; send refused: {short(error)}"

    def faults(self):
        # Clients that try once: the scenario's own clients retry a throttle once.
        once = dict(
            endpoint_url=self.c.url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"total_max_attempts": 1}),
        )
        v2 = boto3.client("pinpoint-sms-voice-v2", **once)
        v1 = boto3.client("pinpoint-sms-voice", **once)

        def inject(fault):
            status, body = self.c.emu("POST", "/_emulator/faults", fault)
            assert status == 201, f"POST /_emulator/faults answered {status}: {str(body)[:300]}"

        inject({"operation": "DescribePools", "error": "ThrottlingException"})
        expect_error(lambda: v2.describe_pools(), "ThrottlingException")
        inject({"operation": "DescribeSpendLimits", "error": "AccessDeniedException", "message": "denied"})
        expect_error(lambda: v2.describe_spend_limits(), "AccessDeniedException", Reason="ACCOUNT_DISABLED")
        inject({"operation": "DescribeKeywords", "error": "InternalServerException"})
        expect_error(
            lambda: v2.describe_keywords(OriginationIdentity="phone-00000000000000000000000000000000"),
            "InternalServerException",
            status=500,
        )
        inject({"operation": "ListConfigurationSets", "service": "v1", "error": "ThrottlingException"})
        expect_error(lambda: v1.list_configuration_sets(), "TooManyRequestsException", status=429)
        # v1's 500 has the name the service gives it, so boto3 raises its typed exception.
        inject({"operation": "ListConfigurationSets", "service": "v1", "error": "InternalServerException"})
        try:
            v1.list_configuration_sets()
            raise AssertionError("the injected v1 500 did not fail the call")
        except v1.exceptions.InternalServiceErrorException as e:
            status = e.response["ResponseMetadata"]["HTTPStatusCode"]
            assert status == 500, f"v1 InternalServiceErrorException with status {status}"
        # A client with retries on (boto3's standard mode) rides out a short throttle.
        inject({"operation": "DescribeAccountLimits", "error": "ThrottlingException", "count": 2})
        retrying = boto3.client(
            "pinpoint-sms-voice-v2",
            endpoint_url=self.c.url,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 3, "mode": "standard"}),
        )
        answer = retrying.describe_account_limits()
        attempts = answer["ResponseMetadata"]["RetryAttempts"]
        assert attempts == 2, f"expected 2 retries, boto3 made {attempts}"
        status, body = self.c.emu("GET", "/_emulator/faults")
        assert status == 200 and body["faults"] == [], f"faults left: {body}"
        return "each error answered once; boto3 succeeded after 2 retries"

    # --- errors ---------------------------------------------------------------------------------

    def not_found(self):
        v2 = self.c.v2
        cases = [
            ("pool", "pool-doesnotexist", lambda: v2.describe_pools(PoolIds=["pool-doesnotexist"])),
            (
                "phone-number",
                "phone-doesnotexist",
                lambda: v2.describe_phone_numbers(PhoneNumberIds=["phone-doesnotexist"]),
            ),
            (
                "configuration-set",
                "scenario-missing",
                lambda: v2.describe_configuration_sets(ConfigurationSetNames=["scenario-missing"]),
            ),
            (
                "opt-out-list",
                "scenario-missing",
                lambda: v2.delete_opt_out_list(OptOutListName="scenario-missing"),
            ),
            (
                "configuration-set",
                "scenario-missing",
                lambda: v2.send_text_message(
                    DestinationPhoneNumber=ALICE, MessageBody="x", ConfigurationSetName="scenario-missing"
                ),
            ),
            (
                "protect-configuration",
                "protect-doesnotexist",
                lambda: v2.delete_protect_configuration(ProtectConfigurationId="protect-doesnotexist"),
            ),
            (
                "registration",
                "registration-doesnotexist",
                lambda: v2.delete_registration(RegistrationId="registration-doesnotexist"),
            ),
            (
                "verified-destination-number",
                "verified-doesnotexist",
                lambda: v2.delete_verified_destination_number(
                    VerifiedDestinationNumberId="verified-doesnotexist"
                ),
            ),
        ]
        failures = []
        for resource_type, resource_id, call in cases:
            try:
                expect_error(
                    call, "ResourceNotFoundException", ResourceType=resource_type, ResourceId=resource_id
                )
            except AssertionError as e:
                failures.append(f"{resource_type}: {e}")
            except Exception as e:  # noqa: BLE001
                failures.append(f"{resource_type}: {e!r}")
        assert not failures, "; ".join(failures)
        return f"{len(cases)} resource types"

    def validation(self):
        loose = self.c.v2_loose
        error = expect_error(lambda: loose.describe_pools(MaxResults=0), "ValidationException")
        fields = [f["Name"] for f in error.get("Fields", [])]
        assert any(f.endswith("MaxResults") for f in fields), short(error)
        both = expect_error(
            lambda: loose.send_text_message(DestinationPhoneNumber="not a number", MessageBody=""),
            "ValidationException",
        )
        names = sorted({f["Name"].lstrip("/") for f in both.get("Fields", [])})
        assert names == ["DestinationPhoneNumber", "MessageBody"], short(both)
        assert all(f.get("Message") for f in both["Fields"]), short(both)
        enum = expect_error(
            lambda: loose.create_pool(OriginationIdentity="x", IsoCountryCode="US", MessageType="LOUD"),
            "ValidationException",
        )
        assert any(f["Name"].endswith("MessageType") for f in enum.get("Fields", [])), short(enum)
        return f"Reason {error.get('Reason')}, Fields {names}"

    def cli_error(self):
        message = self.c.cli(
            "pinpoint-sms-voice-v2",
            "describe-pools",
            "--pool-ids",
            "pool-doesnotexist",
            error="ResourceNotFoundException",
        )
        return message

    # --- verification, lookup, protect, registrations ------------------------------------------

    def verification(self):
        v2 = self.c.v2
        created = v2.create_verified_destination_number(
            DestinationPhoneNumber=DAVE, Tags=[{"Key": "team", "Value": "scenario"}]
        )
        assert created["DestinationPhoneNumber"] == DAVE and created["Status"] == "PENDING", created
        vid = created["VerifiedDestinationNumberId"]
        sent = v2.send_destination_number_verification_code(
            VerifiedDestinationNumberId=vid, VerificationChannel="TEXT"
        )
        assert sent["MessageId"], sent
        codes = [m for m in self.messages() if m["id"] == sent["MessageId"]]
        assert codes, f"the verification message {sent['MessageId']} is not listed"
        found = re.findall(r"\d{4,10}", codes[0]["body"])
        assert found, f"no code in {codes[0]['body']!r}"
        code = found[-1]
        wrong = "0" * len(code) if code != "0" * len(code) else "1" * len(code)
        mismatch = expect_error(
            lambda: v2.verify_destination_number(VerifiedDestinationNumberId=vid, VerificationCode=wrong),
            "ValidationException",
        )
        verified = v2.verify_destination_number(VerifiedDestinationNumberId=vid, VerificationCode=code)
        assert verified["Status"] == "VERIFIED", verified
        listed = v2.describe_verified_destination_numbers(VerifiedDestinationNumberIds=[vid])[
            "VerifiedDestinationNumbers"
        ]
        assert len(listed) == 1 and listed[0]["Status"] == "VERIFIED", listed
        again = expect_error(
            lambda: v2.verify_destination_number(VerifiedDestinationNumberId=vid, VerificationCode=code),
            "ConflictException",
        )
        other = v2.create_verified_destination_number(DestinationPhoneNumber=CAROL)
        deleted = v2.delete_verified_destination_number(
            VerifiedDestinationNumberId=other["VerifiedDestinationNumberId"]
        )
        assert deleted["DestinationPhoneNumber"] == CAROL, deleted
        self.made["verified_id"] = vid
        return f"{DAVE} verified with code {code}; wrong code: {mismatch.get('Reason')}; twice: {again.get('Reason')}"

    def carrier_lookup(self):
        out = self.c.v2.carrier_lookup(PhoneNumber=ALICE)
        assert out["E164PhoneNumber"] == ALICE, out
        assert out["Country"] and out["PhoneNumberType"], out
        error = expect_error(lambda: self.c.v2_loose.carrier_lookup(PhoneNumber="12"), "ValidationException")
        return f"{out['Country']} {out['PhoneNumberType']} {out.get('Carrier', '')}; bad number: {error.get('Reason')}"

    def protect(self):
        v2 = self.c.v2
        (names,) = self.need("set_names")
        created = v2.create_protect_configuration(
            DeletionProtectionEnabled=True, Tags=[{"Key": "team", "Value": "scenario"}]
        )
        pid = created["ProtectConfigurationId"]
        assert created["ProtectConfigurationArn"].startswith("arn:aws:sms-voice:"), created
        assert created["DeletionProtectionEnabled"] is True and created["AccountDefault"] is False, created
        self.made["protect_id"] = pid
        rules = v2.get_protect_configuration_country_rule_set(
            ProtectConfigurationId=pid, NumberCapability="SMS"
        )
        assert rules["NumberCapability"] == "SMS" and "US" in rules["CountryRuleSet"], rules
        updated = v2.update_protect_configuration_country_rule_set(
            ProtectConfigurationId=pid,
            NumberCapability="SMS",
            CountryRuleSetUpdates={"GB": {"ProtectStatus": "BLOCK"}},
        )
        assert updated["CountryRuleSet"]["GB"]["ProtectStatus"] == "BLOCK", updated["CountryRuleSet"].get(
            "GB"
        )
        rules = v2.get_protect_configuration_country_rule_set(
            ProtectConfigurationId=pid, NumberCapability="SMS"
        )
        assert rules["CountryRuleSet"]["GB"]["ProtectStatus"] == "BLOCK", rules["CountryRuleSet"].get("GB")
        override = v2.put_protect_configuration_rule_set_number_override(
            ProtectConfigurationId=pid, DestinationPhoneNumber=CAROL, Action="ALLOW"
        )
        assert override["DestinationPhoneNumber"] == CAROL and override["Action"] == "ALLOW", override
        v2.put_protect_configuration_rule_set_number_override(
            ProtectConfigurationId=pid, DestinationPhoneNumber=ALICE, Action="BLOCK"
        )
        listed = v2.list_protect_configuration_rule_set_number_overrides(ProtectConfigurationId=pid)
        assert sorted(o["DestinationPhoneNumber"] for o in listed["RuleSetNumberOverrides"]) == [
            ALICE,
            CAROL,
        ], listed
        removed = v2.delete_protect_configuration_rule_set_number_override(
            ProtectConfigurationId=pid, DestinationPhoneNumber=ALICE
        )
        assert removed["DestinationPhoneNumber"] == ALICE, removed
        associated = v2.associate_protect_configuration(
            ProtectConfigurationId=pid, ConfigurationSetName=names[2]
        )
        assert associated["ProtectConfigurationId"] == pid, associated
        described = v2.describe_configuration_sets(ConfigurationSetNames=[names[2]])["ConfigurationSets"][0]
        assert described.get("ProtectConfigurationId") == pid, described
        v2.disassociate_protect_configuration(ProtectConfigurationId=pid, ConfigurationSetName=names[2])
        default = v2.set_account_default_protect_configuration(ProtectConfigurationId=pid)
        assert default["DefaultProtectConfigurationId"] == pid, default
        shown = v2.describe_protect_configurations(ProtectConfigurationIds=[pid])["ProtectConfigurations"][0]
        assert shown["AccountDefault"] is True, shown
        v2.delete_account_default_protect_configuration()
        error = expect_error(
            lambda: v2.delete_protect_configuration(ProtectConfigurationId=pid),
            "ConflictException",
            Reason="DELETION_PROTECTION_ENABLED",
            ResourceType="protect-configuration",
            ResourceId=pid,
        )
        spare = v2.create_protect_configuration()
        gone = v2.delete_protect_configuration(ProtectConfigurationId=spare["ProtectConfigurationId"])
        assert gone["ProtectConfigurationId"] == spare["ProtectConfigurationId"], gone
        return f"{pid}: GB blocked, {CAROL} allowed, protected ({error['Reason']})"

    def registrations(self):
        v2 = self.c.v2
        types = v2.describe_registration_type_definitions()["RegistrationTypeDefinitions"]
        assert types, "no registration types"
        kinds = [t["RegistrationType"] for t in types]
        kind = "US_TEN_DLC_BRAND_REGISTRATION" if "US_TEN_DLC_BRAND_REGISTRATION" in kinds else kinds[0]
        created = v2.create_registration(RegistrationType=kind, Tags=[{"Key": "team", "Value": "scenario"}])
        rid = created["RegistrationId"]
        assert created["RegistrationStatus"] == "CREATED" and created["CurrentVersionNumber"] == 1, created
        self.made["registration_id"] = rid
        sections = v2.describe_registration_section_definitions(RegistrationType=kind)[
            "RegistrationSectionDefinitions"
        ]
        assert sections, f"no sections for {kind}"
        fields = v2.describe_registration_field_definitions(RegistrationType=kind)[
            "RegistrationFieldDefinitions"
        ]
        text_fields = [f for f in fields if f["FieldType"] == "TEXT"]
        assert text_fields, f"no TEXT field for {kind}"
        field = text_fields[0]["FieldPath"]
        put = v2.put_registration_field_value(RegistrationId=rid, FieldPath=field, TextValue="Scenario Inc")
        assert put["FieldPath"] == field and put["TextValue"] == "Scenario Inc", put
        values = v2.describe_registration_field_values(RegistrationId=rid)["RegistrationFieldValues"]
        assert {v["FieldPath"]: v.get("TextValue") for v in values}.get(field) == "Scenario Inc", values
        self.made["registration_field"] = field
        unknown = expect_error(
            lambda: v2.put_registration_field_value(
                RegistrationId=rid, FieldPath="no.such.field", TextValue="x"
            ),
            "ValidationException",
        )
        versions = v2.describe_registration_versions(RegistrationId=rid)["RegistrationVersions"]
        # (VersionNumber is not read: the model's RegistrationVersionInformation lacks it.)
        assert [v["RegistrationVersionStatus"] for v in versions] == ["DRAFT"], versions
        listed = v2.describe_registrations(RegistrationIds=[rid])["Registrations"]
        assert listed[0]["RegistrationType"] == kind, listed
        attachment = v2.create_registration_attachment(AttachmentBody=b"%PDF-1.4 scenario")
        aid = attachment["RegistrationAttachmentId"]
        assert attachment["AttachmentStatus"] in ("UPLOAD_IN_PROGRESS", "UPLOAD_COMPLETE"), attachment
        described = v2.describe_registration_attachments(RegistrationAttachmentIds=[aid])[
            "RegistrationAttachments"
        ]
        assert described[0]["RegistrationAttachmentId"] == aid, described
        self.made["attachment_id"] = aid
        # The version workflow, on a second registration: a draft blocks a new version; a
        # field value is deleted; the incomplete draft is submitted (and denied); a new
        # draft opens and is discarded.
        spare = v2.create_registration(RegistrationType=kind)["RegistrationId"]
        v2.put_registration_field_value(RegistrationId=spare, FieldPath=field, TextValue="Spare Inc")
        removed = v2.delete_registration_field_value(RegistrationId=spare, FieldPath=field)
        assert removed["FieldPath"] == field, removed
        values = v2.describe_registration_field_values(RegistrationId=spare)["RegistrationFieldValues"]
        assert field not in {v["FieldPath"] for v in values}, values
        blocked = expect_error(
            lambda: v2.create_registration_version(RegistrationId=spare),
            "ConflictException",
            Reason="CREATE_REGISTRATION_VERSION_NOT_ALLOWED",
            ResourceType="registration",
            ResourceId=spare,
        )
        submitted = v2.submit_registration_version(RegistrationId=spare)
        assert (
            submitted["VersionNumber"] == 1 and submitted["RegistrationVersionStatus"] == "SUBMITTED"
        ), submitted
        status = v2.describe_registrations(RegistrationIds=[spare])["Registrations"][0]["RegistrationStatus"]
        assert status in ("REVIEWING", "REQUIRES_UPDATES", "COMPLETE"), status
        if status != "REVIEWING":
            opened = v2.create_registration_version(RegistrationId=spare)
            assert opened["VersionNumber"] == 2 and opened["RegistrationVersionStatus"] == "DRAFT", opened
            discarded = v2.discard_registration_version(RegistrationId=spare)
            assert (
                discarded["VersionNumber"] == 2 and discarded["RegistrationVersionStatus"] == "DISCARDED"
            ), discarded
        deleted = v2.delete_registration(RegistrationId=spare)
        assert deleted["RegistrationId"] == spare, deleted
        # A toll-free registration is associated with a toll-free number.
        number = v2.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="TOLL_FREE",
        )
        toll_free = v2.create_registration(RegistrationType="US_TOLL_FREE_REGISTRATION")["RegistrationId"]
        linked = v2.create_registration_association(
            RegistrationId=toll_free, ResourceId=number["PhoneNumberId"]
        )
        assert (
            linked["ResourceId"] == number["PhoneNumberId"] and linked["ResourceType"] == "TOLL_FREE"
        ), linked
        assert linked["PhoneNumber"] == number["PhoneNumber"], linked
        listed = v2.list_registration_associations(RegistrationId=toll_free)["RegistrationAssociations"]
        assert [a["ResourceId"] for a in listed] == [number["PhoneNumberId"]], listed
        twice = expect_error(
            lambda: v2.create_registration_association(
                RegistrationId=toll_free, ResourceId=number["PhoneNumberId"]
            ),
            "ConflictException",
            ResourceType="registration",
            ResourceId=toll_free,
        )
        extra = v2.create_registration_attachment(AttachmentUrl="s3://scenario-bucket/extra.pdf")
        gone = v2.delete_registration_attachment(RegistrationAttachmentId=extra["RegistrationAttachmentId"])
        assert gone["RegistrationAttachmentId"] == extra["RegistrationAttachmentId"], gone
        return (
            f"{rid} ({kind}) with {field}; unknown field: {unknown.get('Reason')}; attachment {aid}; "
            f"second registration: {blocked['Reason']}, submitted, {status}; toll-free number associated, twice: {twice['Reason']}"
        )

    # --- v1 -------------------------------------------------------------------------------------

    def v1_config_sets(self):
        v1 = self.c.v1
        v1.create_configuration_set(ConfigurationSetName="scenario-v1")
        destination = {
            "Enabled": True,
            "MatchingEventTypes": ["INITIATED_CALL", "ANSWERED"],
            "CloudWatchLogsDestination": {"IamRoleArn": ROLE, "LogGroupArn": LOG_GROUP},
        }
        v1.create_configuration_set_event_destination(
            ConfigurationSetName="scenario-v1", EventDestinationName="calls", EventDestination=destination
        )
        got = v1.get_configuration_set_event_destinations(ConfigurationSetName="scenario-v1")[
            "EventDestinations"
        ]
        assert [d["Name"] for d in got] == ["calls"], got
        assert sorted(got[0]["MatchingEventTypes"]) == ["ANSWERED", "INITIATED_CALL"], got
        v1.update_configuration_set_event_destination(
            ConfigurationSetName="scenario-v1",
            EventDestinationName="calls",
            EventDestination={**destination, "Enabled": False, "MatchingEventTypes": ["FAILED"]},
        )
        got = v1.get_configuration_set_event_destinations(ConfigurationSetName="scenario-v1")[
            "EventDestinations"
        ]
        assert got[0]["Enabled"] is False and got[0]["MatchingEventTypes"] == ["FAILED"], got
        v1.create_configuration_set_event_destination(
            ConfigurationSetName="scenario-v1",
            EventDestinationName="spare",
            EventDestination={
                "Enabled": True,
                "MatchingEventTypes": ["BUSY"],
                "SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:calls"},
            },
        )
        v1.delete_configuration_set_event_destination(
            ConfigurationSetName="scenario-v1", EventDestinationName="spare"
        )
        got = v1.get_configuration_set_event_destinations(ConfigurationSetName="scenario-v1")[
            "EventDestinations"
        ]
        assert [d["Name"] for d in got] == ["calls"], got
        v1.create_configuration_set(ConfigurationSetName="scenario-v1-spare")
        v1.delete_configuration_set(ConfigurationSetName="scenario-v1-spare")
        names = list_v1_sets(v1)
        assert "scenario-v1" in names and "scenario-v1-spare" not in names, names
        return "scenario-v1 with destination calls (disabled, FAILED)"

    def v1_errors(self):
        v1, loose = self.c.v1, self.c.v1_loose
        exists = expect_error(
            lambda: v1.create_configuration_set(ConfigurationSetName="scenario-v1"),
            "AlreadyExistsException",
            status=409,
        )
        missing = expect_error(
            lambda: v1.delete_configuration_set(ConfigurationSetName="scenario-v1-missing"),
            "NotFoundException",
            status=404,
        )
        no_destination = expect_error(
            lambda: v1.get_configuration_set_event_destinations(ConfigurationSetName="scenario-v1-missing"),
            "NotFoundException",
            status=404,
        )
        expect_error(
            lambda: v1.delete_configuration_set_event_destination(
                ConfigurationSetName="scenario-v1", EventDestinationName="nope"
            ),
            "NotFoundException",
            status=404,
        )
        bad = expect_error(lambda: loose.create_configuration_set(), "BadRequestException", status=400)
        twice = expect_error(
            lambda: v1.create_configuration_set_event_destination(
                ConfigurationSetName="scenario-v1",
                EventDestinationName="calls",
                EventDestination={
                    "Enabled": True,
                    "MatchingEventTypes": ["BUSY"],
                    "SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t"},
                },
            ),
            "AlreadyExistsException",
            status=409,
        )
        return (
            f"409 {exists['Error']['Message']!r}; 404 {missing['Error']['Message']!r}; "
            f"400 {bad['Error']['Message']!r}; {no_destination['Error']['Code']}, {twice['Error']['Code']}"
        )

    def v1_cli(self):
        cli = self.c.cli
        for i in range(1, 6):
            cli(
                "pinpoint-sms-voice",
                "create-configuration-set",
                "--configuration-set-name",
                f"scenario-v1-cli-{i}",
            )
        names, token, pages = [], None, 0
        for _ in range(20):
            args = ["--page-size", "2"] + (["--next-token", token] if token else [])
            page = cli("pinpoint-sms-voice", "list-configuration-sets", *args)
            pages += 1
            assert len(page["ConfigurationSets"]) <= 2, page
            names += page["ConfigurationSets"]
            token = page.get("NextToken")
            if not token:
                break
        for i in range(1, 6):
            assert f"scenario-v1-cli-{i}" in names, names
        assert len(names) == len(set(names)) and pages >= 3, f"{pages} pages: {names}"
        destinations = cli(
            "pinpoint-sms-voice",
            "get-configuration-set-event-destinations",
            "--configuration-set-name",
            "scenario-v1",
        )
        assert [d["Name"] for d in destinations["EventDestinations"]] == ["calls"], destinations
        error = cli(
            "pinpoint-sms-voice",
            "create-configuration-set",
            "--configuration-set-name",
            "scenario-v1-cli-1",
            error="AlreadyExistsException",
        )
        return f"{len(names)} sets over {pages} pages of 2; duplicate: {error}"

    def v1_send(self):
        v1 = self.c.v1
        (numbers,) = self.need("numbers")
        sent = v1.send_voice_message(
            OriginationPhoneNumber=numbers[0]["PhoneNumber"],
            DestinationPhoneNumber=ALICE,
            ConfigurationSetName="scenario-v1",
            Content={
                "PlainTextMessage": {"Text": "Hello from v1", "LanguageCode": "en-US", "VoiceId": "Joanna"}
            },
        )
        assert sent["MessageId"], sent
        listed = [m for m in self.messages() if m["id"] == sent["MessageId"]]
        assert listed and listed[0]["destination"] == ALICE, listed
        self.made["v1_message"] = sent["MessageId"]
        error = expect_error(
            lambda: v1.send_voice_message(
                OriginationPhoneNumber="+15555550000",
                DestinationPhoneNumber=ALICE,
                Content={"PlainTextMessage": {"Text": "from nowhere"}},
            ),
            "BadRequestException",
        )
        return f"{sent['MessageId']}; unknown origination number: {error['Error']['Message']!r}"

    def v1_limit(self):
        v1 = self.c.v1
        v1.create_configuration_set(ConfigurationSetName="scenario-v1-full")
        count = 0
        try:
            for i in range(100):
                v1.create_configuration_set_event_destination(
                    ConfigurationSetName="scenario-v1-full",
                    EventDestinationName=f"d{i}",
                    EventDestination={
                        "Enabled": True,
                        "MatchingEventTypes": ["BUSY"],
                        "SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t"},
                    },
                )
                count += 1
        except v1.exceptions.LimitExceededException as e:
            assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 412, e.response
            message = e.response["Error"]["Message"]
        else:
            raise AssertionError("100 event destinations and no LimitExceededException")
        got = v1.get_configuration_set_event_destinations(ConfigurationSetName="scenario-v1-full")[
            "EventDestinations"
        ]
        assert len(got) == count, (count, len(got))
        v1.delete_configuration_set(ConfigurationSetName="scenario-v1-full")
        return f"after {count} destinations: 412 {message!r}"

    # --- after the restart ----------------------------------------------------------------------

    def after_restart_numbers(self):
        v2 = self.c.v2
        numbers, pool_id = self.need("numbers", "pool_id")
        ids = [n["PhoneNumberId"] for n in numbers]
        described = {
            d["PhoneNumberId"]: d for d in v2.describe_phone_numbers(PhoneNumberIds=ids)["PhoneNumbers"]
        }
        for n in numbers:
            assert described[n["PhoneNumberId"]]["PhoneNumber"] == n["PhoneNumber"], described
        assert described[ids[0]]["DeletionProtectionEnabled"] is True, described[ids[0]]
        pool = v2.describe_pools(PoolIds=[pool_id])["Pools"][0]
        assert pool["SharedRoutesEnabled"] is True and pool["DeletionProtectionEnabled"] is True, pool
        members = sorted(
            m["OriginationIdentity"]
            for m in v2.list_pool_origination_identities(PoolId=pool_id)["OriginationIdentities"]
        )
        assert members == sorted(ids[:2]), members
        attributes = {a["Name"]: a["Value"] for a in v2.describe_account_attributes()["AccountAttributes"]}
        assert attributes.get("ACCOUNT_TIER") == "PRODUCTION", attributes
        spend = {s["Name"]: s for s in v2.describe_spend_limits()["SpendLimits"]}
        assert spend["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"]["EnforcedLimit"] == 50, spend
        return f"{len(numbers)} numbers, pool with {len(members)}, text spend limit 50"

    def after_restart_config(self):
        v2 = self.c.v2
        names, pool_arn = self.need("set_names", "pool_arn")
        paginator = v2.get_paginator("describe_configuration_sets")
        sets = [s for page in paginator.paginate() for s in page["ConfigurationSets"]]
        assert set(names) <= {s["ConfigurationSetName"] for s in sets}, sets
        first = [s for s in sets if s["ConfigurationSetName"] == names[0]][0]
        assert [d["EventDestinationName"] for d in first["EventDestinations"]] == ["scenario-logs"], first
        assert first["DefaultMessageType"] == "PROMOTIONAL", first
        opted = v2.describe_opted_out_numbers(OptOutListName="scenario-list")["OptedOutNumbers"]
        assert [o["OptedOutNumber"] for o in opted] == [CAROL], opted
        (numbers,) = self.need("numbers")
        words = {
            k["Keyword"]
            for k in v2.describe_keywords(OriginationIdentity=numbers[0]["PhoneNumberId"])["Keywords"]
        }
        assert "HELLO" in words, words
        tags = {t["Key"]: t["Value"] for t in v2.list_tags_for_resource(ResourceArn=pool_arn)["Tags"]}
        assert tags == {"team": "sms"}, tags
        if "policy" in self.made:
            arn, policy = self.made["policy"]
            assert json.loads(v2.get_resource_policy(ResourceArn=arn)["Policy"]) == json.loads(policy)
        return f"{len(sets)} sets, scenario-list with {CAROL}, keyword HELLO, pool tags {tags}"

    def after_restart_rest(self):
        v2, v1 = self.c.v2, self.c.v1
        done = []
        if "sent" in self.made:
            ids = {m["id"] for m in self.messages()}
            for kind, message_id in self.made["sent"].items():
                assert message_id in ids, f"{kind} message {message_id} lost"
            done.append("messages")
        if "sender_id_arn" in self.made:
            ids = v2.describe_sender_ids(SenderIds=[{"SenderId": "SCENARIO", "IsoCountryCode": "GB"}])[
                "SenderIds"
            ]
            assert ids[0]["SenderIdArn"] == self.made["sender_id_arn"], ids
            done.append("sender ID")
        if "verified_id" in self.made:
            vid = self.made["verified_id"]
            listed = v2.describe_verified_destination_numbers(VerifiedDestinationNumberIds=[vid])[
                "VerifiedDestinationNumbers"
            ]
            assert listed[0]["Status"] == "VERIFIED", listed
            done.append("verified number")
        deleted = v2.delete_text_message_spend_limit_override()
        text = {s["Name"]: s for s in v2.describe_spend_limits()["SpendLimits"]}[
            "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"
        ]
        assert text["Overridden"] is False and deleted["MonthlyLimit"] == text["EnforcedLimit"], (
            deleted,
            text,
        )
        if "protect_id" in self.made:
            pid = self.made["protect_id"]
            rules = v2.get_protect_configuration_country_rule_set(
                ProtectConfigurationId=pid, NumberCapability="SMS"
            )
            assert rules["CountryRuleSet"]["GB"]["ProtectStatus"] == "BLOCK", rules["CountryRuleSet"].get(
                "GB"
            )
            done.append("protect configuration")
        if "registration_id" in self.made:
            rid, field = self.made["registration_id"], self.made["registration_field"]
            values = v2.describe_registration_field_values(RegistrationId=rid)["RegistrationFieldValues"]
            assert {v["FieldPath"]: v.get("TextValue") for v in values}.get(field) == "Scenario Inc", values
            done.append("registration")
        got = v1.get_configuration_set_event_destinations(ConfigurationSetName="scenario-v1")[
            "EventDestinations"
        ]
        assert [d["Name"] for d in got] == ["calls"] and got[0]["Enabled"] is False, got
        done.append("v1 configuration set")
        return ", ".join(done)

    def quota(self):
        v2 = self.c.v2
        limits = {l["Name"]: l for l in v2.describe_account_limits()["AccountLimits"]}
        phone = limits["PHONE_NUMBERS"]
        room = phone["Max"] - phone["Used"]
        assert 0 <= room <= 200, f"PHONE_NUMBERS: {phone}, too many to reach"
        extra = []
        for _ in range(room):
            extra.append(self.request_number()["PhoneNumberId"])
        full = {l["Name"]: l for l in v2.describe_account_limits()["AccountLimits"]}["PHONE_NUMBERS"]
        assert full["Used"] == full["Max"], full
        error = expect_error(lambda: self.request_number(), "ServiceQuotaExceededException")
        assert error.get("Reason") == "PHONE_NUMBERS_PER_ACCOUNT", short(error)
        # Releasing one makes room for one.
        if extra:
            released = v2.release_phone_number(PhoneNumberId=extra.pop())
            assert released["Status"] in ("DELETED", "ACTIVE", "PENDING"), released
            extra.append(self.request_number()["PhoneNumberId"])
        for number_id in extra:
            v2.release_phone_number(PhoneNumberId=number_id)
        after = {l["Name"]: l for l in v2.describe_account_limits()["AccountLimits"]}["PHONE_NUMBERS"]
        assert after["Used"] == phone["Used"], (phone, after)
        return f"{room} numbers requested up to {full['Max']}, then {short(error)}"

    def pool_conflicts(self):
        v2 = self.c.v2
        numbers, pool_id = self.need("numbers", "pool_id")
        first, second = numbers[0]["PhoneNumberId"], numbers[1]["PhoneNumberId"]
        # "If the origination phone number ... is associated with a pool, an error is returned."
        v2.update_phone_number(PhoneNumberId=first, DeletionProtectionEnabled=False)
        release = expect_error(
            lambda: v2.release_phone_number(PhoneNumberId=first),
            "ConflictException",
            Reason="PHONE_NUMBER_ASSOCIATED_TO_POOL",
            ResourceType="phone-number",
            ResourceId=first,
        )
        expect_error(
            lambda: v2.update_phone_number(PhoneNumberId=first, OptOutListName="scenario-list"),
            "ConflictException",
            Reason="PHONE_NUMBER_ASSOCIATED_TO_POOL",
            ResourceId=first,
        )
        out = v2.disassociate_origination_identity(
            PoolId=pool_id, OriginationIdentity=second, IsoCountryCode="US"
        )
        assert out["OriginationIdentity"] == second and out["PoolId"] == pool_id, out
        # "If the origination identity isn't associated with the specified pool, an error is returned."
        expect_error(
            lambda: v2.disassociate_origination_identity(
                PoolId=pool_id, OriginationIdentity=second, IsoCountryCode="US"
            ),
            "ConflictException",
            Reason="PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL",
        )
        last = expect_error(
            lambda: v2.disassociate_origination_identity(
                PoolId=pool_id, OriginationIdentity=first, IsoCountryCode="US"
            ),
            "ConflictException",
            Reason="LAST_PHONE_NUMBER",
        )
        # "If the specified opt-out list ... is in-use by an origination phone number or pool,
        # an error is returned."
        moved = v2.update_phone_number(PhoneNumberId=second, OptOutListName="scenario-list")
        assert moved["OptOutListName"] == "scenario-list", moved
        in_use = expect_error(
            lambda: v2.delete_opt_out_list(OptOutListName="scenario-list"),
            "ConflictException",
            ResourceType="opt-out-list",
            ResourceId="scenario-list",
        )
        v2.update_phone_number(PhoneNumberId=second, OptOutListName="Default")
        return f"release: {release['Reason']}; last number: {last['Reason']}; list in use: {in_use['Reason']}"

    def cleanup(self):
        v2 = self.c.v2
        numbers, pool_id, other, names = self.need("numbers", "pool_id", "other_pool_id", "set_names")
        error = expect_error(
            lambda: v2.delete_pool(PoolId=pool_id),
            "ConflictException",
            Reason="DELETION_PROTECTION_ENABLED",
            ResourceType="pool",
        )
        deleted = v2.delete_pool(PoolId=other)
        assert deleted["PoolId"] == other, deleted
        expect_error(
            lambda: v2.describe_pools(PoolIds=[other]),
            "ResourceNotFoundException",
            ResourceType="pool",
            ResourceId=other,
        )
        # The third number is free again, and released.
        released = v2.release_phone_number(PhoneNumberId=numbers[2]["PhoneNumberId"])
        assert released["PhoneNumberId"] == numbers[2]["PhoneNumberId"], released
        expect_error(
            lambda: v2.describe_phone_numbers(PhoneNumberIds=[numbers[2]["PhoneNumberId"]]),
            "ResourceNotFoundException",
            ResourceType="phone-number",
        )
        gone = v2.delete_configuration_set(ConfigurationSetName=names[-1])
        assert gone["ConfigurationSetName"] == names[-1], gone
        expect_error(
            lambda: v2.describe_configuration_sets(ConfigurationSetNames=[names[-1]]),
            "ResourceNotFoundException",
            ResourceType="configuration-set",
        )
        self.made["set_names"] = names[:-1]
        deleted = v2.delete_text_message_spend_limit_override()
        text = {s["Name"]: s for s in v2.describe_spend_limits()["SpendLimits"]}[
            "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"
        ]
        assert text["Overridden"] is False and deleted["MonthlyLimit"] == text["EnforcedLimit"], (
            deleted,
            text,
        )
        if "protect_id" in self.made:
            pid = self.made["protect_id"]
            updated = v2.update_protect_configuration(
                ProtectConfigurationId=pid, DeletionProtectionEnabled=False
            )
            assert updated["DeletionProtectionEnabled"] is False, updated
            v2.delete_protect_configuration(ProtectConfigurationId=pid)
            expect_error(
                lambda: v2.describe_protect_configurations(ProtectConfigurationIds=[pid]),
                "ResourceNotFoundException",
                ResourceType="protect-configuration",
                ResourceId=pid,
            )
        v2.delete_opted_out_number(OptOutListName="scenario-list", OptedOutNumber=CAROL)
        dropped = v2.delete_opt_out_list(OptOutListName="scenario-list")
        assert dropped["OptOutListName"] == "scenario-list", dropped
        return f"protected pool kept ({error['Reason']}); pool, number, set, protect configuration, opt-out list, text spend override deleted"

    # --- sandbox --------------------------------------------------------------------------------

    def sandbox_mode(self):
        url = self.sandbox.start()
        c = Clients(url, self.runner)
        v2 = c.v2
        attributes = {a["Name"]: a["Value"] for a in v2.describe_account_attributes()["AccountAttributes"]}
        assert attributes.get("ACCOUNT_TIER") == "SANDBOX", attributes
        number = c.v2.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="LONG_CODE",
        )
        error = expect_error(
            lambda: v2.send_text_message(
                DestinationPhoneNumber=ALICE, OriginationIdentity=number["PhoneNumberId"], MessageBody="hi"
            ),
            "ConflictException",
            Reason="DESTINATION_PHONE_NUMBER_NOT_VERIFIED",
        )
        vid = v2.create_verified_destination_number(DestinationPhoneNumber=ALICE)[
            "VerifiedDestinationNumberId"
        ]
        sent = v2.send_destination_number_verification_code(
            VerifiedDestinationNumberId=vid, VerificationChannel="TEXT"
        )
        status, body = c.emu("GET", "/_emulator/messages")
        items = body.get("messages", body) if isinstance(body, dict) else body
        code_message = [
            normalize_message(m) for m in items if normalize_message(m)["id"] == sent["MessageId"]
        ]
        assert code_message, f"verification message not listed: {body}"
        code = re.findall(r"\d{4,10}", code_message[0]["body"])[-1]
        v2.verify_destination_number(VerifiedDestinationNumberId=vid, VerificationCode=code)
        ok = v2.send_text_message(
            DestinationPhoneNumber=ALICE, OriginationIdentity=number["PhoneNumberId"], MessageBody="hi"
        )
        assert ok["MessageId"], ok
        self.sandbox.stop()
        return f"unverified: {error['Reason']}; verified: sent"


def normalize_message(message):
    """A message of the `/_emulator/` API with the members the scenario reads, whatever the
    API's spelling (camelCase or PascalCase)."""
    lower = {k.lower().replace("_", ""): v for k, v in message.items()}

    def pick(*names):
        for name in names:
            if name in lower:
                return lower[name]
        return None

    return {
        "id": pick("messageid", "id"),
        "destination": pick("destinationphonenumber", "destination", "to", "destinationnumber"),
        "origination": pick("originationidentity", "origination", "from", "originationnumber"),
        "body": pick("messagebody", "body", "text") or "",
        "events": pick("events") or [],
        "raw": message,
    }


def list_v1_sets(v1):
    names, token = [], None
    for _ in range(100):
        page = v1.list_configuration_sets(**({"NextToken": token} if token else {}))
        names += page["ConfigurationSets"]
        token = page.get("NextToken")
        if not token:
            return names
    raise AssertionError("ListConfigurationSets never ended")


if __name__ == "__main__":
    sys.exit(main())
