//! The emulator's state, and the store that keeps it: in memory, and on disk with `--state`.
//!
//! Every change runs on a copy of the state; only when the operation succeeds is the copy
//! written to disk (a temporary file, synced, then renamed over the old one) and made
//! current. So a failed operation changes nothing, and anything an operation acknowledged is
//! on disk before the answer leaves: it survives `kill -9` and a restart.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::error::EmuError;
use crate::ops;

/// Everything the emulator remembers. Each area of the API keeps its resources in its own
/// part, defined beside its operations; any area may read another's.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    /// Configuration sets, their event destinations and defaults.
    pub config_sets: ops::config_sets::ConfigSetsState,
    /// Account attributes and limits, spend limits, resource policies and tags.
    pub account: ops::account::AccountState,
    /// Phone numbers, sender IDs, pools, keywords, opt-out lists.
    pub numbers: ops::numbers::NumbersState,
    /// Protect configurations with their rule sets and overrides.
    pub protect: ops::protect::ProtectState,
    /// Registrations, versions, attachments, field values, associations.
    pub registrations: ops::registrations::RegistrationsState,
    /// Sent and received messages, verified destination numbers.
    pub sending: ops::sending::SendingState,
    /// v1 configuration sets and event destinations.
    pub v1: ops::v1::V1State,
    /// The latest calls answered with an idempotency token, oldest first.
    pub idempotency: Vec<crate::idempotency::Answered>,
}

impl State {
    /// Whether any resource has this ARN.
    pub fn has_arn(&self, arn: &str) -> bool {
        self.config_sets.has_arn(arn)
            || self.account.has_arn(arn)
            || self.numbers.has_arn(arn)
            || self.protect.has_arn(arn)
            || self.registrations.has_arn(arn)
            || self.sending.has_arn(arn)
            || self.v1.has_arn(arn)
    }
}

/// The state behind a lock, and where it is saved.
#[derive(Debug)]
pub struct Store {
    state: Mutex<State>,
    path: Option<PathBuf>,
}

/// Why the state file could not be used at startup.
#[derive(Debug)]
pub struct StoreError {
    path: PathBuf,
    what: String,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "state file {}: {}", self.path.display(), self.what)
    }
}

impl std::error::Error for StoreError {}

impl Store {
    /// A store in memory only.
    pub fn in_memory() -> Self {
        Self {
            state: Mutex::new(State::default()),
            path: None,
        }
    }

    /// A store saved at `path`: loaded from it if it exists, created (with its parent folder)
    /// otherwise.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let error = |what: String| StoreError {
            path: path.to_owned(),
            what,
        };
        let state = match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| error(format!("not a state file of this emulator: {e}")))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let state = State::default();
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    fs::create_dir_all(parent).map_err(|e| error(e.to_string()))?;
                }
                save(path, &state).map_err(|e| error(e.to_string()))?;
                state
            }
            Err(e) => return Err(error(e.to_string())),
        };
        Ok(Self {
            state: Mutex::new(state),
            path: Some(path.to_owned()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held happened before the state was replaced (changes
        // run on a copy), so the state inside is whole.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Reads the state.
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.lock())
    }

    /// Changes the state: `f` runs on a copy, which replaces the state (and is saved first,
    /// with `--state`) only if `f` succeeds.
    pub fn write<R>(
        &self,
        f: impl FnOnce(&mut State) -> Result<R, EmuError>,
    ) -> Result<R, EmuError> {
        let mut state = self.lock();
        let mut next = state.clone();
        let result = f(&mut next)?;
        if let Some(path) = &self.path {
            save(path, &next).map_err(|e| EmuError::Internal {
                message: format!("could not save the emulator state: {e}"),
                v1: false,
            })?;
        }
        *state = next;
        Ok(result)
    }
}

fn save(path: &Path, state: &State) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(state).map_err(std::io::Error::other)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut file = fs::File::create(&tmp)?;
    file.write_all(&bytes)?;
    file.sync_data()?;
    drop(file);
    fs::rename(&tmp, path)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The rename itself is durable once the folder is synced.
        if let Ok(dir) = fs::File::open(parent) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}
