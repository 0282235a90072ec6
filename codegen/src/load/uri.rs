//! Parsing `requestUri` templates and host prefixes.

use std::collections::BTreeSet;

use crate::model::{HostSegment, UriLabel, UriSegment, UriTemplate};

/// A request URI template as parsed, before its labels are bound to input members.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParsedUri {
    /// The path's segments.
    pub(crate) segments: Vec<ParsedSegment>,
    /// Whether the path ends with `/` after at least one segment.
    pub(crate) trailing_slash: bool,
    /// The literal query after `?`, if any.
    pub(crate) query: Option<String>,
}

/// A segment of a [`ParsedUri`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParsedSegment {
    /// Literal text.
    Literal(String),
    /// A `{Label}` (`{Label+}` when greedy).
    Label {
        /// The name between the braces, without `+`.
        name: String,
        /// Whether the label is greedy.
        greedy: bool,
    },
}

impl ParsedUri {
    /// The labels' names, in order.
    pub(crate) fn labels(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            ParsedSegment::Label { name, .. } => Some(name.as_str()),
            ParsedSegment::Literal(_) => None,
        })
    }

    /// The template with each label bound to the input member `member` names for it; `None`
    /// if it names none for some label.
    pub(crate) fn bind(self, member: impl Fn(&str) -> Option<String>) -> Option<UriTemplate> {
        let segments = self
            .segments
            .into_iter()
            .map(|segment| {
                Some(match segment {
                    ParsedSegment::Literal(text) => UriSegment::Literal(text),
                    ParsedSegment::Label { name, greedy } => UriSegment::Label(UriLabel {
                        member: member(&name)?,
                        name,
                        greedy,
                    }),
                })
            })
            .collect::<Option<_>>()?;
        Some(UriTemplate {
            segments,
            trailing_slash: self.trailing_slash,
            query: self.query,
        })
    }
}

/// Whether `name` can name a label: `[A-Za-z][A-Za-z0-9_.-]*`. Labels are bound to members by
/// wire name (`locationName`), which may hold hyphens (`{resource-arn}`); they never become
/// Rust identifiers.
fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Parses a request URI template (`/v1/things/{ThingId}/parts/{Key+}?x=1`).
///
/// Labels are not bound to members yet ([`ParsedUri::bind`]). Returns every problem found, as messages, when the
/// template is not well formed: it must start with `/`; each label must fill a whole path
/// segment and be named `[A-Za-z][A-Za-z0-9_.-]*`; labels are unique, at most one is greedy; the query
/// has no labels; no path segment is empty.
pub(crate) fn parse_uri(uri: &str) -> Result<ParsedUri, Vec<String>> {
    let mut problems = Vec::new();
    let Some(after_slash) = uri.strip_prefix('/') else {
        return Err(vec![format!("{} does not start with `/`", quote(uri))]);
    };
    let (path, query) = match after_slash.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (after_slash, None),
    };
    if let Some(query) = &query {
        if query.contains(['{', '}']) {
            problems.push(format!(
                "labels are not allowed in the query string {}",
                quote(query)
            ));
        }
    }
    let mut template = ParsedUri {
        segments: Vec::new(),
        trailing_slash: false,
        query,
    };
    if !path.is_empty() {
        let mut parts: Vec<&str> = path.split('/').collect();
        if parts.last() == Some(&"") {
            parts.pop();
            template.trailing_slash = true;
        }
        let mut names = BTreeSet::new();
        let mut greedy_labels = 0;
        for part in parts {
            if part.is_empty() {
                problems.push(format!("empty path segment in {}", quote(uri)));
                continue;
            }
            if !part.contains(['{', '}']) {
                template
                    .segments
                    .push(ParsedSegment::Literal(part.to_owned()));
                continue;
            }
            let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
                problems.push(format!(
                    "a label must be a whole path segment (`{{Name}}`), found {}",
                    quote(part)
                ));
                continue;
            };
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(name) => (name, true),
                None => (inner, false),
            };
            if !is_label_name(name) {
                problems.push(format!(
                    "invalid label name {}, expected [A-Za-z][A-Za-z0-9_.-]*",
                    quote(name)
                ));
                continue;
            }
            if !names.insert(name.to_owned()) {
                problems.push(format!("duplicate label {{{name}}}"));
                continue;
            }
            if greedy {
                greedy_labels += 1;
            }
            template.segments.push(ParsedSegment::Label {
                name: name.to_owned(),
                greedy,
            });
        }
        if greedy_labels > 1 {
            problems.push("more than one greedy label".to_owned());
        }
    }
    if problems.is_empty() {
        Ok(template)
    } else {
        Err(problems)
    }
}

/// Parses a host prefix (`endpoint.hostPrefix`, `{AccountId}.data.`): literal text of host
/// name characters (`[A-Za-z0-9.-]`) and `{Member}` labels. Returns every problem found, as
/// messages, when it is not well formed.
pub(crate) fn parse_host_prefix(prefix: &str) -> Result<Vec<HostSegment>, Vec<String>> {
    let mut problems = Vec::new();
    let mut segments = Vec::new();
    if prefix.is_empty() {
        problems.push("a host prefix must not be empty".to_owned());
    }
    let mut rest = prefix;
    while !rest.is_empty() {
        let literal_end = rest.find(['{', '}']).unwrap_or(rest.len());
        let (literal, after) = rest.split_at(literal_end);
        if !literal.is_empty() {
            if let Some(bad) = literal
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
            {
                problems.push(format!(
                    "{} is not allowed in a host name, in {}",
                    quote(&bad.to_string()),
                    quote(prefix)
                ));
            }
            segments.push(HostSegment::Literal(literal.to_owned()));
        }
        if after.is_empty() {
            break;
        }
        let Some(label) = after.strip_prefix('{').and_then(|a| a.split_once('}')) else {
            problems.push(format!("unbalanced braces in {}", quote(prefix)));
            break;
        };
        let (name, tail) = label;
        if !is_label_name(name) || name.contains(['.', '-']) {
            problems.push(format!(
                "invalid label {}, expected a member name",
                quote(&format!("{{{name}}}"))
            ));
        } else {
            segments.push(HostSegment::Label(name.to_owned()));
        }
        rest = tail;
    }
    if problems.is_empty() {
        Ok(segments)
    } else {
        Err(problems)
    }
}

/// `text` quoted as a JSON string.
pub(crate) fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str, greedy: bool) -> ParsedSegment {
        ParsedSegment::Label {
            name: name.to_owned(),
            greedy,
        }
    }

    #[test]
    fn templates() {
        assert_eq!(parse_uri("/"), Ok(ParsedUri::default()));
        let template = parse_uri(
            "/v1/sms-voice/configuration-sets/{ConfigurationSetName}/event-destinations/{Key+}?x=1",
        )
        .expect("valid");
        assert_eq!(
            template.segments,
            [
                ParsedSegment::Literal("v1".into()),
                ParsedSegment::Literal("sms-voice".into()),
                ParsedSegment::Literal("configuration-sets".into()),
                label("ConfigurationSetName", false),
                ParsedSegment::Literal("event-destinations".into()),
                label("Key", true),
            ]
        );
        assert_eq!(template.query.as_deref(), Some("x=1"));
        assert!(!template.trailing_slash);
        assert!(parse_uri("/a/").expect("valid").trailing_slash);
    }

    #[test]
    fn literal_query_keys() {
        let keys = |uri: &str| {
            parse_uri(uri)
                .expect("valid")
                .bind(|label| Some(label.to_owned()))
                .expect("every label bound")
                .query_keys()
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(keys("/restapis?mode=import"), ["mode"]);
        assert_eq!(keys("/a/{B}?x=1&flag&=odd"), ["x", "flag"]);
        assert!(keys("/a").is_empty());
    }

    #[test]
    fn host_prefixes() {
        assert_eq!(
            parse_host_prefix("foo.{label}-x."),
            Ok(vec![
                HostSegment::Literal("foo.".into()),
                HostSegment::Label("label".into()),
                HostSegment::Literal("-x.".into()),
            ])
        );
        assert_eq!(
            parse_host_prefix("a_b.{x y}.{z"),
            Err(vec![
                r#""_" is not allowed in a host name, in "a_b.{x y}.{z""#.to_owned(),
                r#"invalid label "{x y}", expected a member name"#.to_owned(),
                r#"unbalanced braces in "a_b.{x y}.{z""#.to_owned(),
            ])
        );
        assert!(parse_host_prefix("").is_err());
    }

    #[test]
    fn malformed_templates() {
        assert_eq!(
            parse_uri("a"),
            Err(vec![r#""a" does not start with `/`"#.to_owned()])
        );
        assert_eq!(
            parse_uri("/a{B}/{C/{D}}/{E F}/{G}/{G}//{H+}/{I+}?q={J}"),
            Err(vec![
                r#"labels are not allowed in the query string "q={J}""#.to_owned(),
                r#"a label must be a whole path segment (`{Name}`), found "a{B}""#.to_owned(),
                r#"a label must be a whole path segment (`{Name}`), found "{C""#.to_owned(),
                r#"invalid label name "D}", expected [A-Za-z][A-Za-z0-9_.-]*"#.to_owned(),
                r#"invalid label name "E F", expected [A-Za-z][A-Za-z0-9_.-]*"#.to_owned(),
                "duplicate label {G}".to_owned(),
                r#"empty path segment in "/a{B}/{C/{D}}/{E F}/{G}/{G}//{H+}/{I+}?q={J}""#
                    .to_owned(),
                "more than one greedy label".to_owned(),
            ])
        );
    }
}
