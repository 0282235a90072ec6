//! Constraint checks for generated `validate()` methods.
//!
//! A [`Validator`] walks an input value, keeps the JSON-pointer path of the member it is at,
//! and collects every [`Violation`] rather than stopping at the first. Messages follow the
//! wording AWS services use (`Value at '/Name' failed to satisfy constraint: Member must ...`).

use std::fmt;
use std::sync::OnceLock;

/// One failed constraint: where (a JSON pointer) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer to the member (`/Filters/0/Values/2`); empty for the whole input.
    pub path: String,
    /// What failed, naming the constraint and its bound.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every violation found in one input, in the order the members were checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Violations(pub Vec<Violation>);

impl Violations {
    /// Whether no constraint failed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violations.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} validation error{} detected: ",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// How a `pattern` constraint is matched against a value.
///
/// The Smithy specification says a pattern is not implicitly anchored: it is satisfied when
/// it matches somewhere in the value ([`PatternMatch::Search`]). AWS services check otherwise
/// for the models they were written with: the whole value must match
/// ([`PatternMatch::WholeValue`]); a service answers `Member must satisfy regular expression
/// pattern: [\w+=,.@-]+` for a name with a space in it, which a search would accept.
///
/// Some models' patterns are written for a search, though (`^arn:[a-z0-9]{1,10}:profile` for
/// a whole ARN), and a whole-value match refuses every real value of those. Generated servers
/// match the whole value by default, as the service does; generated clients search by
/// default, so that they never refuse a value the service accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum PatternMatch {
    /// The pattern matches somewhere in the value (the Smithy specification's reading).
    #[default]
    Search,
    /// The pattern matches the whole value, as if written `^(?:pattern)$` (what AWS services
    /// check).
    WholeValue,
}

/// An ECMA-262 regular expression from the model, compiled on first use and then shared by
/// every call in the process.
///
/// [`Pattern::is_match`] searches the value, [`Pattern::is_whole_match`] matches all of it;
/// see [`PatternMatch`].
///
/// Simple patterns (a run of character classes with quantifiers, and the usual look-arounds
/// at its ends) are matched on ASCII values without the regex engine, with the same result.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    unicode: bool,
    compiled: OnceLock<regress::Regex>,
    simple: OnceLock<Option<crate::ascii_pattern::Program>>,
    whole: OnceLock<regress::Regex>,
    simple_whole: OnceLock<Option<crate::ascii_pattern::Program>>,
}

impl Pattern {
    /// A pattern, compiled lazily. The generator checked that it compiles.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            unicode: false,
            compiled: OnceLock::new(),
            simple: OnceLock::new(),
            whole: OnceLock::new(),
            simple_whole: OnceLock::new(),
        }
    }

    /// A pattern compiled in ECMA-262's Unicode mode (flag `u`), for one that uses Unicode
    /// property classes (`\p{L}`). The generator checked that it compiles.
    pub const fn unicode(source: &'static str) -> Self {
        Self {
            source,
            unicode: true,
            compiled: OnceLock::new(),
            simple: OnceLock::new(),
            whole: OnceLock::new(),
            simple_whole: OnceLock::new(),
        }
    }

    /// The pattern's source text.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the pattern matches somewhere in `value`.
    pub fn is_match(&self, value: &str) -> bool {
        if value.is_ascii() {
            let simple = self
                .simple
                .get_or_init(|| crate::ascii_pattern::Program::parse(self.source));
            if let Some(program) = simple {
                return program.is_match(value.as_bytes());
            }
        }
        self.compiled
            .get_or_init(|| self.compile(self.source))
            .find(value)
            .is_some()
    }

    /// Whether the pattern matches the whole of `value`.
    pub fn is_whole_match(&self, value: &str) -> bool {
        if value.is_ascii() {
            let simple = self
                .simple_whole
                .get_or_init(|| crate::ascii_pattern::Program::parse_whole(self.source));
            if let Some(program) = simple {
                return program.is_match(value.as_bytes());
            }
        }
        self.whole
            .get_or_init(|| self.compile(&format!("^(?:{})$", self.source)))
            .find(value)
            .is_some()
    }

    /// Whether `value` satisfies the pattern, matched as `how` says.
    pub fn matches(&self, value: &str, how: PatternMatch) -> bool {
        match how {
            PatternMatch::Search => self.is_match(value),
            PatternMatch::WholeValue => self.is_whole_match(value),
        }
    }

    fn compile(&self, source: &str) -> regress::Regex {
        regress::Regex::with_flags(source, if self.unicode { "u" } else { "" })
            .expect("the model loader checked that every pattern compiles")
    }
}

/// Walks an input and collects violations. Generated code calls it; users call `validate()`.
#[derive(Debug, Default)]
pub struct Validator {
    path: String,
    violations: Vec<Violation>,
    patterns: PatternMatch,
}

/// A value whose constraints from the model can be checked; generated for every input
/// structure and every structure an input contains.
pub trait Validate {
    /// Checks every constraint of this value and of everything it contains, recording each
    /// failure in `validator` at the validator's current path.
    fn validate_into(&self, validator: &mut Validator) {
        let _ = validator;
    }

    /// Checks every constraint and returns every violation found; patterns are searched
    /// ([`PatternMatch::Search`]).
    fn validate(&self) -> Result<(), Violations> {
        self.validate_with(PatternMatch::Search)
    }

    /// Checks every constraint, matching patterns as `patterns` says, and returns every
    /// violation found.
    fn validate_with(&self, patterns: PatternMatch) -> Result<(), Violations> {
        let mut validator = Validator::new().with_patterns(patterns);
        self.validate_into(&mut validator);
        validator.finish()
    }
}

/// Checks every constraint of `value` and returns every violation found: what the generated
/// inherent `validate()` methods call (one function for every type, rather than an instance of
/// [`Validate::validate`] per type).
pub fn validate(value: &dyn Validate) -> Result<(), Violations> {
    let mut validator = Validator::new();
    value.validate_into(&mut validator);
    validator.finish()
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, validator: &mut Validator) {
        (**self).validate_into(validator);
    }
}

/// Appends one JSON-pointer segment, escaping `~` and `/` (RFC 6901).
fn push_segment(path: &mut String, segment: &str) {
    path.push('/');
    if !segment.bytes().any(|b| b == b'~' || b == b'/') {
        path.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

impl Validator {
    /// A validator at the root of an input.
    pub fn new() -> Self {
        Self {
            // Room for the paths of most inputs, so that entering members does not reallocate.
            path: String::with_capacity(128),
            violations: Vec::new(),
            patterns: PatternMatch::Search,
        }
    }

    /// A validator at `path` (a JSON pointer) inside an input.
    pub fn at(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            violations: Vec::new(),
            patterns: PatternMatch::Search,
        }
    }

    /// The same validator, matching patterns as `patterns` says (by default they are
    /// searched: [`PatternMatch::Search`]).
    pub fn with_patterns(mut self, patterns: PatternMatch) -> Self {
        self.patterns = patterns;
        self
    }

    /// How this validator matches patterns.
    pub fn patterns(&self) -> PatternMatch {
        self.patterns
    }

    /// The violations found, or `Ok(())`.
    pub fn finish(self) -> Result<(), Violations> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Violations(self.violations))
        }
    }

    /// Runs `f` one level down, at member `name`.
    pub fn member(&mut self, name: &str, f: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        push_segment(&mut self.path, name);
        f(self);
        self.path.truncate(len);
    }

    /// Goes one level down, to member (or map key) `name`; [`Validator::leave`] with the
    /// returned mark comes back. Generated validators use this pair rather than
    /// [`Validator::member`], so that they need no closure per member.
    pub fn enter(&mut self, name: &str) -> usize {
        let mark = self.path.len();
        push_segment(&mut self.path, name);
        mark
    }

    /// Goes one level down, to list index `index`; see [`Validator::enter`].
    pub fn enter_index(&mut self, index: usize) -> usize {
        let mark = self.path.len();
        self.path.push('/');
        self.path.push_str(&index.to_string());
        mark
    }

    /// Comes back up to where [`Validator::enter`] or [`Validator::enter_index`] returned
    /// `mark`.
    pub fn leave(&mut self, mark: usize) {
        self.path.truncate(mark);
    }

    /// Records that a union holds member `name`, which it does not know: a value only a newer
    /// version of the model describes, which this side cannot check or serve.
    pub fn unknown_union_member(&mut self, name: &str) {
        let mark = self.enter(name);
        self.fail(
            format_args!("Value"),
            format_args!("must be one of the union's known members"),
        );
        self.leave(mark);
    }

    /// Runs `f` one level down, at list index `index`.
    pub fn index(&mut self, index: usize, f: impl FnOnce(&mut Self)) {
        let len = self.path.len();
        self.path.push('/');
        self.path.push_str(&index.to_string());
        f(self);
        self.path.truncate(len);
    }

    fn fail(&mut self, prefix: fmt::Arguments<'_>, rule: fmt::Arguments<'_>) {
        self.violations.push(Violation {
            path: self.path.clone(),
            message: format!(
                "{prefix} at '{}' failed to satisfy constraint: Member {rule}",
                self.path
            ),
        });
    }

    /// A required member is absent.
    pub fn missing(&mut self, name: &str) {
        self.member(name, |v| {
            v.fail(format_args!("Value null"), format_args!("must not be null"))
        });
    }

    /// Length of a string (in Unicode scalar values), blob (bytes), list or map (entries).
    pub fn length(&mut self, len: usize, min: Option<u64>, max: Option<u64>) {
        let n = len as u64;
        if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
            let prefix = format_args!("Value with length {len}");
            match (min, max) {
                (Some(a), Some(b)) => self.fail(
                    prefix,
                    format_args!("must have length between {a} and {b}, inclusive"),
                ),
                (Some(a), None) => self.fail(
                    prefix,
                    format_args!("must have length greater than or equal to {a}"),
                ),
                (None, Some(b)) => self.fail(
                    prefix,
                    format_args!("must have length less than or equal to {b}"),
                ),
                (None, None) => {}
            }
        }
    }

    /// Length of a string, counted in Unicode scalar values.
    pub fn string_length(&mut self, value: &str, min: Option<u64>, max: Option<u64>) {
        self.length(value.chars().count(), min, max);
    }

    /// An integer value range (inclusive).
    pub fn range_i64(&mut self, value: i64, min: Option<i64>, max: Option<i64>) {
        self.range(value, min, max);
    }

    /// A floating-point value range (inclusive).
    pub fn range_f64(&mut self, value: f64, min: Option<f64>, max: Option<f64>) {
        self.range(value, min, max);
    }

    fn range<T: PartialOrd + fmt::Display>(&mut self, value: T, min: Option<T>, max: Option<T>) {
        let below = min.as_ref().is_some_and(|m| value < *m);
        let above = max.as_ref().is_some_and(|m| value > *m);
        if below || above {
            let prefix = format_args!("Value {value}");
            match (min, max) {
                (Some(a), Some(b)) => self.fail(
                    prefix,
                    format_args!("must be between {a} and {b}, inclusive"),
                ),
                (Some(a), None) => {
                    self.fail(prefix, format_args!("must be greater than or equal to {a}"))
                }
                (None, Some(b)) => {
                    self.fail(prefix, format_args!("must be less than or equal to {b}"))
                }
                (None, None) => {}
            }
        }
    }

    /// A pattern the value must satisfy, matched as [`Validator::with_patterns`] set.
    pub fn pattern(&mut self, value: &str, pattern: &Pattern) {
        if !pattern.matches(value, self.patterns) {
            self.fail(
                format_args!("Value"),
                format_args!(
                    "must satisfy regular expression pattern: {}",
                    pattern.source()
                ),
            );
        }
    }

    /// A value outside its enum's known values.
    pub fn enum_value(&mut self, known: bool, values: &[&str]) {
        if !known {
            self.fail(
                format_args!("Value"),
                format_args!("must satisfy enum value set: [{}]", values.join(", ")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_violation_with_paths() {
        static PHONE: Pattern = Pattern::new(r"\+?[1-9][0-9]{1,18}");
        let mut v = Validator::new();
        v.member("DestinationPhoneNumber", |v| v.pattern("abc", &PHONE));
        v.member("Filters", |v| {
            v.index(0, |v| {
                v.member("Values", |v| {
                    v.index(2, |v| v.string_length("", Some(1), Some(128)))
                })
            })
        });
        v.missing("PoolId");
        let err = v.finish().unwrap_err();
        let paths: Vec<&str> = err.iter().map(|x| x.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/DestinationPhoneNumber", "/Filters/0/Values/2", "/PoolId"]
        );
        assert_eq!(
            err.0[0].message,
            r"Value at '/DestinationPhoneNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: \+?[1-9][0-9]{1,18}"
        );
        assert_eq!(
            err.0[1].message,
            "Value with length 0 at '/Filters/0/Values/2' failed to satisfy constraint: Member must have length between 1 and 128, inclusive"
        );
        assert_eq!(
            err.0[2].message,
            "Value null at '/PoolId' failed to satisfy constraint: Member must not be null"
        );
        assert!(err
            .to_string()
            .starts_with("3 validation errors detected: "));
    }

    #[test]
    fn length_counts_scalar_values_not_bytes() {
        let mut v = Validator::new();
        v.string_length("héllo", Some(5), Some(5));
        v.string_length("😀😀", Some(2), Some(2));
        assert!(v.finish().is_ok());
        let mut v = Validator::new();
        v.string_length("😀😀😀", None, Some(2));
        assert!(v.finish().unwrap_err().0[0]
            .message
            .contains("less than or equal to 2"));
    }

    #[test]
    fn patterns_are_not_anchored_and_support_look_around() {
        static ANY: Pattern = Pattern::new("[A-Z]{2}");
        assert!(ANY.is_match("xxUSxx"));
        static TRIMMED: Pattern = Pattern::new(r"(?!\s)^[\s\S]+(?<!\s)");
        assert!(TRIMMED.is_match("a b"));
        assert!(!TRIMMED.is_match(" a"));
        assert!(!TRIMMED.is_match(""));
        // Not anchored at the end: "a " matches on its first character.
        assert!(TRIMMED.is_match("a "));
        static NOT_BLANK: Pattern = Pattern::new(r"(?!\s*$)[\s\S]+");
        assert!(NOT_BLANK.is_match(" hi "));
        assert!(!NOT_BLANK.is_match("   "));
    }

    #[test]
    fn whole_value_matching_anchors_the_pattern() {
        static NAME: Pattern = Pattern::new("[A-Za-z0-9_-]+");
        assert!(NAME.matches("bad name!", PatternMatch::Search));
        assert!(!NAME.matches("bad name!", PatternMatch::WholeValue));
        assert!(NAME.matches("good_name-1", PatternMatch::WholeValue));
        assert!(!NAME.is_whole_match(""));
        // Not ASCII: the regex engine, anchored the same way.
        assert!(NAME.is_match("nämé"));
        assert!(!NAME.is_whole_match("nämé"));
        // Alternatives are anchored together, not only the first and the last.
        static EITHER: Pattern = Pattern::new("ab|cd");
        assert!(EITHER.is_whole_match("cd"));
        assert!(!EITHER.is_whole_match("abcd"));
        assert!(EITHER.is_match("xabx"));
        // Patterns that anchor themselves mean the same either way.
        static ANCHORED: Pattern = Pattern::new("^[0-9]{3}$");
        for value in ["123", "1234", "x123"] {
            assert_eq!(
                ANCHORED.matches(value, PatternMatch::Search),
                ANCHORED.matches(value, PatternMatch::WholeValue),
                "{value}"
            );
        }
        // Look-arounds at the ends.
        static TRIMMED: Pattern = Pattern::new(r"(?!\s)^[\s\S]+(?<!\s)");
        assert!(TRIMMED.is_match("a "));
        assert!(!TRIMMED.is_whole_match("a "));
        assert!(TRIMMED.is_whole_match("a b"));
        static UNICODE: Pattern = Pattern::unicode(r"\p{L}+");
        assert!(UNICODE.is_whole_match("nämé"));
        assert!(!UNICODE.is_whole_match("nämé 2"));
    }

    #[test]
    fn the_validator_matches_as_it_is_told() {
        static NAME: Pattern = Pattern::new("[A-Za-z0-9_-]+");
        let mut search = Validator::new();
        assert_eq!(search.patterns(), PatternMatch::Search);
        search.member("Name", |v| v.pattern("bad name!", &NAME));
        assert!(search.finish().is_ok());
        let mut whole = Validator::new().with_patterns(PatternMatch::WholeValue);
        whole.member("Name", |v| v.pattern("bad name!", &NAME));
        assert_eq!(
            whole.finish().unwrap_err().0[0].message,
            "Value at '/Name' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9_-]+"
        );
    }

    #[test]
    fn ranges_and_enums() {
        let mut v = Validator::new();
        v.member("MaxResults", |v| v.range_i64(0, Some(1), Some(100)));
        v.member("Ratio", |v| v.range_f64(2.5, None, Some(1.0)));
        v.member("MessageType", |v| {
            v.enum_value(false, &["TRANSACTIONAL", "PROMOTIONAL"])
        });
        let err = v.finish().unwrap_err();
        assert_eq!(
            err.0[0].message,
            "Value 0 at '/MaxResults' failed to satisfy constraint: Member must be between 1 and 100, inclusive"
        );
        assert!(err.0[1].message.contains("less than or equal to 1"));
        assert!(err.0[2]
            .message
            .ends_with("Member must satisfy enum value set: [TRANSACTIONAL, PROMOTIONAL]"));
    }

    #[test]
    fn pointer_segments_are_escaped() {
        let mut v = Validator::new();
        v.member("a/b~c", |v| v.missing("x"));
        assert_eq!(v.finish().unwrap_err().0[0].path, "/a~1b~0c/x");
    }
}
