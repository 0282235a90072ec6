//! Nothing: this crate is its tests (`tests/rust_sdk.rs`), kept out of the root workspace so that
//! the official SDK is built only when `.ci/run` asks for it.
