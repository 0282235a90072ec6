//! The text form of values bound outside a JSON body (restJson1 URI labels, query strings and
//! headers), shared by the client and the server runtimes.

/// A float as text for a URI label, query string or header: `NaN`, `Infinity`, `-Infinity`
/// for the special values, else the shortest text that reads back as the same value of its
/// own type (`1.1` for `1.1f32`, not the `1.100000023841858` of its `f64` widening).
pub fn float_text<F: Into<f64> + std::fmt::Display + Copy>(value: F) -> String {
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide.is_infinite() {
        if wide > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// A timestamp as epoch seconds for a URI label, query string or header (`timestampFormat:
/// unixTimestamp`): whole seconds, with a fraction only when there is one.
pub fn epoch_seconds_text(value: &crate::Timestamp) -> String {
    if value.subsec_nanos() == 0 {
        value.secs().to_string()
    } else {
        let text = format!("{}.{:09}", value.secs(), value.subsec_nanos());
        text.trim_end_matches('0').to_owned()
    }
}

/// Base64 text of bytes (a blob in a header).
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// One item of a list sent in a header: quoted when it holds a comma or a quote.
pub fn header_list_item(text: &str) -> String {
    if text.contains(',') || text.contains('"') {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text.to_owned()
    }
}
