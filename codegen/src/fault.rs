//! Faults found while loading a model, each with the JSON path where it was found.

use std::fmt;
use std::path::PathBuf;

/// One step of a [`JsonPath`]: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A key of a JSON object.
    Key(String),
    /// An index into a JSON array.
    Index(usize),
}

/// Where in a JSON document something is: `shapes.Foo.members.Bar.shape`, `operations.Foo.errors[0]`.
///
/// Displayed with `.` between keys and `[i]` for indices; a key that is not made of ASCII
/// letters, digits, `_` and `-` is shown quoted in brackets (`shapes["a b"]`). The empty path
/// (the document itself) displays as nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPath(Vec<Segment>);

impl JsonPath {
    /// The path of the document itself.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path followed by the object key `key`.
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.into()));
        Self(segments)
    }

    /// This path followed by the array index `index`.
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        Self(segments)
    }

    /// This path followed by every segment of `tail`.
    pub fn join(&self, tail: &JsonPath) -> Self {
        let mut segments = self.0.clone();
        segments.extend(tail.0.iter().cloned());
        Self(segments)
    }

    /// The path's segments, outermost first.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether this is the path of the document itself.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: Into<String>> FromIterator<S> for JsonPath {
    /// A path of object keys.
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|key| Segment::Key(key.into()))
                .collect(),
        )
    }
}

fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if is_plain_key(key) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Segment::Key(key) => {
                    let quoted = serde_json::Value::String(key.clone()).to_string();
                    write!(f, "[{quoted}]")?;
                }
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// One thing wrong with a model: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fault {
    /// The file the fault is in, when the model was read from files ([`crate::load_dir`]).
    pub file: Option<PathBuf>,
    /// Where in the JSON document the fault is.
    pub path: JsonPath,
    /// What is wrong, in words.
    pub message: String,
    /// Set when the model is valid but needs a feature the generator does not support yet:
    /// the feature's name (`unions`), the same for every fault of that feature.
    pub unsupported: Option<String>,
}

impl Fault {
    /// A fault at `path` in a document that was not read from a file.
    pub fn new(path: JsonPath, message: impl Into<String>) -> Self {
        Self {
            file: None,
            path,
            message: message.into(),
            unsupported: None,
        }
    }

    /// A fault at `path` for a valid model that needs `feature` (`unions`), which the
    /// generator does not support yet; `detail` says where the model uses it. The message is
    /// `needs <feature>, not supported yet: <detail>`.
    pub fn unsupported(path: JsonPath, feature: &str, detail: impl fmt::Display) -> Self {
        Self {
            file: None,
            path,
            message: format!("needs {feature}, not supported yet: {detail}"),
            unsupported: Some(feature.to_owned()),
        }
    }

    /// This fault, found in `file`.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }
}

impl fmt::Display for Fault {
    /// `[file: ][path: ]message`, e.g.
    /// `shapes.SendTextMessageRequest.members.DestinationPhoneNumber.shape: unknown shape "PhoneNumbr"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        if !self.path.is_root() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Every fault found in a model (or a folder of models): never empty.
///
/// Faults are sorted by file, then path, then message, and each is reported once. `Display`
/// writes one fault per line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.faults))]
pub struct LoadErrors {
    faults: Vec<Fault>,
}

fn render(faults: &[Fault]) -> String {
    let lines: Vec<String> = faults.iter().map(Fault::to_string).collect();
    lines.join("\n")
}

impl LoadErrors {
    /// Sorts and deduplicates `faults`; `None` when there are none.
    pub fn from_faults(mut faults: Vec<Fault>) -> Option<Self> {
        if faults.is_empty() {
            return None;
        }
        faults.sort();
        faults.dedup();
        Some(Self { faults })
    }

    /// The faults, sorted.
    pub fn faults(&self) -> &[Fault] {
        &self.faults
    }

    /// The faults, sorted.
    pub fn into_faults(self) -> Vec<Fault> {
        self.faults
    }

    /// Each fault's message as `Display` writes it, one string per fault.
    pub fn lines(&self) -> Vec<String> {
        self.faults.iter().map(Fault::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_display() {
        let path = JsonPath::root()
            .key("shapes")
            .key("Foo")
            .key("enum")
            .index(2);
        assert_eq!(path.to_string(), "shapes.Foo.enum[2]");
        assert_eq!(JsonPath::root().to_string(), "");
        assert_eq!(
            JsonPath::root().key("a b").key("c").to_string(),
            r#"["a b"].c"#
        );
        assert_eq!(
            JsonPath::root().key("shapes").key("a.b").to_string(),
            r#"shapes["a.b"]"#
        );
        assert_eq!(JsonPath::root().key("").to_string(), r#"[""]"#);
    }

    #[test]
    fn faults_sort_and_display() {
        let errors = LoadErrors::from_faults(vec![
            Fault::new(["shapes", "B"].into_iter().collect(), "second"),
            Fault::new(["shapes", "A"].into_iter().collect(), "first"),
            Fault::new(JsonPath::root(), "whole"),
            Fault::new(["shapes", "A"].into_iter().collect(), "first"),
        ])
        .expect("faults were given");
        assert_eq!(
            errors.to_string(),
            "whole\nshapes.A: first\nshapes.B: second"
        );
        let in_file = Fault::new(["x"].into_iter().collect(), "bad").in_file("m/s.json");
        assert_eq!(in_file.to_string(), "m/s.json: x: bad");
        assert!(LoadErrors::from_faults(Vec::new()).is_none());
    }
}
