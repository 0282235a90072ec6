//! The text form of values bound outside a JSON body (restJson1 URI labels, query strings and
//! headers), written and read alike by generated clients and servers.
//!
//! Every reader returns the value or a message that names `what` was read (a member, a
//! header) and the text that was refused.

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
    let (secs, nanos) = (value.secs(), value.subsec_nanos());
    let text = if nanos == 0 {
        return secs.to_string();
    } else if secs < 0 {
        // `secs` is the whole second at or before the instant: -2 and 0.25 s is -1.75.
        format!("-{}.{:09}", -(secs + 1), 1_000_000_000 - nanos)
    } else {
        format!("{secs}.{nanos:09}")
    };
    text.trim_end_matches('0').to_owned()
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

/// Splits a header list value at commas outside double quotes, unquoting quoted items.
pub fn split_header_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => current.extend(chars.next()),
            ',' if !quoted => items.push(std::mem::take(&mut current).trim().to_owned()),
            c => current.push(c),
        }
    }
    items.push(current.trim().to_owned());
    items
}

/// Splits a header list of HTTP dates (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, ...`): each
/// date holds one comma of its own, so every second comma separates two items.
pub fn split_http_date_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut commas = 0;
    for (at, c) in text.char_indices() {
        if c == ',' {
            commas += 1;
            if commas % 2 == 0 {
                items.push(text[start..at].trim().to_owned());
                start = at + 1;
            }
        }
    }
    items.push(text[start..].trim().to_owned());
    items
}

/// A number or boolean from its text: decimal, or `NaN`, `Infinity`, `-Infinity` for a float.
pub fn parse_value<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, String> {
    let text = text.trim();
    let normalized = match text {
        "Infinity" => "inf",
        "-Infinity" => "-inf",
        other => other,
    };
    normalized
        .parse()
        .map_err(|_| format!("cannot read {what} from {text:?}"))
}

/// A timestamp written as an HTTP date (`timestampFormat: rfc822`, the default in headers).
pub fn parse_http_date(text: &str, what: &str) -> Result<crate::Timestamp, String> {
    crate::Timestamp::parse_http_date(text.trim())
        .ok_or_else(|| format!("cannot read {what} from {text:?}: expected an HTTP date"))
}

/// A timestamp written in ISO 8601 (`timestampFormat: iso8601`, the default in URI labels
/// and query strings).
pub fn parse_iso8601(text: &str, what: &str) -> Result<crate::Timestamp, String> {
    crate::Timestamp::parse_iso8601(text.trim())
        .ok_or_else(|| format!("cannot read {what} from {text:?}: expected an ISO 8601 date-time"))
}

/// A timestamp written as epoch seconds (`timestampFormat: unixTimestamp`), with a fraction
/// of up to nine digits if any, as [`epoch_seconds_text`] writes it.
pub fn parse_epoch_seconds(text: &str, what: &str) -> Result<crate::Timestamp, String> {
    let refused = || format!("cannot read {what} from {text:?}: expected epoch seconds");
    let trimmed = text.trim();
    let (whole, fraction) = trimmed.split_once('.').unwrap_or((trimmed, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = whole.strip_prefix('-').unwrap_or(whole);
    if unsigned.is_empty() || !digits(unsigned) || !digits(fraction) || fraction.len() > 9 {
        return Err(refused());
    }
    let whole: i64 = unsigned.parse().map_err(|_| refused())?;
    let nanos: u32 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<9}").parse().map_err(|_| refused())?
    };
    Ok(match (trimmed.starts_with('-'), nanos) {
        (false, _) => crate::Timestamp::from_secs_and_nanos(whole, nanos),
        (true, 0) => crate::Timestamp::from_secs(-whole),
        // -1.75 is 0.25 s after -2.
        (true, _) => crate::Timestamp::from_secs_and_nanos(-whole - 1, 1_000_000_000 - nanos),
    })
}

/// Bytes from their base64 text (a blob in a header).
pub fn parse_base64(text: &str, what: &str) -> Result<crate::Blob, String> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim().as_bytes())
        .map(crate::Blob::new)
        .map_err(|e| format!("cannot read {what} from {text:?}: not base64 ({e})"))
}

/// The JSON text of a `jsonvalue` header: its value, base64-decoded.
pub fn parse_json_value(text: &str, what: &str) -> Result<String, String> {
    crate::wire::json_value_from_header(text).map_err(|e| format!("cannot read {what}: {e}"))
}

/// The items of a header list: [`split_http_date_list`] for HTTP dates, else
/// [`split_header_list`]; no item for an empty value.
pub fn header_items(text: &str, http_dates: bool) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    if http_dates {
        split_http_date_list(text)
    } else {
        split_header_list(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;

    #[test]
    fn epoch_seconds_read_back_what_is_written() {
        for t in [
            Timestamp::from_secs(1_576_540_098),
            Timestamp::from_secs_and_nanos(1, 500_000_000),
            Timestamp::from_secs_and_nanos(-2, 250_000_000),
            Timestamp::from_secs_and_nanos(-1, 500_000_000),
            Timestamp::from_secs(-7),
            Timestamp::from_secs(0),
        ] {
            assert_eq!(parse_epoch_seconds(&epoch_seconds_text(&t), "t"), Ok(t));
        }
        let t = Timestamp::from_secs_and_nanos(-2, 250_000_000);
        assert_eq!(epoch_seconds_text(&t), "-1.75");
        for bad in ["", "-", "1e3", "1.2.3", "abc", "1.0000000001", " . "] {
            assert!(parse_epoch_seconds(bad, "t").is_err(), "{bad:?}");
        }
    }

    #[test]
    fn readers_name_what_they_refuse() {
        let message = parse_value::<i32>("x", "member 'Count'").unwrap_err();
        assert_eq!(message, "cannot read member 'Count' from \"x\"");
        assert!(parse_http_date("2019-12-16T23:48:18Z", "h").is_err());
        assert!(parse_iso8601("Mon, 16 Dec 2019 23:48:18 GMT", "q").is_err());
        assert_eq!(parse_base64("aGk=", "b").unwrap().as_bytes(), b"hi");
        assert!(parse_base64("***", "b").is_err());
        assert_eq!(parse_value::<f32>("-Infinity", "f"), Ok(f32::NEG_INFINITY));
        assert!(parse_value::<f64>("NaN", "f").unwrap().is_nan());
    }

    #[test]
    fn header_items_split_at_the_right_commas() {
        assert!(header_items(" ", false).is_empty());
        assert_eq!(header_items(r#"a, "b,c""#, false), ["a", "b,c"]);
        assert_eq!(
            header_items(
                "Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 00:00:00 GMT",
                true
            ),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Tue, 17 Dec 2019 00:00:00 GMT"
            ]
        );
    }
}
