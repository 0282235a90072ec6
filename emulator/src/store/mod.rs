//! The store: the emulator's state in SQLite, in memory or in a file (`--state`).
//!
//! - The resource state (configuration sets, numbers, pools, registrations…) is held in
//!   memory as a [`State`] of [`Area`](crate::state::Area)s and saved in the `areas` table,
//!   one row per area; a change saves only the areas it wrote to.
//! - What grows with use (messages and their events, opted-out numbers, the month's spend,
//!   idempotency records) lives only in tables with indexes, reached through a [`Tx`]; a send
//!   costs the same with a million messages stored as with none.
//! - Every change runs in a savepoint on the one writer connection, against a copy of the
//!   state: a change that fails is rolled back and changes nothing.
//! - With a file, changes are made durable by group commit: the database is in WAL mode with
//!   `synchronous=FULL`, a background thread commits the changes of every operation that ran
//!   since the last commit in one transaction (one fsync for all of them), and an operation
//!   answers only once the transaction holding its change is on disk. If that commit fails
//!   (a full disk, say), every operation in it answers an internal error and the state goes
//!   back to what is on disk.
//! - Operations run on tokio's blocking threads (see [`Emulator`](crate::Emulator)), never on
//!   the async workers, since they take the writer's lock and wait for the disk.
//!
//! Retention, as mail catchers have it: at most [`Retention::max_messages`] messages are kept
//! (the oldest go first) and, with [`Retention::max_age`], none older than that.

mod open;
mod tables;

use std::cell::Cell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::error::EmuError;
use crate::State;

pub use open::{StoreError, SCHEMA_VERSION};
pub use tables::{MessageQuery, Tx};

/// How many messages the store keeps when nothing else is said (`--max-messages`).
pub const DEFAULT_MAX_MESSAGES: u64 = 50_000;

/// How long the background thread waits between its rounds when nothing wakes it: the
/// granularity of `--max-age`.
const HOUSEKEEPING_PERIOD: Duration = Duration::from_secs(1);

/// How long a commit waits for writers already queued for the lock to join it.
const GATHER_AT_MOST: Duration = Duration::from_millis(2);

/// Which messages the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Keep at most this many messages, dropping the oldest first; `None` keeps them all.
    pub max_messages: Option<u64>,
    /// Drop messages older than this (checked every second); `None` keeps them whatever
    /// their age.
    pub max_age: Option<Duration>,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            max_messages: Some(DEFAULT_MAX_MESSAGES),
            max_age: None,
        }
    }
}

/// The state and its database.
#[derive(Debug)]
pub struct Store {
    shared: Arc<Shared>,
    housekeeper: Option<JoinHandle<()>>,
    migrated_from: Option<PathBuf>,
}

#[derive(Debug)]
struct Shared {
    /// The database file; `None` in memory.
    path: Option<PathBuf>,
    retention: Retention,
    writer: Mutex<Writer>,
    /// The state as of the last change, for reads that need no table.
    snapshot: Mutex<Snapshot>,
    durable: Mutex<Durable>,
    durable_changed: Condvar,
    work: Mutex<Work>,
    work_changed: Condvar,
    /// Writers waiting for the writer's lock: a commit lets them in first.
    entering: AtomicUsize,
    /// The `seq` of the newest message committed, for those waiting for new messages.
    newest_message: tokio::sync::watch::Sender<i64>,
}

/// The one connection that writes, and the state it has written.
#[derive(Debug)]
struct Writer {
    db: Connection,
    state: State,
    /// With a file: the generation (a number) of the open transaction, if one is open.
    open: Option<u64>,
    next_generation: u64,
    /// The `seq` of the newest message in the open transaction, told once it is committed.
    uncommitted_message: Option<i64>,
}

#[derive(Debug, Clone)]
struct Snapshot {
    state: State,
    /// The generation whose commit this state waits for, if it holds uncommitted changes.
    pending: Option<u64>,
}

/// Which transactions are settled: every generation up to `settled` is committed, but those
/// in `failed`, whose commit failed for the reason given.
#[derive(Debug, Default)]
struct Durable {
    settled: u64,
    failed: VecDeque<(u64, String)>,
}

/// How many failed generations are remembered for the operations waiting on them.
const FAILED_REMEMBERED: usize = 1024;

#[derive(Debug, Default)]
struct Work {
    pending: bool,
    stop: bool,
}

thread_local! {
    /// Inside [`Store::operation`]: the newest generation the operation wrote to or read
    /// from, whose commit it waits for before it answers (0: none yet).
    static OPERATION: Cell<Option<u64>> = const { Cell::new(None) };
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing in the store panics while it holds a lock in a way that leaves the data half
    // changed: the state is replaced whole, and the database rolls back on its own.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn internal(what: impl std::fmt::Display) -> EmuError {
    EmuError::Internal {
        message: format!("the emulator's store failed: {what}"),
        v1: false,
    }
}

impl Store {
    /// A store in memory only (an in-memory SQLite database).
    pub fn in_memory(retention: Retention) -> Result<Self, StoreError> {
        let (db, state) = open::open_memory()?;
        Ok(Self::start(db, state, None, retention, None))
    }

    /// A store saved at `path`: opened if it exists (a state file of an earlier version, in
    /// JSON, is migrated first, and kept beside it), created with its parent folder
    /// otherwise. A file that is not a state database of this emulator, or is damaged, is
    /// refused and left as it is.
    pub fn open(path: &Path, retention: Retention) -> Result<Self, StoreError> {
        let opened = open::open_file(path)?;
        Ok(Self::start(
            opened.db,
            opened.state,
            Some(path.to_owned()),
            retention,
            opened.migrated_from,
        ))
    }

    fn start(
        db: Connection,
        state: State,
        path: Option<PathBuf>,
        retention: Retention,
        migrated_from: Option<PathBuf>,
    ) -> Self {
        let durable = path.is_some();
        let newest = tables::newest_seq(&db).unwrap_or(0);
        let shared = Arc::new(Shared {
            path,
            retention,
            snapshot: Mutex::new(Snapshot {
                state: state.clone(),
                pending: None,
            }),
            writer: Mutex::new(Writer {
                db,
                state,
                open: None,
                next_generation: 1,
                uncommitted_message: None,
            }),
            durable: Mutex::new(Durable::default()),
            durable_changed: Condvar::new(),
            work: Mutex::new(Work::default()),
            work_changed: Condvar::new(),
            entering: AtomicUsize::new(0),
            newest_message: tokio::sync::watch::Sender::new(newest),
        });
        // A thread commits (with a file) and prunes old messages (with --max-age).
        let housekeeper = (durable || retention.max_age.is_some()).then(|| {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("store".to_owned())
                .spawn(move || shared.housekeep())
                .ok()
        });
        Self {
            shared,
            housekeeper: housekeeper.flatten(),
            migrated_from,
        }
    }

    /// The file the state was migrated from at startup (a JSON state file of an earlier
    /// version, now kept under this name), if it was.
    pub fn migrated_from(&self) -> Option<&Path> {
        self.migrated_from.as_deref()
    }

    /// The database file, if the store has one.
    pub fn path(&self) -> Option<&Path> {
        self.shared.path.as_deref()
    }

    /// What the store keeps.
    pub fn retention(&self) -> Retention {
        self.shared.retention
    }

    /// The `seq` of the newest message committed, which changes as soon as a new message is
    /// (on disk, with a file): what a request waiting for a message waits on.
    pub fn newest_message(&self) -> tokio::sync::watch::Receiver<i64> {
        self.shared.newest_message.subscribe()
    }

    /// Runs one operation, `f`: the changes and reads it makes through [`write`](Self::write),
    /// [`read`](Self::read) and [`query`](Self::query) are waited for once, at its end,
    /// until they are on disk. If they cannot be saved, the operation answers an internal
    /// error instead of its result. Blocks: call it on a blocking thread.
    pub fn operation<R>(&self, f: impl FnOnce() -> Result<R, EmuError>) -> Result<R, EmuError> {
        let outer = OPERATION.with(|scope| scope.replace(Some(0)));
        let result = f();
        let generation = OPERATION.with(|scope| scope.replace(outer)).unwrap_or(0);
        if generation > 0 {
            self.shared.wait(generation)?;
        }
        result
    }

    /// Reads the state (the tables are not needed).
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        let snapshot = lock(&self.shared.snapshot).clone();
        let result = f(&snapshot.state);
        if let Some(generation) = snapshot.pending {
            in_operation(generation);
        }
        result
    }

    /// Reads the state and the tables, as of the last change.
    pub fn query<R>(&self, f: impl FnOnce(&Tx<'_>) -> R) -> R {
        let writer = self.shared.lock_writer();
        let mut state = writer.state.clone();
        let tx = Tx::new(&writer.db, &mut state, &self.shared.retention);
        let result = f(&tx);
        let pending = writer.open;
        drop(writer);
        if let Some(generation) = pending {
            in_operation(generation);
        }
        result
    }

    /// Changes the state and the tables: `f` runs on a copy of the state in a savepoint;
    /// only if it succeeds are its changes kept, the areas it wrote to saved, and the copy
    /// made the state. Outside an [`operation`](Self::operation), waits until the change is
    /// on disk. Blocks with a file: call it on a blocking thread.
    pub fn write<R>(
        &self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<R, EmuError>,
    ) -> Result<R, EmuError> {
        let (result, generation) = self.shared.apply(f);
        if let Some(generation) = generation {
            if !in_operation(generation) {
                self.shared.wait(generation)?;
            }
        }
        result
    }

    #[cfg(test)]
    fn with_connection<R>(&self, f: impl FnOnce(&Connection) -> R) -> R {
        f(&self.shared.lock_writer().db)
    }
}

/// Inside an operation, notes that it waits for `generation`; answers whether it was inside
/// one.
fn in_operation(generation: u64) -> bool {
    OPERATION.with(|scope| match scope.get() {
        Some(newest) => {
            scope.set(Some(newest.max(generation)));
            true
        }
        None => false,
    })
}

impl Drop for Store {
    fn drop(&mut self) {
        lock(&self.shared.work).stop = true;
        self.shared.work_changed.notify_all();
        if let Some(thread) = self.housekeeper.take() {
            let _ = thread.join();
        }
    }
}

impl Shared {
    fn lock_writer(&self) -> MutexGuard<'_, Writer> {
        self.entering.fetch_add(1, Ordering::SeqCst);
        let writer = lock(&self.writer);
        self.entering.fetch_sub(1, Ordering::SeqCst);
        writer
    }

    /// Runs a change; answers its result and, with a file, the generation whose commit it
    /// waits for.
    fn apply<R>(
        &self,
        f: impl FnOnce(&mut Tx<'_>) -> Result<R, EmuError>,
    ) -> (Result<R, EmuError>, Option<u64>) {
        let mut guard = self.lock_writer();
        let writer = &mut *guard;
        if self.path.is_some() && writer.open.is_none() {
            if let Err(e) = writer.db.execute_batch("BEGIN IMMEDIATE") {
                return (Err(internal(e)), None);
            }
            writer.open = Some(writer.next_generation);
            writer.next_generation += 1;
        }
        // In memory, the savepoint is the transaction, and releasing it commits.
        if let Err(e) = writer.db.execute_batch("SAVEPOINT operation") {
            let error = internal(&e);
            self.abandon(writer, &e.to_string());
            return (Err(error), None);
        }
        let mut state = writer.state.clone();
        // A panic in `f` (a bug) must not leave its savepoint open with half its changes:
        // they are rolled back before the panic goes on (to the operation's blocking task,
        // which answers an internal error).
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut tx = Tx::new(&writer.db, &mut state, &self.retention);
            let result = f(&mut tx).and_then(|value| tx.finish().map(|()| value));
            (result, tx.newest_message())
        }));
        let (result, newest_message) = match outcome {
            Ok(outcome) => outcome,
            Err(panic) => {
                self.rollback_operation(writer, "the operation panicked");
                drop(guard);
                std::panic::resume_unwind(panic);
            }
        };
        let result = result.and_then(|value| {
            let changed = state.changed_since(&writer.state).map_err(internal)?;
            tables::save_areas(&writer.db, &changed)?;
            Ok(value)
        });
        match result {
            Ok(value) => {
                if let Err(e) = writer.db.execute_batch("RELEASE operation") {
                    let error = internal(&e);
                    self.rollback_operation(writer, &e.to_string());
                    return (Err(error), None);
                }
                writer.state = state;
                if let Some(seq) = newest_message {
                    if writer.open.is_some() {
                        writer.uncommitted_message = Some(seq);
                    } else {
                        self.newest_message.send_replace(seq);
                    }
                }
                *lock(&self.snapshot) = Snapshot {
                    state: writer.state.clone(),
                    pending: writer.open,
                };
                let generation = writer.open;
                drop(guard);
                if generation.is_some() {
                    lock(&self.work).pending = true;
                    self.work_changed.notify_one();
                }
                (Ok(value), generation)
            }
            Err(error) => {
                let reason = error.to_string();
                self.rollback_operation(writer, &reason);
                (Err(error), None)
            }
        }
    }

    /// Undoes the operation's savepoint; if SQLite already rolled back the whole
    /// transaction (it does on a full disk), or the undo fails, the whole transaction is
    /// abandoned.
    fn rollback_operation(&self, writer: &mut Writer, reason: &str) {
        let whole_transaction_gone = self.path.is_some() && writer.db.is_autocommit();
        if whole_transaction_gone
            || writer
                .db
                .execute_batch("ROLLBACK TO operation; RELEASE operation")
                .is_err()
        {
            self.abandon(writer, reason);
        }
    }

    /// Rolls back the open transaction, fails the operations waiting on it, and takes the
    /// state back to what the database holds.
    fn abandon(&self, writer: &mut Writer, reason: &str) {
        if !writer.db.is_autocommit() {
            let _ = writer.db.execute_batch("ROLLBACK");
        }
        match open::load_state(&writer.db) {
            Ok(state) => writer.state = state,
            Err(e) => eprintln!("sms-voice-emulator: could not reload the state: {e}"),
        }
        *lock(&self.snapshot) = Snapshot {
            state: writer.state.clone(),
            pending: None,
        };
        writer.uncommitted_message = None;
        if let Some(generation) = writer.open.take() {
            self.settle(generation, Some(reason.to_owned()));
        }
    }

    fn settle(&self, generation: u64, failure: Option<String>) {
        let mut durable = lock(&self.durable);
        durable.settled = durable.settled.max(generation);
        if let Some(reason) = failure {
            durable.failed.push_back((generation, reason));
            if durable.failed.len() > FAILED_REMEMBERED {
                durable.failed.pop_front();
            }
        }
        drop(durable);
        self.durable_changed.notify_all();
    }

    /// Waits until `generation` is settled; an error if its commit failed.
    fn wait(&self, generation: u64) -> Result<(), EmuError> {
        let mut durable = lock(&self.durable);
        while durable.settled < generation {
            durable = self
                .durable_changed
                .wait(durable)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        match durable.failed.iter().find(|(g, _)| *g == generation) {
            Some((_, reason)) => Err(EmuError::Internal {
                message: format!("the change could not be saved: {reason}"),
                v1: false,
            }),
            None => Ok(()),
        }
    }

    /// Commits the open transaction (one fsync for every change in it).
    fn commit(&self) {
        // Writers already queued for the lock join this transaction first.
        let start = Instant::now();
        while self.entering.load(Ordering::SeqCst) > 0 && start.elapsed() < GATHER_AT_MOST {
            std::thread::yield_now();
        }
        let mut guard = lock(&self.writer);
        let writer = &mut *guard;
        let Some(generation) = writer.open else {
            return;
        };
        match writer.db.execute_batch("COMMIT") {
            Ok(()) => {
                writer.open = None;
                if let Some(seq) = writer.uncommitted_message.take() {
                    self.newest_message.send_replace(seq);
                }
                let mut snapshot = lock(&self.snapshot);
                if snapshot.pending == Some(generation) {
                    snapshot.pending = None;
                }
                drop(snapshot);
                drop(guard);
                self.settle(generation, None);
            }
            Err(e) => self.abandon(writer, &e.to_string()),
        }
    }

    /// The background thread: commits what is pending (with a file), prunes messages past
    /// `max_age`, and commits what is left when the store is dropped.
    fn housekeep(&self) {
        let mut last_prune = Instant::now();
        loop {
            let mut work = lock(&self.work);
            if !work.pending && !work.stop {
                work = self
                    .work_changed
                    .wait_timeout(work, HOUSEKEEPING_PERIOD)
                    .map(|(work, _)| work)
                    .unwrap_or_else(|poisoned| poisoned.into_inner().0);
            }
            let (pending, stop) = (work.pending, work.stop);
            work.pending = false;
            drop(work);
            if let Some(max_age) = self.retention.max_age {
                if last_prune.elapsed() >= HOUSEKEEPING_PERIOD {
                    last_prune = Instant::now();
                    let cutoff = crate::now().as_epoch_f64() - max_age.as_secs_f64();
                    let (result, _) = self.apply(|tx| tx.prune_older_than(cutoff));
                    if let Err(e) = result {
                        eprintln!("sms-voice-emulator: pruning old messages: {e}");
                    }
                }
            }
            if self.path.is_some() && (pending || stop || lock(&self.writer).open.is_some()) {
                self.commit();
            }
            if stop {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests;
