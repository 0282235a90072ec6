//! Reads AWS JSON service models (the `service-2.json` format), checks them, and generates Rust
//! code from them.
