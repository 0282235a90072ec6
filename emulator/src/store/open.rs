//! Opening the database: the schema, the checks that refuse a file that is not the
//! emulator's (or is damaged) without touching it, and the migration of the JSON state file
//! of earlier versions.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use sms_voice::pinpointsmsvoicev2::OptedOutNumberInformation;

use crate::idempotency::Answered;
use crate::ops::sending::{self, Message};
use crate::State;

/// The version of the schema below, kept in SQLite's `user_version`. A database of a newer
/// version is refused; an older one is migrated at startup, in one transaction.
pub const SCHEMA_VERSION: i64 = 2;

/// SQLite's `application_id` of the emulator's databases ("SMSv"), which tells them from
/// any other SQLite file.
const APPLICATION_ID: i64 = 0x534D_5376;

/// The tables. Messages are in the order they were accepted (`seq`); their events point to
/// them by `seq`. Timestamps are epoch seconds.
const SCHEMA: &str = "
CREATE TABLE areas (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE messages (
    seq                            INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id                     TEXT NOT NULL UNIQUE,
    direction                      TEXT NOT NULL,
    channel                        TEXT NOT NULL,
    api                            TEXT NOT NULL,
    origination                    TEXT NOT NULL,
    origination_kind               TEXT NOT NULL,
    origination_id                 TEXT NOT NULL,
    origination_arn                TEXT NOT NULL,
    destination                    TEXT NOT NULL,
    destination_country            TEXT,
    body                           TEXT,
    media_urls                     TEXT NOT NULL,
    configuration_set              TEXT,
    message_type                   TEXT,
    timestamp                      REAL NOT NULL,
    price                          REAL NOT NULL,
    parts                          INTEGER NOT NULL,
    time_to_live                   INTEGER NOT NULL,
    context                        TEXT NOT NULL,
    destination_country_parameters TEXT NOT NULL,
    keyword                        TEXT,
    max_price                      TEXT,
    protect_configuration_id       TEXT,
    voice_id                       TEXT,
    language_code                  TEXT,
    message_feedback_enabled       INTEGER NOT NULL,
    message_feedback_status        TEXT,
    code                           TEXT
);
CREATE INDEX messages_by_destination ON messages (destination, seq);
CREATE INDEX messages_by_timestamp ON messages (timestamp);
CREATE INDEX messages_by_configuration_set ON messages (configuration_set, seq);
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    message_seq INTEGER NOT NULL,
    type        TEXT NOT NULL,
    timestamp   REAL NOT NULL
);
CREATE INDEX events_by_message ON events (message_seq);
CREATE TABLE spend (
    channel TEXT NOT NULL,
    month   TEXT NOT NULL,
    usd     REAL NOT NULL,
    PRIMARY KEY (channel, month)
) WITHOUT ROWID;
CREATE TABLE opted_out_numbers (
    list                TEXT NOT NULL,
    number              TEXT NOT NULL,
    opted_out_timestamp REAL NOT NULL,
    end_user_opted_out  INTEGER NOT NULL,
    PRIMARY KEY (list, number)
) WITHOUT ROWID;
CREATE TABLE idempotency (
    seq       INTEGER PRIMARY KEY,
    operation TEXT NOT NULL,
    token     TEXT NOT NULL,
    input     TEXT NOT NULL,
    output    TEXT NOT NULL,
    UNIQUE (operation, token)
);
";

/// Version 1 to 2: the one-time code of each message (filled in from the stored texts), and
/// an index for the search by configuration set.
fn migrate_1_to_2(db: &Connection) -> rusqlite::Result<()> {
    db.execute_batch(
        "ALTER TABLE messages ADD COLUMN code TEXT;
         CREATE INDEX messages_by_configuration_set ON messages (configuration_set, seq);",
    )?;
    let bodies: Vec<(i64, String)> = db
        .prepare("SELECT seq, body FROM messages WHERE body IS NOT NULL")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = db.prepare("UPDATE messages SET code = ?2 WHERE seq = ?1")?;
    for (seq, body) in bodies {
        if let Some(code) = crate::code::one_time_code(&body) {
            update.execute(rusqlite::params![seq, code])?;
        }
    }
    Ok(())
}

/// The migrations, in order: `MIGRATIONS[i]` takes a database of version `i + 1` to `i + 2`.
const MIGRATIONS: &[fn(&Connection) -> rusqlite::Result<()>] = &[migrate_1_to_2];

/// Migrates a database of `version` to [`SCHEMA_VERSION`], in one transaction.
fn migrate(db: &Connection, version: i64) -> rusqlite::Result<()> {
    db.execute_batch("BEGIN IMMEDIATE")?;
    let steps = || -> rusqlite::Result<()> {
        for (from, step) in (1..)
            .zip(MIGRATIONS)
            .skip(usize::try_from(version - 1).unwrap_or(0))
        {
            step(db)?;
            db.pragma_update(None, "user_version", from + 1)?;
        }
        Ok(())
    };
    match steps() {
        Ok(()) => db.execute_batch("COMMIT"),
        Err(e) => {
            let _ = db.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Why the state file could not be used at startup.
#[derive(Debug)]
pub struct StoreError {
    path: PathBuf,
    what: String,
}

impl StoreError {
    fn new(path: &Path, what: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            what: what.into(),
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.as_os_str().is_empty() {
            write!(f, "the in-memory store: {}", self.what)
        } else {
            write!(f, "state file {}: {}", self.path.display(), self.what)
        }
    }
}

impl std::error::Error for StoreError {}

/// An opened state file.
pub(super) struct Opened {
    pub db: Connection,
    pub state: State,
    pub migrated_from: Option<PathBuf>,
}

/// The settings of every connection: WAL with a sync at each commit (a file only), and a
/// larger statement cache for the store's statements.
fn configure(db: &Connection, file: bool) -> Result<(), String> {
    db.set_prepared_statement_cache_capacity(64);
    if file {
        let mode: String = db
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(|e| e.to_string())?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(format!("the journal mode stays {mode}, not WAL"));
        }
        db.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn create_schema(db: &Connection) -> rusqlite::Result<()> {
    db.execute_batch(&format!(
        "BEGIN; {SCHEMA}
         PRAGMA application_id = {APPLICATION_ID};
         PRAGMA user_version = {SCHEMA_VERSION};
         COMMIT;"
    ))
}

/// A new in-memory database with the schema.
pub(super) fn open_memory() -> Result<(Connection, State), super::StoreError> {
    let error = |e: String| StoreError::new(Path::new(""), e);
    let db = Connection::open_in_memory().map_err(|e| error(e.to_string()))?;
    configure(&db, false).map_err(error)?;
    create_schema(&db).map_err(|e| error(e.to_string()))?;
    let state = State::default();
    let areas = state.all_areas().map_err(|e| error(e.to_string()))?;
    super::tables::save_areas(&db, &areas).map_err(|e| error(e.to_string()))?;
    Ok((db, state))
}

/// The resource state saved in the database.
pub(super) fn load_state(db: &Connection) -> Result<State, String> {
    let mut statement = db
        .prepare("SELECT name, value FROM areas")
        .map_err(|e| e.to_string())?;
    let rows = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(|e| e.to_string())?;
    let mut areas = serde_json::Map::new();
    for row in rows {
        let (name, value) = row.map_err(|e| e.to_string())?;
        if !State::AREAS.contains(&name.as_str()) {
            return Err(format!("the areas table has an unknown area {name:?}"));
        }
        let value: Value = serde_json::from_str(&value)
            .map_err(|e| format!("the area {name:?} is not valid JSON: {e}"))?;
        areas.insert(name, value);
    }
    serde_json::from_value(Value::Object(areas))
        .map_err(|e| format!("the saved state does not fit this emulator: {e}"))
}

/// What a file's first bytes say it is.
enum Kind {
    Missing,
    Empty,
    Sqlite,
    Json,
    Other,
}

fn kind_of(path: &Path) -> Result<Kind, StoreError> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Kind::Missing),
        Err(e) => return Err(StoreError::new(path, format!("cannot be opened: {e}"))),
    };
    let meta = file
        .metadata()
        .map_err(|e| StoreError::new(path, format!("cannot be read: {e}")))?;
    if meta.is_dir() {
        return Err(StoreError::new(path, "is a folder, not a file"));
    }
    let mut head = [0u8; 16];
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(StoreError::new(path, format!("cannot be read: {e}"))),
        }
    }
    let head = &head[..filled];
    Ok(if head.is_empty() {
        Kind::Empty
    } else if head == b"SQLite format 3\0" {
        Kind::Sqlite
    } else if head
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{')
    {
        Kind::Json
    } else {
        Kind::Other
    })
}

/// Opens (or creates) the state file at `path`.
pub(super) fn open_file(path: &Path) -> Result<Opened, StoreError> {
    match kind_of(path)? {
        Kind::Missing => create(path).map(|(db, state)| Opened {
            db,
            state,
            migrated_from: None,
        }),
        Kind::Sqlite => open_existing(path).map(|(db, state)| Opened {
            db,
            state,
            migrated_from: None,
        }),
        Kind::Json => migrate_json(path),
        Kind::Empty => Err(StoreError::new(
            path,
            "is empty, not a state file of this emulator; delete it to start with a new state",
        )),
        Kind::Other => Err(StoreError::new(
            path,
            "is not a state file of this emulator (neither its SQLite database nor the JSON file of earlier versions); give another path, or delete it to start with a new state",
        )),
    }
}

fn create(path: &Path) -> Result<(Connection, State), StoreError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .map_err(|e| StoreError::new(path, format!("its folder cannot be created: {e}")))?;
    }
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::new(path, format!("cannot be created: {e}")))?;
    let fail = |e: String| StoreError::new(path, format!("cannot be set up: {e}"));
    configure(&db, true).map_err(fail)?;
    create_schema(&db).map_err(|e| fail(e.to_string()))?;
    let state = State::default();
    let areas = state.all_areas().map_err(|e| fail(e.to_string()))?;
    super::tables::save_areas(&db, &areas).map_err(|e| fail(e.to_string()))?;
    Ok((db, state))
}

fn open_existing(path: &Path) -> Result<(Connection, State), StoreError> {
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::new(path, format!("cannot be opened for writing: {e}")))?;
    let damaged = |e: rusqlite::Error| {
        StoreError::new(
            path,
            format!("is damaged ({e}); the emulator leaves it as it is: restore it, or delete it to start with a new state"),
        )
    };
    let application_id: i64 = db
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(damaged)?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::new(
            path,
            "is a SQLite database of another program, not a state file of this emulator; give another path",
        ));
    }
    let version: i64 = db
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(damaged)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::new(
            path,
            format!(
                "was written by a newer emulator (schema version {version}; this one reads up to {SCHEMA_VERSION}); run that version, or give another path"
            ),
        ));
    }
    if version < 1 {
        return Err(StoreError::new(
            path,
            format!("has schema version {version}, which no emulator wrote; it is damaged"),
        ));
    }
    let check: String = db
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(damaged)?;
    if check != "ok" {
        return Err(StoreError::new(
            path,
            format!("is damaged (SQLite's check says: {check}); the emulator leaves it as it is: restore it, or delete it to start with a new state"),
        ));
    }
    configure(&db, true).map_err(|e| StoreError::new(path, format!("cannot be written: {e}")))?;
    if version < SCHEMA_VERSION {
        migrate(&db, version).map_err(|e| {
            StoreError::new(
                path,
                format!("could not be migrated from schema version {version} to {SCHEMA_VERSION}: {e}; it was left as it was"),
            )
        })?;
    }
    let state = load_state(&db).map_err(|e| {
        StoreError::new(
            path,
            format!("is damaged: {e}; the emulator leaves it as it is"),
        )
    })?;
    Ok((db, state))
}

/// Takes a member out of a JSON object, if both are there.
fn take(value: &mut Value, key: &str) -> Value {
    value
        .as_object_mut()
        .and_then(|map| map.remove(key))
        .unwrap_or(Value::Null)
}

/// The JSON state file of versions before the database: read whole, written to a new
/// database beside it, which then takes its place; the JSON file is kept as
/// `{path}.v0.json`. Nothing is written to `path` until the database is complete.
fn migrate_json(path: &Path) -> Result<Opened, StoreError> {
    let refused = |what: String| {
        StoreError::new(
            path,
            format!("looks like a JSON state file of an earlier version, but {what}; the emulator leaves it as it is"),
        )
    };
    let bytes =
        fs::read(path).map_err(|e| StoreError::new(path, format!("cannot be read: {e}")))?;
    let mut value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| refused(format!("it is not valid JSON ({e})")))?;
    if !value.is_object() {
        return Err(refused("it is not a JSON object".to_owned()));
    }
    let messages = take(
        value.get_mut("sending").unwrap_or(&mut Value::Null),
        "messages",
    );
    let opted_out = take(
        value.get_mut("numbers").unwrap_or(&mut Value::Null),
        "opted_out_numbers",
    );
    let idempotency = take(&mut value, "idempotency");
    let messages: Vec<Message> = if messages.is_null() {
        Vec::new()
    } else {
        serde_json::from_value(messages)
            .map_err(|e| refused(format!("its messages do not fit ({e})")))?
    };
    let opted_out: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, OptedOutNumberInformation>,
    > = if opted_out.is_null() {
        Default::default()
    } else {
        serde_json::from_value(opted_out)
            .map_err(|e| refused(format!("its opted-out numbers do not fit ({e})")))?
    };
    let idempotency: Vec<Answered> = if idempotency.is_null() {
        Vec::new()
    } else {
        serde_json::from_value(idempotency)
            .map_err(|e| refused(format!("its idempotency records do not fit ({e})")))?
    };
    let state: State = serde_json::from_value(value)
        .map_err(|e| refused(format!("its resources do not fit ({e})")))?;

    let mut building = path.as_os_str().to_owned();
    building.push(".migrating");
    let building = PathBuf::from(building);
    for leftover in [
        building.clone(),
        wal_file(&building, "-wal"),
        wal_file(&building, "-shm"),
    ] {
        let _ = fs::remove_file(leftover);
    }
    let fail = |e: String| {
        StoreError::new(
            path,
            format!(
                "could not be migrated to the database format: {e}; the JSON file is left as it is"
            ),
        )
    };
    {
        let (db, _) = create(&building).map_err(|e| fail(e.to_string()))?;
        let write = || -> Result<(), String> {
            db.execute_batch("BEGIN").map_err(|e| e.to_string())?;
            super::tables::save_areas(&db, &state.all_areas().map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
            for message in &messages {
                super::tables::insert_message(&db, message).map_err(|e| e.to_string())?;
                if message.direction == "OUTBOUND" && message.price > 0.0 {
                    super::tables::add_spend(
                        &db,
                        &message.channel,
                        &sending::month_key(message.timestamp),
                        message.price,
                    )
                    .map_err(|e| e.to_string())?;
                }
            }
            for (list, numbers) in &opted_out {
                for entry in numbers.values() {
                    super::tables::put_opted_out(&db, list, entry).map_err(|e| e.to_string())?;
                }
            }
            for answered in &idempotency {
                super::tables::remember(&db, answered, i64::MAX).map_err(|e| e.to_string())?;
            }
            db.execute_batch("COMMIT").map_err(|e| e.to_string())
        };
        write().map_err(fail)?;
        // Closing checkpoints the WAL into the file, which is then whole on its own.
        db.close().map_err(|(_, e)| fail(e.to_string()))?;
    }
    let mut kept = path.as_os_str().to_owned();
    kept.push(".v0.json");
    let kept = PathBuf::from(kept);
    fs::copy(path, &kept).map_err(|e| {
        fail(format!(
            "the JSON file could not be kept as {}: {e}",
            kept.display()
        ))
    })?;
    fs::rename(&building, path).map_err(|e| fail(e.to_string()))?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(dir) = fs::File::open(parent) {
            let _ = dir.sync_all();
        }
    }
    let (db, state) = open_existing(path)?;
    Ok(Opened {
        db,
        state,
        migrated_from: Some(kept),
    })
}

fn wal_file(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
