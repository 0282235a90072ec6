//! The emulator's resource state: configuration sets, phone numbers, pools, registrations and
//! the rest of what the operations create, in memory, one [`Area`] per part of the API.
//!
//! What grows with use (messages and their events, opted-out numbers, the month's spend,
//! idempotency records) is not here: it lives in the store's tables (see [`crate::store`]),
//! reached through a [`Tx`](crate::store::Tx).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ops;

/// One part of the state, shared between the state every operation sees and the copies the
/// operations change: a copy costs one reference count, and the part is copied only when a
/// change writes to it (`DerefMut`). An area that was not written to is still the same
/// allocation after the change, which is how the store knows what to save.
#[derive(Default)]
pub struct Area<T>(Arc<T>);

impl<T> Area<T> {
    /// An area holding `value`.
    pub fn new(value: T) -> Self {
        Self(Arc::new(value))
    }

    /// Whether `self` and `other` are one and the same, untouched, allocation.
    pub fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Clone for Area<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> Deref for Area<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> DerefMut for Area<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Area<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<T: Serialize> Serialize for Area<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Area<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(|value| Self(Arc::new(value)))
    }
}

macro_rules! areas {
    ($($(#[doc = $doc:literal])* $name:ident: $ty:ty,)*) => {
        /// Everything the emulator remembers but the tables. Each area of the API keeps its
        /// resources in its own part, defined beside its operations; any area may read
        /// another's. Cheap to clone: see [`Area`].
        #[derive(Debug, Default, Clone, Serialize, Deserialize)]
        #[serde(default)]
        pub struct State {
            $($(#[doc = $doc])* pub $name: Area<$ty>,)*
        }

        impl State {
            /// The names of the areas, as the store's `areas` table keys them.
            pub const AREAS: &'static [&'static str] = &[$(stringify!($name)),*];

            /// Each area of `self` that is not the same allocation as in `before`, as JSON
            /// text: what a change wrote to.
            pub(crate) fn changed_since(
                &self,
                before: &State,
            ) -> Result<Vec<(&'static str, String)>, serde_json::Error> {
                let mut changed = Vec::new();
                $(
                    if !self.$name.same(&before.$name) {
                        changed.push((stringify!($name), serde_json::to_string(&self.$name)?));
                    }
                )*
                Ok(changed)
            }

            /// Every area as JSON text.
            pub(crate) fn all_areas(&self) -> Result<Vec<(&'static str, String)>, serde_json::Error> {
                Ok(vec![$((stringify!($name), serde_json::to_string(&self.$name)?)),*])
            }
        }
    };
}

areas! {
    /// Configuration sets, their event destinations and defaults.
    config_sets: ops::config_sets::ConfigSetsState,
    /// Account attributes and limits, spend limits, resource policies and tags.
    account: ops::account::AccountState,
    /// Phone numbers, sender IDs, pools, keywords, opt-out lists.
    numbers: ops::numbers::NumbersState,
    /// Protect configurations with their rule sets and overrides.
    protect: ops::protect::ProtectState,
    /// Registrations, versions, attachments, field values, associations.
    registrations: ops::registrations::RegistrationsState,
    /// Verified destination numbers and the codes sent to them.
    sending: ops::sending::SendingState,
    /// v1 configuration sets and event destinations.
    v1: ops::v1::V1State,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_every_area_until_one_is_written() {
        let before = State::default();
        let mut after = before.clone();
        assert!(after.changed_since(&before).expect("JSON").is_empty());
        // Reading through a mutable copy does not count as a change.
        let _ = after.numbers.pools.len();
        assert!(after.changed_since(&before).expect("JSON").is_empty());
        after.sending.verification_codes.clear();
        let changed = after.changed_since(&before).expect("JSON");
        assert_eq!(
            changed.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
            ["sending"]
        );
    }
}
