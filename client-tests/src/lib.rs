//! A downstream crate of the generated `sms_voice` crate, using its clients the way users
//! do. The tests are under `tests/`; `examples/send_text_message.rs` sends a text message
//! to an endpoint given on the command line.
