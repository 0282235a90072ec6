//! The emulator binary as a user runs it: state that survives a crash (`kill -9`) and a clean
//! stop, clear refusals of a corrupt state file and of bad flags, `--help`, and signature
//! verification with `--access-key`.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sms_voice::client_runtime::{Config, Credentials, RetryConfig};
use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoicev2 as v2;
use v2::{MessageType, NumberCapability, RequestPhoneNumberNumberType};

const BINARY: &str = env!("CARGO_BIN_EXE_sms-voice-emulator");

/// The emulator binary, running on a free loopback port.
struct Process {
    child: Child,
    addr: SocketAddr,
    // Kept open so that the emulator's stdout stays writable.
    _stdout: BufReader<ChildStdout>,
}

impl Process {
    /// Starts the binary with `args` (after `--listen 127.0.0.1:0`) and reads its URL from
    /// the line it prints.
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(BINARY)
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the emulator binary starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("a first line");
        let url = line
            .trim()
            .strip_prefix("sms-voice-emulator listening on http://")
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("unexpected first line {line:?}")
            });
        Self {
            addr: url.parse().expect("an address"),
            child,
            _stdout: stdout,
        }
    }

    /// Starts the binary with its state in `state`.
    fn with_state(state: &Path) -> Self {
        Self::start(&["--state", state.to_str().expect("a UTF-8 path")])
    }

    fn v2(&self) -> v2::Client {
        v2::Client::new(common::config(self.addr))
    }

    fn v1(&self) -> v1::Client {
        v1::Client::new(common::config(self.addr))
    }

    /// A crash: SIGKILL (what `Child::kill` sends on Unix), then reaps it.
    fn kill9(mut self) {
        self.child.kill().expect("SIGKILL");
        let status = self.child.wait().expect("wait");
        assert!(!status.success(), "{status:?}");
    }

    /// A clean stop, as Ctrl-C does: SIGINT; the emulator must exit with success.
    fn interrupt(self) {
        self.stop_with("-INT");
    }

    /// A clean stop by a service manager: SIGTERM; the emulator must exit with success.
    fn terminate(self) {
        self.stop_with("-TERM");
    }

    fn stop_with(mut self, signal: &str) {
        let sent = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("kill -INT");
        assert!(sent.success());
        let status = self.child.wait().expect("wait");
        assert!(
            status.success(),
            "a clean stop exits with success: {status:?}"
        );
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // Only when a test failed before stopping it; already reaped otherwise.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn state_file(name: &str) -> (PathBuf, PathBuf) {
    let dir = common::temp_dir(name);
    let state = dir.join("state").join("emulator.db");
    (dir, state)
}

async fn config_set_names(client: &v2::Client) -> Vec<String> {
    let items = sms_voice::client_runtime::paginate::try_collect(
        client
            .describe_configuration_sets()
            .max_results(7)
            .into_items(),
    )
    .await
    .expect("DescribeConfigurationSets");
    items
        .into_iter()
        .map(|set| set.configuration_set_name)
        .collect()
}

async fn v1_config_set_names(client: &v1::Client) -> Vec<String> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut call = client.list_configuration_sets().page_size("5");
        if let Some(token) = token.take() {
            call = call.next_token(token);
        }
        let page = call.send().await.expect("ListConfigurationSets");
        names.extend(page.configuration_sets.unwrap_or_default());
        match page.next_token {
            Some(next) => token = Some(next),
            None => return names,
        }
    }
}

/// Every write the emulator answered before it was killed is there after a restart: writes
/// of several kinds, one after another, the last one right before `kill -9`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9() {
    let (dir, state) = state_file("kill9");
    let process = Process::with_state(&state);
    let client = process.v2();
    let created = client
        .create_configuration_set()
        .configuration_set_name("durable-set")
        .tags(vec![common::tag("team", "durability")])
        .send()
        .await
        .expect("CreateConfigurationSet");
    let set_arn = created.configuration_set_arn.expect("an ARN");
    let number = client
        .request_phone_number()
        .iso_country_code("US")
        .message_type(MessageType::Transactional)
        .number_capabilities(vec![NumberCapability::Sms])
        .number_type(RequestPhoneNumberNumberType::LongCode)
        .deletion_protection_enabled(true)
        .send()
        .await
        .expect("RequestPhoneNumber");
    let number_id = number.phone_number_id.expect("an id");
    client
        .put_opted_out_number()
        .opt_out_list_name("Default")
        .opted_out_number("+14255550100")
        .send()
        .await
        .expect("PutOptedOutNumber");
    process
        .v1()
        .create_configuration_set()
        .configuration_set_name("durable-v1")
        .send()
        .await
        .expect("v1 CreateConfigurationSet");
    // The last write, answered, then the crash at once.
    client
        .tag_resource()
        .resource_arn(&set_arn)
        .tags(vec![common::tag("written", "last")])
        .send()
        .await
        .expect("TagResource");
    process.kill9();

    let process = Process::with_state(&state);
    let client = process.v2();
    assert_eq!(config_set_names(&client).await, vec!["durable-set"]);
    let numbers = client
        .describe_phone_numbers()
        .phone_number_ids(vec![number_id.clone()])
        .send()
        .await
        .expect("DescribePhoneNumbers")
        .phone_numbers
        .unwrap_or_default();
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0].phone_number, number.phone_number.expect("E.164"));
    assert!(numbers[0].deletion_protection_enabled);
    let opted = client
        .describe_opted_out_numbers()
        .opt_out_list_name("Default")
        .send()
        .await
        .expect("DescribeOptedOutNumbers")
        .opted_out_numbers
        .unwrap_or_default();
    assert_eq!(
        opted
            .iter()
            .map(|o| o.opted_out_number.as_str())
            .collect::<Vec<_>>(),
        ["+14255550100"]
    );
    let mut tags = client
        .list_tags_for_resource()
        .resource_arn(&set_arn)
        .send()
        .await
        .expect("ListTagsForResource")
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect::<Vec<_>>();
    tags.sort();
    assert_eq!(
        tags,
        [
            ("team".to_owned(), "durability".to_owned()),
            ("written".to_owned(), "last".to_owned())
        ]
    );
    assert_eq!(v1_config_set_names(&process.v1()).await, ["durable-v1"]);
    process.interrupt();
    let _ = std::fs::remove_dir_all(dir);
}

/// Writers keep writing while the emulator is killed: every write that was answered is
/// there after the restart (the ones cut off may or may not be), and the state file is
/// whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_answered_before_kill_9_survive() {
    let (dir, state) = state_file("kill9-concurrent");
    let process = Process::with_state(&state);
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for writer in 0..4 {
        let client = process.v2();
        let acknowledged = acknowledged.clone();
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let name = format!("writer-{writer}-{i}");
                let result = client
                    .create_configuration_set()
                    .configuration_set_name(&name)
                    .send()
                    .await;
                match result {
                    Ok(_) => acknowledged.lock().expect("lock").push(name),
                    // The account limit, or the connection cut by the kill: stop writing.
                    Err(_) => return,
                }
            }
        }));
    }
    // Kill once a good number of writes were answered, while the writers are still going.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().expect("lock").len() < 12 {
        assert!(tokio::time::Instant::now() < deadline, "writes too slow");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    process.kill9();
    let answered = acknowledged.lock().expect("lock").clone();
    for writer in writers {
        let _ = writer.await;
    }

    let process = Process::with_state(&state);
    let names = config_set_names(&process.v2()).await;
    for name in &answered {
        assert!(
            names.contains(name),
            "{name} was acknowledged but is gone: {names:?}"
        );
    }
    process.interrupt();
    let _ = std::fs::remove_dir_all(dir);
}

/// The message ids `GET /_emulator/messages` lists, page after page.
async fn stored_message_ids(addr: SocketAddr) -> Vec<String> {
    let mut ids = Vec::new();
    let mut path = "/_emulator/messages?limit=1000".to_owned();
    loop {
        let (status, body) = common::http_at(addr, "GET", &path, None).await;
        assert_eq!(status, 200, "{body}");
        let listed: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        ids.extend(
            listed["messages"]
                .as_array()
                .expect("a list")
                .iter()
                .map(|m| m["message_id"].as_str().expect("an id").to_owned()),
        );
        if listed["more"] != true {
            return ids;
        }
        let next = listed["next"].as_str().expect("a cursor");
        path = format!("/_emulator/messages?limit=1000&cursor={next}");
    }
}

/// Senders keep sending while the emulator is killed: every message whose send was answered
/// is stored after the restart (counted, and each found by its id).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sends_answered_before_kill_9_survive() {
    let (dir, state) = state_file("kill9-sends");
    let process = Process::with_state(&state);
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut senders = Vec::new();
    for sender in 0..8 {
        let client = process.v2();
        let acknowledged = acknowledged.clone();
        senders.push(tokio::spawn(async move {
            for i in 0..5_000 {
                let result = client
                    .send_text_message()
                    .destination_phone_number(format!("+1206555{sender:02}{i:02}"))
                    .message_body(format!("message {i} of sender {sender}"))
                    .send()
                    .await;
                match result {
                    Ok(sent) => acknowledged
                        .lock()
                        .expect("lock")
                        .push(sent.message_id.expect("a message id")),
                    // The connection cut by the kill: stop sending.
                    Err(_) => return,
                }
            }
        }));
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().expect("lock").len() < 300 {
        assert!(tokio::time::Instant::now() < deadline, "sends too slow");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    process.kill9();
    let answered = acknowledged.lock().expect("lock").clone();
    for sender in senders {
        let _ = sender.await;
    }

    let process = Process::with_state(&state);
    let stored = stored_message_ids(process.addr).await;
    assert!(
        stored.len() >= answered.len(),
        "{} stored, {} answered",
        stored.len(),
        answered.len()
    );
    let stored: std::collections::HashSet<&String> = stored.iter().collect();
    let lost: Vec<&String> = answered.iter().filter(|id| !stored.contains(id)).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    process.interrupt();
    let _ = std::fs::remove_dir_all(dir);
}

/// The JSON state file of earlier versions is migrated at startup: its resources and
/// messages are served, and the JSON file is kept beside the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_state_file_of_an_earlier_version_is_migrated() {
    let dir = common::temp_dir("migrate");
    let state = dir.join("emulator.json");
    let old = serde_json::json!({
        "v1": { "configuration_sets": { "from-json": [] } },
        "sending": { "messages": [{
            "message_id": "5f0c3a1e-0000-4000-8000-000000000001",
            "channel": "SMS",
            "direction": "OUTBOUND",
            "origination": "NOTICE",
            "destination": "+12065550100",
            "body": "kept across the migration",
            "timestamp": 1_700_000_000.0,
            "events": [["TEXT_DELIVERED", 1_700_000_000.0]],
            "api": "v2"
        }] }
    });
    let text = serde_json::to_string(&old).expect("JSON");
    std::fs::write(&state, &text).expect("write");
    let process = Process::with_state(&state);
    assert_eq!(v1_config_set_names(&process.v1()).await, ["from-json"]);
    assert_eq!(
        stored_message_ids(process.addr).await,
        ["5f0c3a1e-0000-4000-8000-000000000001"]
    );
    process.interrupt();
    let kept = dir.join("emulator.json.v0.json");
    assert_eq!(
        std::fs::read_to_string(kept).expect("the JSON file is kept"),
        text
    );
    assert!(std::fs::read(&state)
        .expect("the database")
        .starts_with(b"SQLite format 3\0"));
    let _ = std::fs::remove_dir_all(dir);
}

/// A clean stop (Ctrl-C or SIGTERM) and a restart on the same state file keep everything, and the
/// emulator goes on from there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_survives_a_clean_restart() {
    let (dir, state) = state_file("restart");
    let process = Process::with_state(&state);
    let client = process.v2();
    for name in ["restart-a", "restart-b", "restart-c"] {
        client
            .create_configuration_set()
            .configuration_set_name(name)
            .send()
            .await
            .expect("CreateConfigurationSet");
    }
    client
        .delete_configuration_set()
        .configuration_set_name("restart-b")
        .send()
        .await
        .expect("DeleteConfigurationSet");
    client
        .create_opt_out_list()
        .opt_out_list_name("restart-list")
        .send()
        .await
        .expect("CreateOptOutList");
    process.interrupt();
    assert!(state.exists(), "the state file is kept");

    let process = Process::with_state(&state);
    let client = process.v2();
    assert_eq!(
        config_set_names(&client).await,
        ["restart-a", "restart-c"],
        "the deleted set stays deleted"
    );
    let lists = client
        .describe_opt_out_lists()
        .opt_out_list_names(vec!["restart-list".to_owned()])
        .send()
        .await
        .expect("DescribeOptOutLists")
        .opt_out_lists
        .unwrap_or_default();
    assert_eq!(lists.len(), 1);
    // A duplicate is still refused: the restarted emulator knows the set.
    let again = client
        .create_configuration_set()
        .configuration_set_name("restart-a")
        .send()
        .await;
    assert_eq!(common::code(again), "ConflictException");
    // Another change after the restart, and a second restart.
    client
        .create_configuration_set()
        .configuration_set_name("restart-d")
        .send()
        .await
        .expect("CreateConfigurationSet");
    process.interrupt();
    let process = Process::with_state(&state);
    assert_eq!(
        config_set_names(&process.v2()).await,
        ["restart-a", "restart-c", "restart-d"]
    );
    // SIGTERM stops it as cleanly as Ctrl-C.
    process.terminate();
    let process = Process::with_state(&state);
    assert_eq!(config_set_names(&process.v2()).await.len(), 3);
    process.interrupt();
    let _ = std::fs::remove_dir_all(dir);
}

/// A state file the emulator cannot read stops it at startup with a message naming the
/// file; it does not panic and does not overwrite the file.
#[test]
fn a_corrupt_state_file_fails_startup_clearly() {
    let dir = common::temp_dir("corrupt");
    for (name, content) in [
        ("garbage.json", "this is not JSON {"),
        ("truncated.json", "{\"config_sets\": {"),
        ("wrong-shape.json", "[1, 2, 3]"),
        ("empty.db", ""),
        (
            "damaged.db",
            "SQLite format 3\0 and then nothing a database has: a file cut short or overwritten",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write");
        let output = Command::new(BINARY)
            .args(["--listen", "127.0.0.1:0", "--state"])
            .arg(&path)
            .stdin(Stdio::null())
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name}: started anyway");
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(path.to_str().expect("UTF-8")),
            "{name}: the message does not name the file: {stderr}"
        );
        assert!(
            !stderr.contains("panicked"),
            "{name}: a panic, not a message: {stderr}"
        );
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("listening"),
            "{name}: it listened"
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            content,
            "{name}: the file was changed"
        );
    }
    // A state path that is a folder.
    let output = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0", "--state"])
        .arg(&dir)
        .stdin(Stdio::null())
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a folder as state file: started");
    assert!(stderr.contains(dir.to_str().expect("UTF-8")), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

/// `--help` documents every flag; bad flags are refused with a clear message, not a panic.
#[test]
fn help_documents_every_flag_and_bad_flags_fail_clearly() {
    let output = Command::new(BINARY)
        .arg("--help")
        .output()
        .expect("run --help");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for flag in [
        "--listen",
        "--state",
        "--access-key",
        "--sandbox",
        "--max-messages",
        "--max-age",
        "--webhook",
        "--help",
        "--version",
    ] {
        assert!(
            help.contains(flag),
            "--help does not mention {flag}:\n{help}"
        );
    }
    // The default address and the value formats are shown.
    assert!(help.contains("127.0.0.1:4599"), "{help}");
    assert!(help.contains("ID:SECRET"), "{help}");
    assert!(help.contains("50000"), "the default --max-messages: {help}");

    for (args, expected) in [
        (&["--access-key", "nocolon"][..], "--access-key"),
        (&["--access-key", ":secret"][..], "--access-key"),
        (&["--listen", "not-an-address"][..], "--listen"),
        (&["--no-such-flag"][..], "--no-such-flag"),
        (&["--max-messages=-3"][..], "--max-messages"),
        (&["--max-messages", "many"][..], "--max-messages"),
        (&["--max-age", "soon"][..], "90s, 30m, 12h or 7days"),
        (&["--max-age", "0s"][..], "--max-age"),
        (&["--webhook", "https://example.com/hook"][..], "http://"),
    ] {
        let output = Command::new(BINARY)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: it started");
    }
    let output = Command::new(BINARY)
        .args(["--access-key", "nocolon"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ACCESS_KEY_ID:SECRET_ACCESS_KEY"),
        "the message says what is expected: {stderr}"
    );
}

fn client_with_key(addr: SocketAddr, id: &str, secret: &str) -> (v2::Client, v1::Client) {
    let config = || {
        Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{addr}"))
            .credentials(Credentials::new(id, secret, None, None, "test"))
            .retry(RetryConfig::disabled())
            .build()
    };
    (v2::Client::new(config()), v1::Client::new(config()))
}

/// With `--access-key`, only requests signed with a configured key are served; without it,
/// any well-formed signature is accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_keys_turn_on_signature_verification() {
    let process = Process::start(&[
        "--access-key",
        "AKIDRIGHT:right-secret",
        "--access-key",
        "AKIDSECOND:second-secret",
    ]);
    for (id, secret) in [
        ("AKIDRIGHT", "right-secret"),
        ("AKIDSECOND", "second-secret"),
    ] {
        let (v2, v1) = client_with_key(process.addr, id, secret);
        v2.create_configuration_set()
            .configuration_set_name(format!("signed-{id}"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{id} is refused: {e:?}"));
        v1.list_configuration_sets()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{id} is refused by v1: {e:?}"));
    }
    let (wrong_secret, wrong_secret_v1) = client_with_key(process.addr, "AKIDRIGHT", "guess");
    let refused = wrong_secret
        .create_configuration_set()
        .configuration_set_name("unsigned")
        .send()
        .await;
    assert_eq!(common::code(refused), "SignatureDoesNotMatch");
    let refused = wrong_secret_v1.list_configuration_sets().send().await;
    assert_eq!(common::code(refused), "SignatureDoesNotMatch");
    let (stranger, _) = client_with_key(process.addr, "AKIDSTRANGER", "right-secret");
    let refused = stranger.describe_account_attributes().send().await;
    assert_eq!(common::code(refused), "InvalidClientTokenId");
    // Nothing the refused requests asked for was done.
    let (v2, _) = client_with_key(process.addr, "AKIDRIGHT", "right-secret");
    let mut names = config_set_names(&v2).await;
    names.sort();
    assert_eq!(names, ["signed-AKIDRIGHT", "signed-AKIDSECOND"]);
    process.interrupt();

    // Without --access-key: any key and secret, as long as the request is signed.
    let process = Process::start(&[]);
    for (id, secret) in [("AKIDANY", "anything"), ("test", "test")] {
        let (v2, v1) = client_with_key(process.addr, id, secret);
        v2.describe_account_attributes()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{id} is refused: {e:?}"));
        v1.list_configuration_sets()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{id} is refused by v1: {e:?}"));
    }
    process.interrupt();
}
