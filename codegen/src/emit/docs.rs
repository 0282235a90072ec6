//! Model documentation (HTML fragments) turned into Markdown for rustdoc.
//!
//! The models' documentation is HTML: `<p>` paragraphs, `<ul>`/`<ol>` lists of `<li>`,
//! `<code>`, `<a href>`, `<b>`/`<i>` and character entities. [`html_to_markdown`] keeps that
//! structure as Markdown and escapes whatever Markdown or rustdoc would misread in the text:
//! `[`/`]` (intra-doc links), `<`/`>` (HTML tags), `*`, `` ` ``, `\` and `_` at a word's edge,
//! and a line start that would begin a heading, a list or a quote. Bare URLs become `<...>`
//! autolinks, which rustdoc asks for. Unknown tags are dropped and their text kept.

use proc_macro2::TokenStream;
use quote::quote;

/// One block of the output: a paragraph or a list item.
#[derive(Debug, Default)]
struct Block {
    /// List nesting depth (0 for a paragraph outside any list).
    depth: usize,
    /// `Some(marker)` for the first block of a list item (`-` or `1.`).
    marker: Option<String>,
    /// The columns before the block's marker or text: a nested list's items and a list item's
    /// later paragraphs line up with the text of the item they are in (after `- `, `1. `).
    indent: usize,
    text: String,
}

#[derive(Debug, Default)]
struct Writer {
    blocks: Vec<Block>,
    current: Block,
    /// Open lists: `None` for `<ul>`, `Some(next number)` for `<ol>`.
    lists: Vec<Option<usize>>,
    /// For each open list, the width of its current item's marker with its space (`1. `: 3).
    widths: Vec<usize>,
    /// Inside `<code>` or `<pre>`: text is kept verbatim.
    code: usize,
    /// Open `<a href>` targets, to close as `](href)`.
    links: Vec<Option<String>>,
}

impl Writer {
    fn flush(&mut self) {
        let text = self.current.text.trim().to_owned();
        if !text.is_empty() {
            let mut block = std::mem::take(&mut self.current);
            block.text = text;
            // A marker sits after the items it is nested in; other text after its own item's.
            let items = match block.marker {
                Some(_) => block.depth.saturating_sub(1),
                None => block.depth,
            };
            block.indent = self.widths.iter().take(items).sum();
            self.blocks.push(block);
        }
        self.current = Block {
            depth: self.lists.len(),
            ..Block::default()
        };
    }

    fn push_text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        // Collapse runs of whitespace to one space, as HTML renders them.
        let mut collapsed = String::with_capacity(decoded.len());
        let mut space = self.current.text.ends_with(' ') || self.current.text.is_empty();
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !space {
                    collapsed.push(' ');
                    space = true;
                }
            } else {
                collapsed.push(c);
                space = false;
            }
        }
        if self.code > 0 {
            self.current.text.push_str(&collapsed.replace('`', "'"));
        } else {
            let at_start = self.current.text.trim().is_empty();
            let escaped = escape_markdown(&collapsed, at_start);
            self.current.text.push_str(&escaped);
        }
    }

    fn open(&mut self, name: &str, attrs: &str) {
        match name {
            "p" | "div" | "pre" | "br" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                // A paragraph that opens a list item continues the item's first line.
                if !(self.current.marker.is_some() && self.current.text.trim().is_empty()) {
                    self.flush();
                }
                if name == "pre" {
                    self.code += 1;
                    self.current.text.push('`');
                }
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.push((name == "ol").then_some(1));
                self.widths.push(0);
                self.current.depth = self.lists.len();
            }
            "li" => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}.");
                        *n += 1;
                        marker
                    }
                    _ => "-".to_owned(),
                };
                if let Some(width) = self.widths.last_mut() {
                    *width = marker.len() + 1;
                }
                self.current.depth = self.lists.len().max(1);
                self.current.marker = Some(marker);
            }
            "code" | "tt" => {
                self.code += 1;
                self.current.text.push('`');
            }
            "b" | "strong" if self.code == 0 => self.current.text.push_str("**"),
            "i" | "em" if self.code == 0 => self.current.text.push('*'),
            "a" => {
                let href = attribute(attrs, "href").filter(|href| !href.is_empty());
                if href.is_some() && self.code == 0 {
                    self.current.text.push('[');
                    self.links.push(href);
                } else {
                    self.links.push(None);
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.flush(),
            "pre" => {
                self.close_code();
                self.flush();
            }
            "ul" | "ol" => {
                self.flush();
                self.lists.pop();
                self.widths.pop();
                self.current.depth = self.lists.len();
            }
            "li" => self.flush(),
            "code" | "tt" => self.close_code(),
            "b" | "strong" if self.code == 0 => self.current.text.push_str("**"),
            "i" | "em" if self.code == 0 => self.current.text.push('*'),
            "a" => {
                if let Some(Some(href)) = self.links.pop() {
                    self.current.text.push_str("](");
                    self.current
                        .text
                        .push_str(&href.replace(' ', "%20").replace(')', "%29"));
                    self.current.text.push(')');
                }
            }
            _ => {}
        }
    }

    fn close_code(&mut self) {
        if self.code > 0 {
            self.code -= 1;
            // An empty code span (``) would print literally; drop it.
            if self.current.text.ends_with('`') {
                self.current.text.pop();
            } else {
                let trimmed = self.current.text.trim_end().len();
                self.current.text.truncate(trimmed);
                self.current.text.push('`');
            }
        }
    }

    fn finish(mut self) -> String {
        while self.code > 0 {
            self.close_code();
        }
        self.flush();
        let mut out = String::new();
        let mut previous: Option<&Block> = None;
        for block in &self.blocks {
            if let Some(previous) = previous {
                // List items follow each other directly; everything else is a new paragraph.
                let tight = previous.depth > 0 && block.depth > 0 && block.marker.is_some();
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            out.push_str(&" ".repeat(block.indent));
            if let Some(marker) = &block.marker {
                out.push_str(marker);
                out.push(' ');
            }
            out.push_str(&block.text);
            previous = Some(block);
        }
        out
    }
}

/// The value of attribute `name` in a tag's attribute text (`href="x"`).
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(pos) = rest.find(name) {
        let after = rest[pos + name.len()..].trim_start();
        let before_ok = pos == 0 || rest[..pos].ends_with(char::is_whitespace);
        if let (true, Some(value)) = (before_ok, after.strip_prefix('=')) {
            let value = value.trim_start();
            let (quote, body) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
                _ => (None, value),
            };
            let end = match quote {
                Some(q) => body.find(q).unwrap_or(body.len()),
                None => body.find(char::is_whitespace).unwrap_or(body.len()),
            };
            return Some(decode_entities(&body[..end]));
        }
        rest = &rest[pos + name.len()..];
    }
    None
}

/// Decodes the named entities the models use and every numeric entity.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let decoded = tail.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &tail[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text so that Markdown and rustdoc show it as written; bare URLs become autolinks.
fn escape_markdown(text: &str, at_line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        let url_at = ["https://", "http://"]
            .iter()
            .filter_map(|scheme| rest.find(scheme))
            .min();
        let (plain, url) = match url_at {
            Some(pos) => {
                let tail = &rest[pos..];
                let mut end = tail
                    .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
                    .unwrap_or(tail.len());
                while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', ')', '!', '?']) {
                    end -= 1;
                }
                (&rest[..pos], Some(&tail[..end]))
            }
            None => (rest, None),
        };
        let chars: Vec<char> = plain.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            // `_` inside a word (`IN_ENTITY_ID`) never starts emphasis; only escape it at a
            // word's edge.
            let underscore_at_edge = c == '_'
                && !(i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()));
            if matches!(c, '\\' | '`' | '*' | '[' | ']' | '<' | '>') || underscore_at_edge {
                out.push('\\');
            }
            out.push(c);
        }
        match url {
            Some(url) => {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[plain.len() + url.len()..];
            }
            None => rest = "",
        }
    }
    if at_line_start {
        let trimmed = out.trim_start();
        let lead = out.len() - trimmed.len();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let needs = trimmed.starts_with(['#', '-', '+', '=', '~'])
            || (digits > 0 && trimmed[digits..].starts_with(['.', ')']));
        if needs {
            let at = lead + if digits > 0 { digits } else { 0 };
            out.insert(at, '\\');
        }
    }
    out
}

/// Turns an HTML documentation fragment into Markdown (see the module documentation).
pub fn html_to_markdown(html: &str) -> String {
    let mut writer = Writer::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        writer.push_text(&rest[..lt]);
        let tail = &rest[lt..];
        let Some(gt) = tail.find('>') else {
            writer.push_text(tail);
            rest = "";
            break;
        };
        let tag = &tail[1..gt];
        let is_tag = tag
            .trim_start_matches('/')
            .starts_with(|c: char| c.is_ascii_alphabetic());
        if is_tag {
            let (closing, body) = match tag.strip_prefix('/') {
                Some(body) => (true, body),
                None => (false, tag.trim_end_matches('/')),
            };
            let name_end = body
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(body.len());
            let name = body[..name_end].to_ascii_lowercase();
            if closing {
                writer.close(&name);
            } else {
                writer.open(&name, &body[name_end..]);
            }
        } else {
            writer.push_text(&tail[..=gt]);
        }
        rest = &tail[gt + 1..];
    }
    writer.push_text(rest);
    writer.finish()
}

/// `#[doc = "..."]` attributes for Markdown text, one per line, so rustdoc and the
/// pretty-printer show `/// line` comments.
pub fn doc_lines(markdown: &str) -> TokenStream {
    let lines = markdown.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#[deprecated(note = "...")]` for something the model marks deprecated (its date and
/// message as plain text); nothing otherwise.
pub fn deprecated_attr(deprecation: Option<&crate::model::Deprecation>) -> TokenStream {
    let Some(deprecation) = deprecation else {
        return TokenStream::new();
    };
    // `since` is a date in the models, and Rust wants a version there: it goes in the note.
    let message = deprecation
        .message
        .as_deref()
        .map(html_to_markdown)
        .filter(|note| !note.is_empty());
    let note = match (deprecation.since.as_deref(), message) {
        (Some(since), Some(message)) => format!("Since {since}. {message}"),
        (Some(since), None) => format!("Since {since}."),
        (None, Some(message)) => message,
        (None, None) => return quote!(#[deprecated]),
    };
    quote!(#[deprecated(note = #note)])
}

/// `#[doc]` attributes for an operation: its documentation, then what the model says of its
/// output, under a heading.
pub fn operation_doc_attrs(operation: &crate::model::Operation) -> TokenStream {
    let mut markdown = operation
        .documentation
        .as_deref()
        .map(html_to_markdown)
        .unwrap_or_default();
    let output = operation
        .output_documentation
        .as_deref()
        .map(html_to_markdown)
        .filter(|text| !text.is_empty());
    if let Some(output) = output {
        if !markdown.is_empty() {
            markdown.push_str("\n\n");
        }
        markdown.push_str("# Output\n\n");
        markdown.push_str(&output);
    }
    if markdown.is_empty() {
        TokenStream::new()
    } else {
        doc_lines(&markdown)
    }
}

/// `#[doc]` attributes for a model's HTML documentation, or nothing when there is none.
pub fn doc_attrs(html: Option<&str>) -> TokenStream {
    match html.map(html_to_markdown) {
        Some(markdown) if !markdown.is_empty() => doc_lines(&markdown),
        _ => TokenStream::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_blank_line_separated() {
        assert_eq!(
            html_to_markdown("<p>One.</p><p>Two\n   lines.</p>"),
            "One.\n\nTwo lines."
        );
        assert_eq!(html_to_markdown("plain text"), "plain text");
        assert_eq!(html_to_markdown(""), "");
        assert_eq!(html_to_markdown("<p></p>"), "");
    }

    #[test]
    fn lists_become_bullets() {
        let html = "<p>Values:</p><ul><li><p>IN_ENTITY_ID The entity.</p></li><li><p>IN_TEMPLATE_ID The template.</p></li></ul><p>After.</p>";
        assert_eq!(
            html_to_markdown(html),
            "Values:\n\n- IN_ENTITY_ID The entity.\n- IN_TEMPLATE_ID The template.\n\nAfter."
        );
        // A nested item lines up with its parent's text, after `1. ` or `- `.
        assert_eq!(
            html_to_markdown("<ol><li>a</li><li>b<ul><li>c</li></ul></li></ol>"),
            "1. a\n2. b\n   - c"
        );
        assert_eq!(
            html_to_markdown(
                "<ul><li><p>x</p><ol><li><p>y</p><ol><li><p>z</p></li></ol></li></ol></li></ul>"
            ),
            "- x\n  1. y\n     1. z"
        );
        // A later paragraph of an item lines up with the item's text.
        assert_eq!(
            html_to_markdown("<ol><li><p>a</p><p>more</p></li></ol>"),
            "1. a\n\n   more"
        );
    }

    #[test]
    fn entities_are_decoded_and_markup_escaped() {
        assert_eq!(
            html_to_markdown("<p>a &amp; b &lt;tag&gt; &quot;q&quot; &#39;s&#x27; [x] *y*</p>"),
            "a & b \\<tag\\> \"q\" 's' \\[x\\] \\*y\\*"
        );
        assert_eq!(html_to_markdown("AT&T &bogus; &"), "AT&T &bogus; &");
    }

    #[test]
    fn code_links_and_emphasis() {
        assert_eq!(
            html_to_markdown("<p>Use <code>a_b[0]</code> or <a href=\"https://example.com/x\">the guide</a>, <b>now</b> <i>please</i>.</p>"),
            "Use `a_b[0]` or [the guide](https://example.com/x), **now** *please*."
        );
        assert_eq!(html_to_markdown("<code></code>x"), "x");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            html_to_markdown("<p>See https://docs.aws.amazon.com/a_b.html.</p>"),
            "See <https://docs.aws.amazon.com/a_b.html>."
        );
    }

    #[test]
    fn line_starts_that_markdown_would_misread_are_escaped() {
        assert_eq!(
            html_to_markdown("<p>+1 is a prefix</p>"),
            "\\+1 is a prefix"
        );
        assert_eq!(html_to_markdown("<p>1. not a list</p>"), "1\\. not a list");
        assert_eq!(
            html_to_markdown("<p># not a heading</p>"),
            "\\# not a heading"
        );
    }

    #[test]
    fn doc_lines_make_one_attribute_per_line() {
        let tokens = doc_lines("a\n\nb");
        assert_eq!(
            tokens.to_string(),
            "# [doc = \" a\"] # [doc = \"\"] # [doc = \" b\"]"
        );
    }
}
