//! The store's own tests: a change that fails leaves nothing behind, a disk that refuses a
//! write loses nothing acknowledged, retention, the JSON migration and the files refused.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::ops::sending::Message;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "sms-voice-store-{name}-{}-{:x}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn message(id: &str, timestamp: f64) -> Message {
    Message {
        message_id: id.to_owned(),
        channel: "SMS".to_owned(),
        direction: "OUTBOUND".to_owned(),
        origination: "+12065550100".to_owned(),
        destination: "+12065550199".to_owned(),
        body: Some(format!("body of {id}")),
        timestamp,
        events: vec![
            ("TEXT_PENDING".to_owned(), timestamp),
            ("TEXT_DELIVERED".to_owned(), timestamp + 1.0),
        ],
        price: 0.00581,
        parts: 1,
        api: "v2".to_owned(),
        ..Message::default()
    }
}

fn ids(store: &Store) -> Vec<String> {
    store.query(|tx| {
        tx.messages()
            .expect("messages")
            .into_iter()
            .map(|m| m.message_id)
            .collect()
    })
}

fn keep_all() -> Retention {
    Retention {
        max_messages: None,
        max_age: None,
    }
}

#[test]
fn a_change_that_fails_leaves_neither_rows_nor_state_behind() {
    let store = Store::in_memory(keep_all()).expect("store");
    store
        .write(|tx| tx.insert_message(&message("kept", 1.0)))
        .expect("a first message");
    let failed = store.write(|tx| -> Result<(), EmuError> {
        tx.insert_message(&message("dropped", 2.0))?;
        tx.sending
            .verification_codes
            .insert("vdn".to_owned(), Default::default());
        Err(EmuError::not_found("thing", "x"))
    });
    assert!(failed.is_err());
    assert_eq!(ids(&store), ["kept"]);
    assert!(store.read(|state| state.sending.verification_codes.is_empty()));
    // The events came back with the message, in order.
    let kept = store
        .query(|tx| tx.message("kept").expect("query"))
        .expect("kept");
    assert_eq!(
        kept.events
            .iter()
            .map(|(kind, _)| kind.as_str())
            .collect::<Vec<_>>(),
        ["TEXT_PENDING", "TEXT_DELIVERED"]
    );
}

#[test]
fn a_change_that_panics_is_rolled_back_and_the_store_goes_on() {
    let store = Store::in_memory(keep_all()).expect("store");
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = store.write(|tx| -> Result<(), EmuError> {
            tx.insert_message(&message("half-done", 1.0))?;
            panic!("a bug in an operation");
        });
    }));
    assert!(panicked.is_err());
    store
        .write(|tx| tx.insert_message(&message("after", 2.0)))
        .expect("the next change");
    assert_eq!(ids(&store), ["after"]);
    // The savepoint of the panicked change is gone: the next change was committed, not
    // nested in it.
    assert!(store.with_connection(Connection::is_autocommit));
}

#[test]
fn only_the_areas_a_change_wrote_to_are_saved() {
    let dir = TempDir::new("areas");
    let path = dir.file("state.db");
    let store = Store::open(&path, keep_all()).expect("store");
    let before: Vec<(String, String)> = store.with_connection(|db| {
        let mut statement = db
            .prepare("SELECT name, value FROM areas ORDER BY name")
            .expect("sql");
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("rows")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        rows
    });
    assert_eq!(before.len(), State::AREAS.len());
    store
        .write(|tx| {
            tx.v1
                .configuration_sets
                .insert("set".to_owned(), Default::default());
            Ok(())
        })
        .expect("write");
    let after: Vec<(String, String)> = store.with_connection(|db| {
        let mut statement = db
            .prepare("SELECT name, value FROM areas ORDER BY name")
            .expect("sql");
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("rows")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        rows
    });
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|(b, _)| b.0.as_str())
        .collect();
    assert_eq!(changed, ["v1"]);
}

/// Writes one message per call from several threads until one fails; answers the ids of
/// those acknowledged.
fn write_until_refused(store: &Arc<Store>, threads: usize) -> Vec<String> {
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let store = Arc::clone(store);
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for i in 0..100_000 {
                    let id = format!("m-{t}-{i}");
                    let mut m = message(&id, 1.0);
                    // Big bodies fill the database sooner.
                    m.body = Some("x".repeat(2_000));
                    match store.write(|tx| tx.insert_message(&m)) {
                        Ok(()) => acknowledged.push(id),
                        Err(e) => {
                            assert!(
                                matches!(e, EmuError::Internal { .. }),
                                "a refused write is an internal error: {e:?}"
                            );
                            return acknowledged;
                        }
                    }
                }
                panic!("the database never filled up");
            })
        })
        .collect();
    workers
        .into_iter()
        .flat_map(|w| w.join().expect("writer"))
        .collect()
}

#[test]
fn a_full_disk_answers_an_internal_error_and_loses_nothing_acknowledged() {
    let dir = TempDir::new("full");
    let path = dir.file("state.db");
    let store = Arc::new(Store::open(&path, keep_all()).expect("store"));
    // SQLite's page limit stands for the disk: past it, writes fail with SQLITE_FULL, as
    // they do on a full disk.
    store.with_connection(|db| {
        let pages: i64 = db
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .expect("pages");
        db.execute_batch(&format!("PRAGMA max_page_count = {}", pages + 40))
            .expect("limit");
    });
    let acknowledged = write_until_refused(&store, 4);
    assert!(acknowledged.len() > 10, "{acknowledged:?}");
    // Still serving reads, and what it answers is what was acknowledged.
    let mut stored = ids(&store);
    stored.sort();
    let mut expected = acknowledged.clone();
    expected.sort();
    assert_eq!(stored, expected);
    drop(Arc::into_inner(store).expect("the last reference"));

    let reopened = Store::open(&path, keep_all()).expect("reopen");
    let mut stored = ids(&reopened);
    stored.sort();
    assert_eq!(stored, expected, "after a restart");
}

#[test]
fn a_read_only_database_answers_an_internal_error_and_keeps_what_it_had() {
    let dir = TempDir::new("read-only");
    let path = dir.file("state.db");
    let store = Arc::new(Store::open(&path, keep_all()).expect("store"));
    store
        .write(|tx| tx.insert_message(&message("before", 1.0)))
        .expect("a write");
    store.with_connection(|db| {
        db.execute_batch("PRAGMA query_only = ON")
            .expect("read-only")
    });
    let refused = write_until_refused(&store, 2);
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(ids(&store), ["before"]);
    drop(Arc::into_inner(store).expect("the last reference"));
    let reopened = Store::open(&path, keep_all()).expect("reopen");
    assert_eq!(ids(&reopened), ["before"]);
}

#[test]
fn concurrent_writes_share_commits_and_all_survive_a_restart() {
    let dir = TempDir::new("group");
    let path = dir.file("state.db");
    let store = Arc::new(Store::open(&path, keep_all()).expect("store"));
    let workers: Vec<_> = (0..8)
        .map(|t| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                for i in 0..50 {
                    store
                        .write(|tx| tx.insert_message(&message(&format!("m-{t}-{i}"), 1.0)))
                        .expect("write");
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("writer");
    }
    drop(Arc::into_inner(store).expect("the last reference"));
    let reopened = Store::open(&path, keep_all()).expect("reopen");
    assert_eq!(ids(&reopened).len(), 400);
    // Spend was counted once per message.
    let spent = reopened.query(|tx| tx.spent("SMS", "1970-01").expect("spend"));
    assert_eq!(spent, 0.0, "insert_message alone does not count spend");
}

#[test]
fn operations_wait_for_their_commit_once() {
    let dir = TempDir::new("operation");
    let path = dir.file("state.db");
    let store = Store::open(&path, keep_all()).expect("store");
    let answered = store.operation(|| {
        store.write(|tx| tx.insert_message(&message("a", 1.0)))?;
        store.write(|tx| tx.insert_message(&message("b", 2.0)))?;
        Ok(store.query(|tx| tx.message_count()))
    });
    assert_eq!(answered.expect("operation").expect("count"), 2);
    drop(store);
    let reopened = Store::open(&path, keep_all()).expect("reopen");
    assert_eq!(ids(&reopened), ["a", "b"]);
}

#[test]
fn retention_keeps_the_newest_messages() {
    let store = Store::in_memory(Retention {
        max_messages: Some(3),
        max_age: None,
    })
    .expect("store");
    for i in 0..5 {
        store
            .write(|tx| tx.insert_message(&message(&format!("m{i}"), f64::from(i))))
            .expect("write");
    }
    assert_eq!(ids(&store), ["m2", "m3", "m4"]);
    let events: i64 = store.with_connection(|db| {
        db.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .expect("count")
    });
    assert_eq!(events, 6, "the events of dropped messages go with them");
    store
        .write(|tx| tx.prune_older_than(4.0))
        .expect("prune by age");
    assert_eq!(ids(&store), ["m4"]);
}

#[test]
fn max_age_prunes_in_the_background() {
    let store = Store::in_memory(Retention {
        max_messages: None,
        max_age: Some(Duration::from_secs(60)),
    })
    .expect("store");
    let now = crate::now().as_epoch_f64();
    store
        .write(|tx| {
            tx.insert_message(&message("old", now - 3_600.0))?;
            tx.insert_message(&message("new", now))
        })
        .expect("write");
    let deadline = Instant::now() + Duration::from_secs(10);
    while ids(&store).len() > 1 {
        assert!(Instant::now() < deadline, "never pruned: {:?}", ids(&store));
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(ids(&store), ["new"]);
}

fn refusal(path: &Path) -> String {
    match Store::open(path, keep_all()) {
        Ok(_) => panic!("{} was opened", path.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn files_that_are_not_the_emulators_are_refused_and_left_alone() {
    let dir = TempDir::new("refused");
    // Another program's database.
    let foreign = dir.file("foreign.db");
    {
        let db = Connection::open(&foreign).expect("sqlite");
        db.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .expect("sql");
    }
    let before = std::fs::read(&foreign).expect("read");
    let refused = refusal(&foreign);
    assert!(refused.contains("another program"), "{refused}");
    assert!(
        refused.contains(foreign.to_str().expect("UTF-8")),
        "{refused}"
    );
    assert_eq!(std::fs::read(&foreign).expect("read"), before);

    // A database of a newer emulator.
    let newer = dir.file("newer.db");
    drop(Store::open(&newer, keep_all()).expect("create"));
    {
        let db = Connection::open(&newer).expect("sqlite");
        db.execute_batch("PRAGMA user_version = 99").expect("sql");
    }
    let refused = refusal(&newer);
    assert!(refused.contains("newer emulator"), "{refused}");

    // A database cut short, and one with a page overwritten.
    let whole = dir.file("whole.db");
    {
        let store = Store::open(&whole, keep_all()).expect("create");
        for i in 0..300 {
            store
                .write(|tx| tx.insert_message(&message(&format!("m{i}"), 1.0)))
                .expect("write");
        }
    }
    let bytes = std::fs::read(&whole).expect("read");
    assert!(bytes.len() > 8 * 4096, "{} bytes", bytes.len());
    let truncated = dir.file("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let refused = refusal(&truncated);
    assert!(refused.contains("damaged"), "{refused}");
    assert_eq!(
        std::fs::read(&truncated).expect("read"),
        bytes[..bytes.len() / 2]
    );
    let scrambled = dir.file("scrambled.db");
    let mut damaged = bytes.clone();
    for byte in &mut damaged[4096 + 100..3 * 4096] {
        *byte = 0xA5;
    }
    std::fs::write(&scrambled, &damaged).expect("write");
    let refused = refusal(&scrambled);
    assert!(refused.contains("damaged"), "{refused}");
    assert_eq!(std::fs::read(&scrambled).expect("read"), damaged);

    // An empty file, and a file of something else.
    let empty = dir.file("empty");
    std::fs::write(&empty, b"").expect("write");
    assert!(refusal(&empty).contains("is empty"));
    let text = dir.file("notes.txt");
    std::fs::write(&text, b"hello").expect("write");
    assert!(refusal(&text).contains("not a state file"));
    assert_eq!(std::fs::read(&text).expect("read"), b"hello");
}

#[test]
fn a_json_state_file_of_an_earlier_version_is_migrated_and_kept() {
    let dir = TempDir::new("migrate");
    let path = dir.file("emulator.json");
    let old = serde_json::json!({
        "config_sets": { "configuration_sets": {} },
        "numbers": {
            "opted_out_numbers": {
                "Default": {
                    "+14255550100": {
                        "OptedOutNumber": "+14255550100",
                        "OptedOutTimestamp": 1_700_000_000.0,
                        "EndUserOptedOut": true
                    }
                }
            }
        },
        "sending": {
            "messages": [
                serde_json::to_value(message("first", 1_700_000_000.0)).expect("JSON"),
                serde_json::to_value(message("second", 1_700_000_100.0)).expect("JSON"),
            ],
            "verified_destination_numbers": {}
        },
        "v1": { "configuration_sets": { "legacy": [] } },
        "idempotency": [{
            "operation": "CreatePool",
            "token": "tok",
            "input": { "IsoCountryCode": "US" },
            "output": { "PoolId": "pool-1" }
        }]
    });
    let text = serde_json::to_vec_pretty(&old).expect("JSON");
    std::fs::write(&path, &text).expect("write");

    let store = Store::open(&path, keep_all()).expect("migrated");
    let kept = store.migrated_from().expect("a migration").to_owned();
    assert_eq!(std::fs::read(&kept).expect("the JSON file is kept"), text);
    assert_eq!(ids(&store), ["first", "second"]);
    let first = store
        .query(|tx| tx.message("first").expect("query"))
        .expect("first");
    assert_eq!(first.events.len(), 2);
    assert!(store.query(|tx| tx.is_opted_out("Default", "+14255550100").expect("query")));
    let answered = store
        .query(|tx| tx.answered("CreatePool", "tok").expect("query"))
        .expect("the idempotency record");
    assert_eq!(answered.output["PoolId"], "pool-1");
    assert!(store.read(|state| state.v1.configuration_sets.contains_key("legacy")));
    // Spend was counted from the messages: two in one month.
    let month = crate::ops::sending::month_key(1_700_000_000.0);
    let spent = store.query(|tx| tx.spent("SMS", &month).expect("spend"));
    assert!((spent - 2.0 * 0.00581).abs() < 1e-9, "{spent}");
    drop(store);
    // The file is now the database, and opens as such.
    let reopened = Store::open(&path, keep_all()).expect("reopen");
    assert!(reopened.migrated_from().is_none());
    assert_eq!(ids(&reopened), ["first", "second"]);
}

#[test]
fn a_database_of_schema_version_1_is_migrated() {
    let dir = TempDir::new("schema-1");
    let path = dir.file("state.db");
    {
        let store = Store::open(&path, keep_all()).expect("create");
        let mut m = message("otp", 1.0);
        m.body = Some("Your verification code is 135790.".to_owned());
        store.write(|tx| tx.insert_message(&m)).expect("write");
    }
    // Take it back to version 1: no code column, no index by configuration set.
    {
        let db = Connection::open(&path).expect("sqlite");
        db.execute_batch(
            "DROP INDEX messages_by_configuration_set;
             ALTER TABLE messages DROP COLUMN code;
             PRAGMA user_version = 1;",
        )
        .expect("back to version 1");
    }
    let store = Store::open(&path, keep_all()).expect("migrated");
    let m = store
        .query(|tx| tx.message("otp").expect("query"))
        .expect("the message");
    assert_eq!(m.code.as_deref(), Some("135790"));
    let version: i64 = store.with_connection(|db| {
        db.query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version")
    });
    assert_eq!(version, SCHEMA_VERSION);
}
