//! Text handling shared by the transcribers: cleaning extracted page text into paragraphs and
//! turning documentation paragraphs into the HTML the model format carries.

/// One paragraph of the cleaned reference text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    /// 1-based line number of the paragraph's first line in the source file.
    pub line: usize,
    /// The paragraph's lines, trimmed, in order.
    pub lines: Vec<String>,
}

impl Para {
    /// The paragraph as one line of text: lines joined by a space.
    pub fn text(&self) -> String {
        join_lines(&self.lines)
    }

    /// `Some(name)` when the paragraph is a single identifier on one line (a member or shape
    /// name heading).
    pub fn ident(&self) -> Option<&str> {
        match self.lines.as_slice() {
            [one] if is_ident(one) => Some(one),
            _ => None,
        }
    }
}

/// Whether `s` looks like a shape, member or operation name.
pub fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Joins wrapped lines of prose: a line that ends in a hyphen directly followed by a letter
/// is a word split at its hyphen, so it joins without a space.
pub fn join_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Splits cleaned lines into paragraphs.
///
/// A paragraph ends at a blank line. A line that starts a new page (the extraction marks it
/// with a leading space) and looks like a heading or a `Key: value` line starts a new
/// paragraph even without a blank line before it, and so does any line that starts with one of
/// `keys`.
pub fn paragraphs(lines: &[Line], keys: &[&str]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    for l in lines {
        let text = l.text.trim();
        if text.is_empty() {
            out.extend(cur.take());
            continue;
        }
        let starts_key = keys.iter().any(|k| text.starts_with(k));
        // A new page that opens with a capital or a bullet starts a paragraph (headings always
        // do); one that opens in lower case or with `|` continues the sentence or list.
        let opens_block = text.starts_with(|c: char| c.is_uppercase() || c == '•');
        let breaks = starts_key || (l.page_start && opens_block);
        if breaks {
            out.extend(cur.take());
        }
        match cur.as_mut() {
            Some(p) => p.lines.push(text.to_string()),
            None => {
                cur = Some(Para {
                    line: l.no,
                    lines: vec![text.to_string()],
                })
            }
        }
    }
    out.extend(cur);
    out
}

/// One line of the source after page furniture was removed.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the source file.
    pub no: usize,
    /// The line's text with surrounding whitespace removed.
    pub text: String,
    /// Whether the line is the first of a new page.
    pub page_start: bool,
}

/// Removes page furniture (running headers and footers) from extracted text.
///
/// `is_furniture` decides which lines are page headers or footers.
pub fn clean_lines(src: &str, is_furniture: impl Fn(&str) -> bool) -> Vec<Line> {
    src.lines()
        .enumerate()
        .filter(|(_, raw)| !is_furniture(raw.trim()))
        .map(|(i, raw)| Line {
            no: i + 1,
            text: raw.trim().to_string(),
            page_start: raw.starts_with(' ') && !raw.trim().is_empty(),
        })
        .collect()
}

/// Escapes text for inclusion in HTML.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Turns documentation paragraphs into the model's HTML: `<p>` per paragraph, bullet
/// paragraphs (`• item`) grouped into one `<ul>`.
///
/// Paragraphs that a page break split in the middle of a sentence (the first does not end a
/// sentence) are joined again first.
pub fn paras_to_html(paras: &[String]) -> String {
    let mut merged: Vec<String> = Vec::new();
    for p in paras {
        // Runs of spaces are extraction noise in prose.
        let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
        let p = p.as_str();
        if p.is_empty() {
            continue;
        }
        if let Some(last) = merged.last_mut() {
            let continues = !last.ends_with(['.', ':', '!', '?', ')', '"'])
                && !last.starts_with('•')
                && !p.starts_with('•')
                && !matches!(last.as_str(), "Important" | "Note" | "Tip");
            if continues {
                last.push(' ');
                last.push_str(p);
                continue;
            }
        }
        merged.push(p.to_string());
    }
    let mut html = String::new();
    let mut in_list = false;
    for p in &merged {
        if let Some(item) = p.strip_prefix('•') {
            if !in_list {
                html.push_str("<ul>");
                in_list = true;
            }
            html.push_str("<li><p>");
            html.push_str(&escape_html(item.trim()));
            html.push_str("</p></li>");
        } else {
            if in_list {
                html.push_str("</ul>");
                in_list = false;
            }
            html.push_str("<p>");
            html.push_str(&escape_html(p));
            html.push_str("</p>");
        }
    }
    if in_list {
        html.push_str("</ul>");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(src: &str) -> Vec<Line> {
        clean_lines(src, |l| l.ends_with("API Version 1"))
    }

    #[test]
    fn page_start_heading_breaks_paragraph() {
        let src = "Pattern: [A-Z]{2}\n IsoCountryCode\n\nText that wraps\n onto a new page.\n";
        let ps = paragraphs(&lines(src), &["Pattern:"]);
        let texts: Vec<String> = ps.iter().map(Para::text).collect();
        assert_eq!(
            texts,
            [
                "Pattern: [A-Z]{2}",
                "IsoCountryCode",
                "Text that wraps onto a new page."
            ]
        );
        assert_eq!(ps[1].ident(), Some("IsoCountryCode"));
        assert_eq!(ps[1].line, 2);
    }

    #[test]
    fn furniture_is_removed() {
        let src = "a\nErrors API Version 1\n b\n";
        let ls = lines(src);
        assert_eq!(ls.len(), 2);
        assert!(ls[1].page_start);
        assert_eq!(ls[1].no, 3);
    }

    #[test]
    fn hyphen_wrapped_words_join() {
        let joined = join_lines(&["default-".into(), "message-type | x".into()]);
        assert_eq!(joined, "default-message-type | x");
    }

    #[test]
    fn html_groups_bullets_and_rejoins_split_sentences() {
        let html = paras_to_html(&[
            "Intro <x> &".into(),
            "• one".into(),
            "• two".into(),
            "A sentence cut by".into(),
            "a page break.".into(),
        ]);
        assert_eq!(
            html,
            "<p>Intro &lt;x&gt; &amp;</p><ul><li><p>one</p></li><li><p>two</p></li></ul>\
             <p>A sentence cut by a page break.</p>"
        );
    }
}
