//! restJson1 routing: URI templates with `{Label}` and greedy `{Label+}` segments, a route
//! table that tells "no such path" (404) from "not with this method" (405), and query strings
//! read into a multimap. Labels and query values come back percent-decoded.
//!
//! When several templates match a path, the one with the most literal segments wins, then one
//! without a greedy label (`/things/all` before `/things/{Id}` before `/things/{Path+}`).

use std::fmt;

use percent_encoding::percent_decode_str;

use crate::ServerError;

/// A template that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The template as given.
    pub template: String,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad URI template {:?}: {}", self.template, self.reason)
    }
}

impl std::error::Error for TemplateError {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Label(String),
    Greedy(String),
}

/// A parsed `requestUri`: path segments that are literal, a `{Label}`, or one greedy
/// `{Label+}` spanning one or more segments; and literal query parameters that must be
/// present (`/things?list` or `/things?x-id=Get`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriTemplate {
    source: String,
    segments: Vec<Segment>,
    query: Vec<(String, Option<String>)>,
}

impl UriTemplate {
    /// Parses a template such as
    /// `/v1/sms-voice/configuration-sets/{ConfigurationSetName}/event-destinations`.
    pub fn parse(template: &str) -> Result<Self, TemplateError> {
        let fail = |reason: String| TemplateError {
            template: template.to_owned(),
            reason,
        };
        let (path, query) = match template.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (template, None),
        };
        let Some(path) = path.strip_prefix('/') else {
            return Err(fail("it must start with '/'".into()));
        };
        let mut segments = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        if !path.is_empty() {
            for raw in trim_trailing_slash(path).split('/') {
                let segment = if let Some(inner) = raw.strip_prefix('{') {
                    let Some(inner) = inner.strip_suffix('}') else {
                        return Err(fail(format!(
                            "segment {raw:?} opens a label it does not close"
                        )));
                    };
                    let (name, greedy) = match inner.strip_suffix('+') {
                        Some(name) => (name, true),
                        None => (inner, false),
                    };
                    if name.is_empty()
                        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        return Err(fail(format!("label {raw:?} is not a name")));
                    }
                    if names.contains(&name) {
                        return Err(fail(format!("label {name:?} appears twice")));
                    }
                    names.push(name);
                    if greedy {
                        if segments.iter().any(|s| matches!(s, Segment::Greedy(_))) {
                            return Err(fail("it has more than one greedy label".into()));
                        }
                        Segment::Greedy(name.to_owned())
                    } else {
                        Segment::Label(name.to_owned())
                    }
                } else if raw.contains(['{', '}']) {
                    return Err(fail(format!("segment {raw:?} mixes a label with text")));
                } else if raw.is_empty() {
                    return Err(fail("it has an empty segment".into()));
                } else {
                    Segment::Literal(decode(raw).ok_or_else(|| {
                        fail(format!(
                            "segment {raw:?} is not valid percent-encoded UTF-8"
                        ))
                    })?)
                };
                segments.push(segment);
            }
        }
        let mut literal_query = Vec::new();
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = match pair.split_once('=') {
                Some((key, value)) => (key, Some(value)),
                None => (pair, None),
            };
            let bad = || {
                fail(format!(
                    "query parameter {pair:?} is not valid percent-encoded UTF-8"
                ))
            };
            let value = match value {
                Some(value) => Some(decode_query(value).ok_or_else(bad)?),
                None => None,
            };
            literal_query.push((decode_query(key).ok_or_else(bad)?, value));
        }
        Ok(Self {
            source: template.to_owned(),
            segments,
            query: literal_query,
        })
    }

    /// The template as given.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The labels' values when `path` (as sent: percent-encoded, without the query) matches;
    /// `None` when it does not, or when a label is empty or not valid UTF-8 once decoded. One
    /// trailing `/` is ignored.
    pub fn match_path(&self, path: &str) -> Option<Labels> {
        let path = path.strip_prefix('/')?;
        let parts: Vec<&str> = if path.is_empty() {
            Vec::new()
        } else {
            trim_trailing_slash(path).split('/').collect()
        };
        let greedy_at = self
            .segments
            .iter()
            .position(|s| matches!(s, Segment::Greedy(_)));
        let mut labels = Labels::default();
        match greedy_at {
            None => {
                if parts.len() != self.segments.len() {
                    return None;
                }
                for (segment, part) in self.segments.iter().zip(&parts) {
                    match_segment(segment, part, &mut labels)?;
                }
            }
            Some(at) => {
                let after = self.segments.len() - at - 1;
                if parts.len() < self.segments.len() {
                    return None;
                }
                for (segment, part) in self.segments[..at].iter().zip(&parts) {
                    match_segment(segment, part, &mut labels)?;
                }
                let tail = parts.len() - after;
                for (segment, part) in self.segments[at + 1..].iter().zip(&parts[tail..]) {
                    match_segment(segment, part, &mut labels)?;
                }
                let spanned = &parts[at..tail];
                if spanned.iter().any(|p| p.is_empty()) {
                    return None;
                }
                let value = decode(&spanned.join("/"))?;
                if let Segment::Greedy(name) = &self.segments[at] {
                    labels.0.push((name.clone(), value));
                }
            }
        }
        Some(labels)
    }

    /// Whether `query` holds every literal query parameter of the template.
    pub fn match_query(&self, query: &QueryParams) -> bool {
        self.query.iter().all(|(key, value)| match value {
            Some(value) => query.get_all(key).any(|v| v == value),
            None => query.contains(key),
        })
    }

    fn specificity(&self) -> (usize, bool, usize) {
        let literals = self
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Literal(_)))
            .count();
        let no_greedy = !self
            .segments
            .iter()
            .any(|s| matches!(s, Segment::Greedy(_)));
        (literals, no_greedy, self.query.len())
    }
}

fn trim_trailing_slash(path: &str) -> &str {
    path.strip_suffix('/').unwrap_or(path)
}

fn match_segment(segment: &Segment, part: &str, labels: &mut Labels) -> Option<()> {
    match segment {
        Segment::Literal(literal) => (decode(part)? == *literal).then_some(()),
        Segment::Label(name) => {
            if part.is_empty() {
                return None;
            }
            labels.0.push((name.clone(), decode(part)?));
            Some(())
        }
        Segment::Greedy(_) => None,
    }
}

fn decode(text: &str) -> Option<String> {
    percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

fn decode_query(text: &str) -> Option<String> {
    decode(&text.replace('+', " "))
}

/// The decoded values of a template's labels, by label name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(Vec<(String, String)>);

impl Labels {
    /// The value of label `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every label and its value, in template order (a greedy label after the others).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

/// A query string read into key–value pairs, in order; a key may repeat (list members).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// Reads a query string (`a=1&b=x%20y&b=z&flag`): keys and values percent-decoded, `+` as
    /// a space, a key without `=` has the value `""`. Text that is not UTF-8 once decoded is
    /// a `SerializationException`.
    pub fn parse(query: Option<&str>) -> Result<Self, ServerError> {
        let mut pairs = Vec::new();
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let bad = || {
                ServerError::serialization(format!(
                    "Query parameter {pair:?} is not valid percent-encoded UTF-8"
                ))
            };
            pairs.push((
                decode_query(key).ok_or_else(bad)?,
                decode_query(value).ok_or_else(bad)?,
            ));
        }
        Ok(Self { pairs })
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `key`, in order.
    pub fn get_all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `key` is present.
    pub fn contains(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }

    /// Every pair, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// A route table: (method, template) → a value (an operation id, a handler).
#[derive(Debug, Clone)]
pub struct Routes<T> {
    routes: Vec<(http::Method, UriTemplate, T)>,
}

impl<T> Default for Routes<T> {
    fn default() -> Self {
        Self { routes: Vec::new() }
    }
}

/// A route found for a request: its value, the decoded labels and the query parameters.
#[derive(Debug)]
pub struct RouteMatch<'a, T> {
    /// The value the route was added with.
    pub value: &'a T,
    /// The template that matched.
    pub template: &'a UriTemplate,
    /// The labels' decoded values.
    pub labels: Labels,
    /// The request's query parameters.
    pub query: QueryParams,
}

impl<T> Routes<T> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// The table with one more route; fails on a bad template.
    pub fn route(
        mut self,
        method: http::Method,
        template: &str,
        value: T,
    ) -> Result<Self, TemplateError> {
        self.add(method, template, value)?;
        Ok(self)
    }

    /// Adds a route; fails on a bad template.
    pub fn add(
        &mut self,
        method: http::Method,
        template: &str,
        value: T,
    ) -> Result<(), TemplateError> {
        let template = UriTemplate::parse(template)?;
        self.routes.push((method, template, value));
        Ok(())
    }

    /// The route for `method` and `uri`: the most specific template that matches the path and
    /// query with this method. No template matching the path is `UnknownOperationException`
    /// (404); templates that match only with other methods give `MethodNotAllowedException`
    /// (405) listing them. A query that is not UTF-8 once decoded is a
    /// `SerializationException`.
    pub fn find(
        &self,
        method: &http::Method,
        uri: &http::Uri,
    ) -> Result<RouteMatch<'_, T>, ServerError> {
        let path = uri.path();
        let query = QueryParams::parse(uri.query())?;
        let mut best: Option<(&(http::Method, UriTemplate, T), Labels)> = None;
        let mut allowed: Vec<http::Method> = Vec::new();
        for route in &self.routes {
            let (route_method, template, _) = route;
            if !template.match_query(&query) {
                continue;
            }
            let Some(labels) = template.match_path(path) else {
                continue;
            };
            if route_method != method {
                if !allowed.contains(route_method) {
                    allowed.push(route_method.clone());
                }
                continue;
            }
            let better = match &best {
                None => true,
                Some(((_, current, _), _)) => template.specificity() > current.specificity(),
            };
            if better {
                best = Some((route, labels));
            }
        }
        match best {
            Some(((_, template, value), labels)) => Ok(RouteMatch {
                value,
                template,
                labels,
                query,
            }),
            None if !allowed.is_empty() => {
                Err(ServerError::method_not_allowed(method, path, &allowed))
            }
            None => Err(ServerError::not_found(method, path)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::Method;

    const EVENT_DESTINATION: &str =
        "/v1/sms-voice/configuration-sets/{ConfigurationSetName}/event-destinations/{EventDestinationName}";

    #[test]
    fn labels_match_whole_segments_and_are_decoded() {
        let t = UriTemplate::parse(EVENT_DESTINATION).unwrap();
        let labels = t
            .match_path("/v1/sms-voice/configuration-sets/my%20set/event-destinations/a%2Fb%2Bc+d")
            .unwrap();
        assert_eq!(labels.get("ConfigurationSetName"), Some("my set"));
        // `/` encoded inside a label stays in the label; `+` in a path is a plus.
        assert_eq!(labels.get("EventDestinationName"), Some("a/b+c+d"));
        assert_eq!(labels.iter().count(), 2);
        assert!(t
            .match_path("/v1/sms-voice/configuration-sets/s/event-destinations/d/")
            .is_some());
        assert!(t
            .match_path("/v1/sms-voice/configuration-sets//event-destinations/d")
            .is_none());
        assert!(t
            .match_path("/v1/sms-voice/configuration-sets/s/event-destinations")
            .is_none());
        assert!(t
            .match_path("/v1/sms-voice/configuration-sets/s/event-destinations/d/e")
            .is_none());
        assert!(t
            .match_path("/v1/sms-voice/configuration-sets/%FF/event-destinations/d")
            .is_none());
        assert!(t.match_path("v1/sms-voice").is_none());
        assert_eq!(t.source(), EVENT_DESTINATION);
    }

    #[test]
    fn greedy_labels_span_segments() {
        let t = UriTemplate::parse("/buckets/{Bucket}/{Key+}").unwrap();
        let labels = t.match_path("/buckets/b/a/b%20c/d").unwrap();
        assert_eq!(labels.get("Bucket"), Some("b"));
        assert_eq!(labels.get("Key"), Some("a/b c/d"));
        assert!(t.match_path("/buckets/b").is_none());
        let t = UriTemplate::parse("/objects/{Key+}/versions").unwrap();
        assert_eq!(
            t.match_path("/objects/a/b/versions").unwrap().get("Key"),
            Some("a/b")
        );
        assert!(t.match_path("/objects/versions").is_none());
        assert!(t.match_path("/objects/a/b/other").is_none());
    }

    #[test]
    fn bad_templates_are_refused() {
        for bad in [
            "v1/x",
            "/x/{A",
            "/x/{A}{B}",
            "/x/a{B}",
            "/x/{A}/{A}",
            "/x/{A+}/{B+}",
            "/x//y",
            "/x/{}",
            "/x/{a-b}",
        ] {
            let error = UriTemplate::parse(bad).unwrap_err();
            assert_eq!(error.template, bad);
            assert!(error.to_string().starts_with("bad URI template"), "{error}");
        }
        assert!(UriTemplate::parse("/").unwrap().match_path("/").is_some());
    }

    #[test]
    fn query_strings_are_multimaps() {
        let q = QueryParams::parse(Some("NextToken=a%2Bb&PageSize=10&k=1&k=2+3&flag&&=e")).unwrap();
        assert_eq!(q.get("NextToken"), Some("a+b"));
        assert_eq!(q.get("PageSize"), Some("10"));
        assert_eq!(q.get_all("k").collect::<Vec<_>>(), ["1", "2 3"]);
        assert_eq!(q.get("flag"), Some(""));
        assert_eq!(q.get(""), Some("e"));
        assert!(q.contains("flag") && !q.contains("missing"));
        assert_eq!(q.iter().count(), 6);
        assert!(QueryParams::parse(None).unwrap().is_empty());
        let error = QueryParams::parse(Some("a=%FF")).unwrap_err();
        assert_eq!(error.code(), "SerializationException");
    }

    fn routes() -> Routes<&'static str> {
        Routes::new()
            .route(
                Method::POST,
                "/v1/sms-voice/configuration-sets",
                "CreateConfigurationSet",
            )
            .unwrap()
            .route(
                Method::GET,
                "/v1/sms-voice/configuration-sets",
                "ListConfigurationSets",
            )
            .unwrap()
            .route(
                Method::DELETE,
                "/v1/sms-voice/configuration-sets/{ConfigurationSetName}",
                "DeleteConfigurationSet",
            )
            .unwrap()
            .route(
                Method::GET,
                "/v1/sms-voice/configuration-sets/defaults",
                "Defaults",
            )
            .unwrap()
            .route(
                Method::GET,
                "/v1/sms-voice/configuration-sets/{ConfigurationSetName}",
                "GetConfigurationSet",
            )
            .unwrap()
            .route(
                Method::PUT,
                EVENT_DESTINATION,
                "UpdateConfigurationSetEventDestination",
            )
            .unwrap()
            .route(Method::GET, "/v1/sms-voice/things?list", "ListThings")
            .unwrap()
            .route(Method::GET, "/v1/sms-voice/things?x-id=Get", "GetThings")
            .unwrap()
    }

    fn find(method: Method, uri: &str) -> Result<&'static str, ServerError> {
        let routes = routes();
        let uri: http::Uri = uri.parse().unwrap();
        routes.find(&method, &uri).map(|m| *m.value)
    }

    #[test]
    fn routes_dispatch_on_method_and_path() {
        assert_eq!(
            find(Method::POST, "/v1/sms-voice/configuration-sets").unwrap(),
            "CreateConfigurationSet"
        );
        assert_eq!(
            find(Method::GET, "/v1/sms-voice/configuration-sets?NextToken=x").unwrap(),
            "ListConfigurationSets"
        );
        assert_eq!(
            find(Method::DELETE, "/v1/sms-voice/configuration-sets/s").unwrap(),
            "DeleteConfigurationSet"
        );
        assert_eq!(
            find(Method::GET, "/v1/sms-voice/configuration-sets/s").unwrap(),
            "GetConfigurationSet"
        );
        // A literal segment beats a label, whatever the order of the routes.
        assert_eq!(
            find(Method::GET, "/v1/sms-voice/configuration-sets/defaults").unwrap(),
            "Defaults"
        );
        assert_eq!(
            find(Method::GET, "/v1/sms-voice/things?list").unwrap(),
            "ListThings"
        );
        assert_eq!(
            find(Method::GET, "/v1/sms-voice/things?x-id=Get").unwrap(),
            "GetThings"
        );

        let routes = routes();
        let uri: http::Uri = "/v1/sms-voice/configuration-sets/a%20b/event-destinations/d?k=v"
            .parse()
            .unwrap();
        let found = routes.find(&Method::PUT, &uri).unwrap();
        assert_eq!(*found.value, "UpdateConfigurationSetEventDestination");
        assert_eq!(found.labels.get("ConfigurationSetName"), Some("a b"));
        assert_eq!(found.query.get("k"), Some("v"));
        assert_eq!(found.template.source(), EVENT_DESTINATION);
    }

    #[test]
    fn unknown_paths_are_404_and_wrong_methods_405() {
        let e = find(Method::GET, "/v1/sms-voice/nothing").unwrap_err();
        assert_eq!((e.status(), e.code()), (404, "UnknownOperationException"));
        let e = find(Method::GET, "/v1/sms-voice/things?x-id=Other").unwrap_err();
        assert_eq!(e.status(), 404);
        let e = find(Method::PATCH, "/v1/sms-voice/configuration-sets").unwrap_err();
        assert_eq!((e.status(), e.code()), (405, "MethodNotAllowedException"));
        assert_eq!(e.headers()["allow"], "POST, GET");
        let e = find(Method::POST, "/v1/sms-voice/configuration-sets/s").unwrap_err();
        assert_eq!(e.headers()["allow"], "DELETE, GET");
        let e = find(Method::GET, "/v1/sms-voice/configuration-sets?a=%FF").unwrap_err();
        assert_eq!(e.code(), "SerializationException");
    }
}
