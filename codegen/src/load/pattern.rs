//! A model's `pattern` → an ECMA-262 regular expression that `regress` compiles.
//!
//! Models' patterns are meant to be ECMA-262 (the Smithy specification says so), and most are:
//! those are kept as written. Some are written for Java's engine, which AWS services run:
//! inline flags (`(?s)`, `(?i)`, `(?i:...)`), possessive quantifiers (`*+`, `?+`, `{2}+`),
//! `\A`, `\z`, `\Z`, `\h`, `\x{60}`, POSIX and Java property classes (`\p{Alnum}`,
//! `\p{IsAlphabetic}`), nested and intersected classes (`[\p{Print}&&[^|:/]]`), a quantifier
//! after a quantifier (`[0-9]{11}{0,1011}`) or after an anchor (`$ {2,64}`). ECMA-262 either
//! refuses these or, worse, reads an escaped letter as the letter itself (`\p{L}` as the four
//! characters `p{L}`, `\A` as `A`).
//!
//! So a pattern is translated when it does not compile as written, or when it escapes a
//! letter that ECMA-262 gives no meaning of its own (`\p`, `\A`, `\z`, `\h`...). The
//! translation parses the pattern with Java's syntax and prints it again in ECMA-262 syntax
//! with the same meaning:
//!
//! - `(?s)` makes `.` `[\s\S]`; `(?i)` gives each letter both its cases (in classes too);
//!   both last to the end of the group they are in, as in Java; `(?i:X)` only inside `X`.
//! - A possessive quantifier becomes an atomic group, which ECMA-262 writes as a look-ahead
//!   that captures and a back-reference to it (`X*+` → `(?=(X*))\1`); a fixed count needs no
//!   such group. Back-references of the pattern are renumbered around the added groups.
//! - `\A` is `^`, `\z` is `$`, `\Z` is `$` after an optional final line terminator; `\h` is
//!   its list of horizontal spaces; `\x{h..}` is the character.
//! - Unicode properties stay properties (the translation is then compiled in ECMA-262's
//!   Unicode mode, flag `u`); Java's `Is` names become ECMA-262's (`IsAlphabetic` →
//!   `Alphabetic`); POSIX names become their ASCII classes, as Java defines them.
//! - A quantifier repeats what precedes it, so `X{11}{0,1011}` is `(?:X{11}){0,1011}`; an
//!   anchor repeated at least once is the anchor, and an optional one is nothing.
//!
//! What cannot be translated with its meaning kept is an error, which the loader turns into
//! a warning naming the shape: that pattern is not checked.

use std::fmt::Write as _;

/// A pattern ready for `regress`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Translated {
    /// The ECMA-262 source.
    pub source: String,
    /// Whether it must be compiled in Unicode mode (flag `u`): it uses property classes.
    pub unicode: bool,
}

/// The ECMA-262 form of a model's `pattern`, compiled once to be sure; the reason when there
/// is none.
pub(crate) fn ecma_pattern(pattern: &str) -> Result<Translated, String> {
    if !needs_translation(pattern) && regress::Regex::new(pattern).is_ok() {
        return Ok(Translated {
            source: pattern.to_owned(),
            unicode: false,
        });
    }
    let translated = translate(pattern)?;
    let flags = if translated.unicode { "u" } else { "" };
    match regress::Regex::with_flags(&translated.source, flags) {
        Ok(_) => Ok(translated),
        Err(error) => Err(format!(
            "its ECMA-262 form {:?} does not compile: {error}",
            translated.source
        )),
    }
}

/// Letters that ECMA-262 gives a meaning of its own after `\` (outside Annex B's reading of
/// any other escaped letter as itself).
const ECMA_ESCAPES: &str = "bBcdDfknrsStuvwWx";

/// Whether the pattern escapes a letter that ECMA-262 gives no meaning of its own, or writes
/// a code point in braces: written for another engine, so compiling it as written would read
/// the letter as itself.
fn needs_translation(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next) if next.is_ascii_alphabetic() && !ECMA_ESCAPES.contains(next) => {
                    return true
                }
                // `\x{60}` and `\u{60}` are characters in Java; ECMA-262 without the `u` flag
                // reads them as the letter and the braces.
                Some('x' | 'u') if chars.peek() == Some(&'{') => return true,
                _ => {}
            }
        }
    }
    false
}

/// Translates a pattern written with Java's syntax (which includes ECMA-262's common part).
pub(crate) fn translate(pattern: &str) -> Result<Translated, String> {
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        at: 0,
        groups: 0,
    };
    let node = parser.alternation(Flags::default())?;
    if parser.at < parser.chars.len() {
        return Err(format!("unbalanced `)` at character {}", parser.at + 1));
    }
    let mut printer = Printer::default();
    printer.node(&node)?;
    Ok(Translated {
        source: printer.out,
        unicode: printer.unicode,
    })
}

#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    /// `i`: letters match both cases.
    case_insensitive: bool,
    /// `s`: `.` matches line terminators too.
    dot_all: bool,
}

#[derive(Debug, Clone)]
enum Node {
    Empty,
    Literal(char),
    /// `.` without `s`.
    Dot,
    Set(Set),
    /// A zero-width assertion, printed as is (`^`, `$`, `\b`).
    Assert(&'static str),
    Group(GroupKind, Box<Node>),
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        lazy: bool,
    },
    /// An atomic group (what a possessive quantifier makes).
    Atomic(Box<Node>),
    /// A back-reference to the pattern's own group number.
    Backref(u32),
}

#[derive(Debug, Clone)]
enum GroupKind {
    /// A capturing group: its number in the pattern, its name.
    Capture(u32, Option<String>),
    NonCapture,
    LookAhead {
        negated: bool,
    },
    LookBehind {
        negated: bool,
    },
}

/// A character class.
#[derive(Debug, Clone, Default)]
struct Set {
    negated: bool,
    items: Vec<Item>,
}

#[derive(Debug, Clone)]
enum Item {
    Char(char),
    Range(char, char),
    /// `d`, `D`, `s`, `S`, `w` or `W`.
    Escape(char),
    /// A Unicode property in ECMA-262's name (`L`, `Alphabetic`, `Script=Latin`).
    Property {
        negated: bool,
        name: String,
    },
    /// A class inside the class (Java's union).
    Nested(Set),
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    /// Capturing groups opened so far.
    groups: u32,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn eat(&mut self, text: &str) -> bool {
        let matches = text
            .chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c));
        if matches {
            self.at += text.chars().count();
        }
        matches
    }

    fn next(&mut self) -> Result<char, String> {
        let c = self.peek().ok_or("unexpected end of the pattern")?;
        self.at += 1;
        Ok(c)
    }

    /// Alternatives up to an unmatched `)` or the end. Inline flags (`(?i)`) change `flags`
    /// for the rest of the group, across `|` too, as in Java.
    fn alternation(&mut self, mut flags: Flags) -> Result<Node, String> {
        let mut alternatives = Vec::new();
        let mut items = Vec::new();
        loop {
            match self.peek() {
                None | Some(')') => break,
                Some('|') => {
                    self.at += 1;
                    alternatives.push(concat(std::mem::take(&mut items)));
                }
                Some(_) => {
                    if let Some(new_flags) = self.inline_flags(flags)? {
                        flags = new_flags;
                        continue;
                    }
                    let atom = self.atom(flags)?;
                    let atom = self.quantified(atom)?;
                    items.push(atom);
                }
            }
        }
        alternatives.push(concat(items));
        Ok(if alternatives.len() == 1 {
            alternatives.pop().expect("one alternative")
        } else {
            Node::Alternation(alternatives)
        })
    }

    /// `(?flags)` alone: the new flags.
    fn inline_flags(&mut self, flags: Flags) -> Result<Option<Flags>, String> {
        if !(self.peek() == Some('(') && self.peek_at(1) == Some('?')) {
            return Ok(None);
        }
        let mut end = self.at + 2;
        while self
            .chars
            .get(end)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == '-')
        {
            end += 1;
        }
        if end == self.at + 2 || self.chars.get(end) != Some(&')') {
            return Ok(None);
        }
        let letters: String = self.chars[self.at + 2..end].iter().collect();
        self.at = end + 1;
        apply_flags(flags, &letters).map(Some)
    }

    /// Zero or more quantifiers after `atom`: each repeats what precedes it.
    fn quantified(&mut self, mut atom: Node) -> Result<Node, String> {
        loop {
            let start = self.at;
            let (min, max) = match self.peek() {
                Some('*') => {
                    self.at += 1;
                    (0, None)
                }
                Some('+') => {
                    self.at += 1;
                    (1, None)
                }
                Some('?') => {
                    self.at += 1;
                    (0, Some(1))
                }
                Some('{') => match self.braces() {
                    Some(bounds) => bounds,
                    None => return Ok(atom),
                },
                _ => return Ok(atom),
            };
            if max.is_some_and(|max| max < min) {
                return Err(format!(
                    "quantifier at character {} has its bounds reversed",
                    start + 1
                ));
            }
            let lazy = self.eat("?");
            let possessive = !lazy && self.eat("+");
            if let Node::Assert(_) = atom {
                // An assertion holds or not: repeated at least once it is itself, and an
                // optional one asks nothing.
                if min == 0 {
                    atom = Node::Empty;
                }
                continue;
            }
            atom = Node::Repeat {
                node: Box::new(atom),
                min,
                max,
                lazy,
            };
            if possessive && max != Some(min) {
                atom = Node::Atomic(Box::new(atom));
            }
        }
    }

    /// `{n}`, `{n,}` or `{n,m}`; `None` (nothing eaten) when the brace starts no quantifier.
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.at;
        self.at += 1;
        let min = self.number();
        let result = match (min, self.peek()) {
            (Some(min), Some('}')) => {
                self.at += 1;
                Some((min, Some(min)))
            }
            (Some(min), Some(',')) => {
                self.at += 1;
                let max = self.number();
                if self.eat("}") {
                    Some((min, max))
                } else {
                    None
                }
            }
            _ => None,
        };
        if result.is_none() {
            self.at = start;
        }
        result
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        if self.at == start {
            return None;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        text.parse().ok()
    }

    fn atom(&mut self, flags: Flags) -> Result<Node, String> {
        let at = self.at;
        let c = self.next()?;
        Ok(match c {
            '(' => self.group(flags)?,
            '[' => Node::Set(self.set(flags)?),
            '.' if flags.dot_all => Node::Set(Set {
                negated: false,
                items: vec![Item::Escape('s'), Item::Escape('S')],
            }),
            '.' => Node::Dot,
            '^' => Node::Assert("^"),
            '$' => Node::Assert("$"),
            '\\' => self.escape(flags)?,
            '*' | '+' | '?' => {
                return Err(format!("nothing to repeat at character {}", at + 1));
            }
            c => literal(c, flags),
        })
    }

    /// After `(`.
    fn group(&mut self, flags: Flags) -> Result<Node, String> {
        let kind = if self.eat("?:") {
            GroupKind::NonCapture
        } else if self.eat("?=") {
            GroupKind::LookAhead { negated: false }
        } else if self.eat("?!") {
            GroupKind::LookAhead { negated: true }
        } else if self.eat("?<=") {
            GroupKind::LookBehind { negated: false }
        } else if self.eat("?<!") {
            GroupKind::LookBehind { negated: true }
        } else if self.eat("?>") {
            let body = self.alternation(flags)?;
            self.close()?;
            return Ok(Node::Atomic(Box::new(body)));
        } else if self.eat("?<") {
            let mut name = String::new();
            loop {
                match self.next()? {
                    '>' => break,
                    c if c.is_ascii_alphanumeric() => name.push(c),
                    c => return Err(format!("invalid character {c:?} in a group name")),
                }
            }
            self.groups += 1;
            GroupKind::Capture(self.groups, Some(name))
        } else if self.peek() == Some('?') {
            // `(?flags:X)`: the flags inside X only.
            self.at += 1;
            let mut letters = String::new();
            loop {
                match self.next()? {
                    ':' => break,
                    c if c.is_ascii_alphabetic() || c == '-' => letters.push(c),
                    c => return Err(format!("unknown group syntax `(?{letters}{c}`")),
                }
            }
            let inner = apply_flags(flags, &letters)?;
            let body = self.alternation(inner)?;
            self.close()?;
            return Ok(Node::Group(GroupKind::NonCapture, Box::new(body)));
        } else {
            self.groups += 1;
            GroupKind::Capture(self.groups, None)
        };
        let body = self.alternation(flags)?;
        self.close()?;
        Ok(Node::Group(kind, Box::new(body)))
    }

    fn close(&mut self) -> Result<(), String> {
        if self.eat(")") {
            Ok(())
        } else {
            Err("a group is not closed".to_owned())
        }
    }

    /// After `\`, outside a class.
    fn escape(&mut self, flags: Flags) -> Result<Node, String> {
        let c = self.next()?;
        Ok(match c {
            'b' => Node::Assert("\\b"),
            'B' => Node::Assert("\\B"),
            'A' => Node::Assert("^"),
            'z' => Node::Assert("$"),
            'Z' => Node::Assert("(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?$)"),
            'G' => return Err("`\\G` has no ECMA-262 form".to_owned()),
            'Q' => {
                let mut items = Vec::new();
                while self.peek().is_some() && !self.eat("\\E") {
                    items.push(literal(self.next()?, flags));
                }
                concat(items)
            }
            '1'..='9' => {
                let mut number = c.to_digit(10).expect("a digit");
                while let Some(digit) = self.peek().and_then(|d| d.to_digit(10)) {
                    if number * 10 + digit > self.groups {
                        break;
                    }
                    number = number * 10 + digit;
                    self.at += 1;
                }
                Node::Backref(number)
            }
            _ => {
                self.at -= 1;
                match self.class_escape()? {
                    ClassEscape::Char(c) => literal(c, flags),
                    ClassEscape::Items(items) => Node::Set(Set {
                        negated: false,
                        items,
                    }),
                    ClassEscape::Negated(items) => Node::Set(Set {
                        negated: true,
                        items,
                    }),
                }
            }
        })
    }

    /// An escape that means a character or a class, after `\`, inside or outside a class.
    fn class_escape(&mut self) -> Result<ClassEscape, String> {
        let c = self.next()?;
        Ok(match c {
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => ClassEscape::Items(vec![Item::Escape(c)]),
            'h' => ClassEscape::Items(horizontal_space()),
            'H' => ClassEscape::Negated(horizontal_space()),
            'p' | 'P' => {
                let name = if self.eat("{") {
                    let mut name = String::new();
                    loop {
                        match self.next()? {
                            '}' => break,
                            c => name.push(c),
                        }
                    }
                    name
                } else {
                    self.next()?.to_string()
                };
                let items = property(&name)?;
                if c == 'P' {
                    ClassEscape::Negated(items)
                } else {
                    ClassEscape::Items(items)
                }
            }
            't' => ClassEscape::Char('\t'),
            'n' => ClassEscape::Char('\n'),
            'r' => ClassEscape::Char('\r'),
            'f' => ClassEscape::Char('\u{c}'),
            'v' => ClassEscape::Char('\u{b}'),
            'a' => ClassEscape::Char('\u{7}'),
            'e' => ClassEscape::Char('\u{1b}'),
            '0' => {
                let mut code = 0;
                let mut digits = 0;
                while digits < 3 {
                    match self.peek().and_then(|d| d.to_digit(8)) {
                        Some(digit) if code * 8 + digit <= 0o377 => {
                            code = code * 8 + digit;
                            digits += 1;
                            self.at += 1;
                        }
                        _ => break,
                    }
                }
                ClassEscape::Char(char::from_u32(code).expect("an octal byte is a character"))
            }
            'x' | 'u' => {
                let code = if self.eat("{") {
                    let mut code = 0u32;
                    loop {
                        match self.next()? {
                            '}' => break,
                            d => {
                                let digit = d
                                    .to_digit(16)
                                    .ok_or_else(|| format!("invalid hex digit {d:?}"))?;
                                code = code
                                    .checked_mul(16)
                                    .and_then(|code| code.checked_add(digit))
                                    .ok_or("a code point out of range")?;
                            }
                        }
                    }
                    code
                } else {
                    let digits = if c == 'x' { 2 } else { 4 };
                    let mut code = 0;
                    for _ in 0..digits {
                        let d = self.next()?;
                        code = code * 16
                            + d.to_digit(16)
                                .ok_or_else(|| format!("invalid hex digit {d:?}"))?;
                    }
                    code
                };
                ClassEscape::Char(
                    char::from_u32(code).ok_or_else(|| format!("U+{code:X} is not a character"))?,
                )
            }
            'c' => {
                let letter = self.next()?;
                if !letter.is_ascii_alphabetic() {
                    return Err(format!("invalid control escape `\\c{letter}`"));
                }
                ClassEscape::Char(char::from(letter.to_ascii_uppercase() as u8 ^ 0x40))
            }
            c if c.is_ascii_alphanumeric() => {
                return Err(format!("unknown escape `\\{c}`"));
            }
            c => ClassEscape::Char(c),
        })
    }

    /// After `[`: Java's class syntax, with nested classes (union) and `&&` (intersection).
    fn set(&mut self, flags: Flags) -> Result<Set, String> {
        let negated = self.eat("^");
        let mut items: Vec<Item> = Vec::new();
        let mut intersect_with: Option<Vec<Item>> = None;
        let mut first = true;
        loop {
            let c = self.next()?;
            match c {
                ']' if !first => break,
                '[' => items.push(Item::Nested(self.set(flags)?)),
                '&' if self.peek() == Some('&') => {
                    self.at += 1;
                    let left = std::mem::take(&mut items);
                    intersect_with = Some(match intersect_with {
                        None => left,
                        Some(previous) => intersect(&previous, &left)?,
                    });
                }
                _ => {
                    self.at -= 1;
                    let (item, single) = self.set_member()?;
                    let range_follows =
                        self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None);
                    match (single, range_follows) {
                        (Some(from), true) => {
                            self.at += 1;
                            let (to_item, to) = self.set_member()?;
                            match to {
                                Some(to) if to >= from => items.push(Item::Range(from, to)),
                                Some(to) => {
                                    return Err(format!(
                                        "range {from:?}-{to:?} has its ends reversed"
                                    ))
                                }
                                // `a-\d`: a literal `-` between.
                                None => items.extend([Item::Char(from), Item::Char('-'), to_item]),
                            }
                        }
                        _ => items.push(item),
                    }
                }
            }
            first = false;
        }
        if let Some(previous) = intersect_with {
            items = intersect(&previous, &items)?;
        }
        if flags.case_insensitive {
            items = with_both_cases(items)?;
        }
        Ok(Set { negated, items })
    }

    /// One member of a class: the item, and its character when it is one.
    fn set_member(&mut self) -> Result<(Item, Option<char>), String> {
        let c = self.next()?;
        if c != '\\' {
            return Ok((Item::Char(c), Some(c)));
        }
        if self.peek() == Some('b') {
            self.at += 1;
            return Ok((Item::Char('\u{8}'), Some('\u{8}')));
        }
        Ok(match self.class_escape()? {
            ClassEscape::Char(c) => (Item::Char(c), Some(c)),
            ClassEscape::Items(items) => (
                Item::Nested(Set {
                    negated: false,
                    items,
                }),
                None,
            ),
            ClassEscape::Negated(items) => (
                Item::Nested(Set {
                    negated: true,
                    items,
                }),
                None,
            ),
        })
    }
}

enum ClassEscape {
    Char(char),
    Items(Vec<Item>),
    Negated(Vec<Item>),
}

fn concat(mut items: Vec<Node>) -> Node {
    match items.len() {
        0 => Node::Empty,
        1 => items.pop().expect("one item"),
        _ => Node::Concat(items),
    }
}

fn apply_flags(mut flags: Flags, letters: &str) -> Result<Flags, String> {
    let mut on = true;
    for letter in letters.chars() {
        match letter {
            '-' => on = false,
            'i' => flags.case_insensitive = on,
            's' => flags.dot_all = on,
            // Unicode-aware case folding: letters beyond ASCII get their other case too.
            'u' => {}
            other => return Err(format!("the inline flag `{other}` has no ECMA-262 form")),
        }
    }
    Ok(flags)
}

/// A literal character, with both its cases under `i`.
fn literal(c: char, flags: Flags) -> Node {
    match other_case(c) {
        Some(other) if flags.case_insensitive => Node::Set(Set {
            negated: false,
            items: vec![Item::Char(c), Item::Char(other)],
        }),
        _ => Node::Literal(c),
    }
}

/// The other case of a letter that has exactly one.
fn other_case(c: char) -> Option<char> {
    let mut lower = c.to_lowercase();
    let mut upper = c.to_uppercase();
    let (Some(l), None, Some(u), None) = (lower.next(), lower.next(), upper.next(), upper.next())
    else {
        return None;
    };
    if l != c {
        Some(l)
    } else if u != c {
        Some(u)
    } else {
        None
    }
}

/// The items with the other case of each letter added (`(?i)` in a class).
fn with_both_cases(items: Vec<Item>) -> Result<Vec<Item>, String> {
    let mut out = Vec::new();
    for item in items {
        match item {
            Item::Char(c) => {
                out.push(Item::Char(c));
                if let Some(other) = other_case(c) {
                    out.push(Item::Char(other));
                }
            }
            Item::Range(from, to) => {
                out.push(Item::Range(from, to));
                if !(from.is_ascii() && to.is_ascii()) {
                    return Err(
                        "a case-insensitive range beyond ASCII has no simple ECMA-262 form"
                            .to_owned(),
                    );
                }
                for (letters, other) in [('a'..='z', b'A'), ('A'..='Z', b'a')] {
                    let lo = from.max(*letters.start());
                    let hi = to.min(*letters.end());
                    if lo <= hi {
                        let shift =
                            |c: char| char::from(other + (c as u8 - *letters.start() as u8));
                        out.push(Item::Range(shift(lo), shift(hi)));
                    }
                }
            }
            Item::Nested(set) => out.push(Item::Nested(Set {
                negated: set.negated,
                items: with_both_cases(set.items)?,
            })),
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Java's `\h`: horizontal white space.
fn horizontal_space() -> Vec<Item> {
    vec![
        Item::Char(' '),
        Item::Char('\t'),
        Item::Char('\u{a0}'),
        Item::Char('\u{1680}'),
        Item::Char('\u{180e}'),
        Item::Range('\u{2000}', '\u{200a}'),
        Item::Char('\u{202f}'),
        Item::Char('\u{205f}'),
        Item::Char('\u{3000}'),
    ]
}

/// The items of `\p{name}`: a Unicode property in ECMA-262's name, or a POSIX class (ASCII
/// only, as Java defines them).
fn property(name: &str) -> Result<Vec<Item>, String> {
    let ranges = |pairs: &[(char, char)]| -> Vec<Item> {
        pairs
            .iter()
            .map(|&(from, to)| {
                if from == to {
                    Item::Char(from)
                } else {
                    Item::Range(from, to)
                }
            })
            .collect()
    };
    let posix = match name {
        "Lower" => Some(ranges(&[('a', 'z')])),
        "Upper" => Some(ranges(&[('A', 'Z')])),
        "ASCII" => Some(ranges(&[('\0', '\u{7f}')])),
        "Alpha" => Some(ranges(&[('a', 'z'), ('A', 'Z')])),
        "Digit" => Some(ranges(&[('0', '9')])),
        "Alnum" => Some(ranges(&[('a', 'z'), ('A', 'Z'), ('0', '9')])),
        "Punct" => Some(ranges(&[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')])),
        "Graph" => Some(ranges(&[('!', '~')])),
        "Print" => Some(ranges(&[(' ', '~')])),
        "Blank" => Some(ranges(&[(' ', ' '), ('\t', '\t')])),
        "Cntrl" => Some(ranges(&[('\0', '\u{1f}'), ('\u{7f}', '\u{7f}')])),
        "XDigit" => Some(ranges(&[('0', '9'), ('a', 'f'), ('A', 'F')])),
        "Space" => Some(ranges(&[(' ', ' '), ('\t', '\r')])),
        "all" => Some(ranges(&[('\0', char::MAX)])),
        _ => None,
    };
    if let Some(items) = posix {
        return Ok(items);
    }
    let is_category = |name: &str| {
        let mut chars = name.chars();
        matches!(chars.next(), Some('C' | 'L' | 'M' | 'N' | 'P' | 'S' | 'Z'))
            && chars.clone().count() <= 1
            && chars.all(|c| c.is_ascii_lowercase())
    };
    let name = name
        .strip_prefix("gc=")
        .or_else(|| name.strip_prefix("general_category="))
        .unwrap_or(name);
    let ecma = if is_category(name) {
        name.to_owned()
    } else if let Some(rest) = name.strip_prefix("Is") {
        match rest {
            _ if is_category(rest) => rest.to_owned(),
            "Alphabetic"
            | "Ideographic"
            | "Lowercase"
            | "Uppercase"
            | "White_Space"
            | "Hex_Digit"
            | "Noncharacter_Code_Point"
            | "Assigned" => rest.to_owned(),
            "Whitespace" | "WhiteSpace" => "White_Space".to_owned(),
            "Letter" => "L".to_owned(),
            "Digit" => "Nd".to_owned(),
            "Punctuation" => "P".to_owned(),
            "Control" => "Cc".to_owned(),
            "HexDigit" => "Hex_Digit".to_owned(),
            script if script.chars().all(|c| c.is_ascii_alphabetic() || c == '_') => {
                format!("Script={script}")
            }
            _ => return Err(format!("the property `\\p{{{name}}}` has no ECMA-262 form")),
        }
    } else {
        return Err(format!("the property `\\p{{{name}}}` has no ECMA-262 form"));
    };
    Ok(vec![Item::Property {
        negated: false,
        name: ecma,
    }])
}

/// Java's `A&&B` within a class, computed when one side is a set of ASCII characters (the
/// only form models use, `[\p{Print}&&[^|:/]]`): the characters of that side the other holds.
fn intersect(left: &[Item], right: &[Item]) -> Result<Vec<Item>, String> {
    let (finite, other) = match (ascii_only(left), ascii_only(right)) {
        (true, _) => (left, right),
        (_, true) => (right, left),
        _ => {
            return Err("a class intersection (`&&`) beyond ASCII has no ECMA-262 form".to_owned())
        }
    };
    let mut out = Vec::new();
    for code in 0u8..=127 {
        let c = char::from(code);
        if contains(finite, c)? && contains(other, c)? {
            out.push(Item::Char(c));
        }
    }
    Ok(out)
}

/// Whether every item is a character or range within ASCII.
fn ascii_only(items: &[Item]) -> bool {
    items.iter().all(|item| match item {
        Item::Char(c) => c.is_ascii(),
        Item::Range(from, to) => from.is_ascii() && to.is_ascii(),
        Item::Nested(set) => !set.negated && ascii_only(&set.items),
        _ => false,
    })
}

/// Whether the ASCII character `c` is in the union of `items`.
fn contains(items: &[Item], c: char) -> Result<bool, String> {
    for item in items {
        let hit = match item {
            Item::Char(x) => *x == c,
            Item::Range(from, to) => (*from..=*to).contains(&c),
            Item::Escape(e) => {
                let positive = match e.to_ascii_lowercase() {
                    'd' => c.is_ascii_digit(),
                    's' => c.is_ascii_whitespace() || c == '\u{b}',
                    _ => c.is_ascii_alphanumeric() || c == '_',
                };
                positive != e.is_ascii_uppercase()
            }
            Item::Nested(set) => contains(&set.items, c)? != set.negated,
            Item::Property { .. } => {
                return Err("a class intersection with a Unicode property".to_owned())
            }
        };
        if hit {
            return Ok(true);
        }
    }
    Ok(false)
}

#[derive(Default)]
struct Printer {
    out: String,
    unicode: bool,
    /// Groups printed so far (the pattern's own and the added ones).
    groups: u32,
    /// The pattern's group number → its number in the output.
    renumbered: std::collections::BTreeMap<u32, u32>,
}

impl Printer {
    fn node(&mut self, node: &Node) -> Result<(), String> {
        match node {
            Node::Empty => {}
            Node::Literal(c) => self.literal(*c, false),
            Node::Dot => self.out.push('.'),
            Node::Set(set) => self.set(set)?,
            Node::Assert(text) => self.out.push_str(text),
            Node::Group(kind, body) => {
                match kind {
                    GroupKind::Capture(number, name) => {
                        self.groups += 1;
                        self.renumbered.insert(*number, self.groups);
                        match name {
                            Some(name) => {
                                let _ = write!(self.out, "(?<{name}>");
                            }
                            None => self.out.push('('),
                        }
                    }
                    GroupKind::NonCapture => self.out.push_str("(?:"),
                    GroupKind::LookAhead { negated } => {
                        self.out.push_str(if *negated { "(?!" } else { "(?=" });
                    }
                    GroupKind::LookBehind { negated } => {
                        self.out.push_str(if *negated { "(?<!" } else { "(?<=" });
                    }
                }
                self.node(body)?;
                self.out.push(')');
            }
            Node::Concat(items) => {
                for item in items {
                    // An alternation inside a sequence needs a group of its own.
                    if let Node::Alternation(_) = item {
                        self.out.push_str("(?:");
                        self.node(item)?;
                        self.out.push(')');
                    } else {
                        self.node(item)?;
                    }
                }
            }
            Node::Alternation(alternatives) => {
                for (i, alternative) in alternatives.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.node(alternative)?;
                }
            }
            Node::Repeat {
                node,
                min,
                max,
                lazy,
            } => {
                let single = matches!(
                    **node,
                    Node::Literal(_)
                        | Node::Dot
                        | Node::Set(_)
                        | Node::Group(..)
                        | Node::Backref(_)
                ) && !matches!(&**node, Node::Set(set) if needs_alternation(set));
                if single {
                    self.node(node)?;
                } else {
                    self.out.push_str("(?:");
                    self.node(node)?;
                    self.out.push(')');
                }
                match (min, max) {
                    (0, None) => self.out.push('*'),
                    (1, None) => self.out.push('+'),
                    (0, Some(1)) => self.out.push('?'),
                    (min, None) => {
                        let _ = write!(self.out, "{{{min},}}");
                    }
                    (min, Some(max)) if min == max => {
                        let _ = write!(self.out, "{{{min}}}");
                    }
                    (min, Some(max)) => {
                        let _ = write!(self.out, "{{{min},{max}}}");
                    }
                }
                if *lazy {
                    self.out.push('?');
                }
            }
            Node::Atomic(body) => {
                // ECMA-262 has no atomic group, but its look-aheads are atomic: match the
                // body once, capture it, then consume exactly that.
                self.groups += 1;
                let number = self.groups;
                self.out.push_str("(?=(");
                self.node(body)?;
                let _ = write!(self.out, "))\\{number}");
            }
            Node::Backref(number) => {
                let Some(new) = self.renumbered.get(number) else {
                    return Err(format!("back-reference \\{number} before its group"));
                };
                let _ = write!(self.out, "\\{new}");
            }
        }
        Ok(())
    }

    fn literal(&mut self, c: char, in_class: bool) {
        let special = if in_class {
            "\\]-^["
        } else {
            "^$\\.*+?()[]{}|/"
        };
        if special.contains(c) {
            self.out.push('\\');
            self.out.push(c);
        } else if c.is_control() || (c as u32) > 0xffff && !self.unicode {
            if (c as u32) <= 0xffff {
                let _ = write!(self.out, "\\u{:04X}", c as u32);
            } else {
                // A character beyond the BMP is one character in Unicode mode only.
                self.unicode = true;
                let _ = write!(self.out, "\\u{{{:X}}}", c as u32);
            }
        } else {
            self.out.push(c);
        }
    }

    fn set(&mut self, set: &Set) -> Result<(), String> {
        if needs_alternation(set) {
            if set.negated {
                return Err(
                    "a negated class holding a negated class has no ECMA-262 form".to_owned(),
                );
            }
            // `[a[^b]]`: ECMA-262 cannot nest classes, so the union becomes alternatives.
            let (plain, negated): (Vec<&Item>, Vec<&Item>) = set
                .items
                .iter()
                .partition(|item| !matches!(item, Item::Nested(inner) if inner.negated));
            self.out.push_str("(?:");
            let mut first = true;
            if !plain.is_empty() {
                self.out.push('[');
                for item in plain {
                    self.item(item)?;
                }
                self.out.push(']');
                first = false;
            }
            for item in negated {
                if !first {
                    self.out.push('|');
                }
                first = false;
                if let Item::Nested(inner) = item {
                    self.set(inner)?;
                }
            }
            self.out.push(')');
            return Ok(());
        }
        self.out.push('[');
        if set.negated {
            self.out.push('^');
        }
        for item in &set.items {
            self.item(item)?;
        }
        self.out.push(']');
        Ok(())
    }

    fn item(&mut self, item: &Item) -> Result<(), String> {
        match item {
            Item::Char(c) => self.literal(*c, true),
            Item::Range(from, to) => {
                self.literal(*from, true);
                self.out.push('-');
                self.literal(*to, true);
            }
            Item::Escape(e) => {
                self.out.push('\\');
                self.out.push(*e);
            }
            Item::Property { negated, name } => {
                self.unicode = true;
                let _ = write!(self.out, "\\{}{{{name}}}", if *negated { 'P' } else { 'p' });
            }
            Item::Nested(inner) => {
                if inner.negated {
                    // Only a negated single property or escape fits inside a class.
                    match inner.items.as_slice() {
                        [Item::Property { negated, name }] => {
                            self.item(&Item::Property {
                                negated: !negated,
                                name: name.clone(),
                            })?;
                        }
                        [Item::Escape(e)] => {
                            self.out.push('\\');
                            self.out.push(if e.is_ascii_lowercase() {
                                e.to_ascii_uppercase()
                            } else {
                                e.to_ascii_lowercase()
                            });
                        }
                        _ => return Err("a negated class inside a class".to_owned()),
                    }
                } else {
                    for item in &inner.items {
                        self.item(item)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Whether the class holds a negated class that cannot be written inside it (anything but a
/// single negated property or escape), so that it must be printed as alternatives.
fn needs_alternation(set: &Set) -> bool {
    set.items.iter().any(|item| match item {
        Item::Nested(inner) if inner.negated => !matches!(
            inner.items.as_slice(),
            [Item::Property { .. }] | [Item::Escape(_)]
        ),
        Item::Nested(inner) => needs_alternation(inner),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ecma(pattern: &str) -> Translated {
        ecma_pattern(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }

    fn matches(pattern: &str, value: &str) -> bool {
        let translated = ecma(pattern);
        let flags = if translated.unicode { "u" } else { "" };
        regress::Regex::with_flags(&translated.source, flags)
            .expect("compiles")
            .find(value)
            .is_some()
    }

    #[test]
    fn ecma_patterns_are_kept_as_written() {
        for pattern in [
            r"^[A-Za-z0-9_-]+$",
            r"(?!\s)^[\s\S]+(?<!\s)",
            r"\+?[1-9][0-9]{1,18}",
            r"arn:aws[a-z\-]*:sagemaker",
        ] {
            assert_eq!(
                ecma(pattern),
                Translated {
                    source: pattern.to_owned(),
                    unicode: false
                }
            );
        }
    }

    #[test]
    fn inline_flags() {
        assert_eq!(ecma("(?s).{0,20}").source, r"[\s\S]{0,20}");
        assert!(matches("^(?s).+$", "a\nb"));
        assert!(!matches("^.+$", "a\nb"));
        assert_eq!(
            ecma("^(?i)(true|false)$").source,
            "^([tT][rR][uU][eE]|[fF][aA][lL][sS][eE])$"
        );
        assert!(matches("^(?i)(true|false)$", "TrUe"));
        assert!(!matches("^(?i)(true|false)$", "yes"));
        // Scoped to its group, and across `|` within it.
        assert!(matches(r"^(?!(?i)AWS_)[a-zA-Z_][a-zA-Z0-9_]*$", "MY_VAR"));
        assert!(!matches(r"^(?!(?i)AWS_)[a-zA-Z_][a-zA-Z0-9_]*$", "aws_var"));
        assert!(matches(r"^(?i)all|[0-9]{12}$", "ALL"));
        assert!(matches(r"^a(?i:b)c$", "aBc"));
        assert!(!matches(r"^a(?i:b)c$", "aBC"));
        assert!(matches("^(?i)[a-c]+$", "AbC"));
    }

    #[test]
    fn possessive_quantifiers_are_atomic() {
        assert_eq!(ecma("[0-9A-Z]{2}+").source, "[0-9A-Z]{2}");
        assert_eq!(ecma(r"^[\/]?+x$").source, r"^(?=([/]?))\1x$");
        assert!(matches(r"^[\/]?+[a-z]+(\/[a-z]+)*$", "/a/b"));
        assert!(matches(r"^[\/]?+[a-z]+(\/[a-z]+)*$", "a/b"));
        // Atomic: `a*+a` never matches, since the group gives no `a` back.
        assert!(!matches("^a*+a$", "aaa"));
        // A back-reference of the pattern is renumbered around the added group.
        assert_eq!(ecma(r"a?+(b)\1\Q\E").source, r"(?=(a?))\1(b)\2");
        assert!(matches(r"^\d{1}+:\d{12}+$", "1:123456789012"));
    }

    #[test]
    fn anchors_and_escapes() {
        assert_eq!(
            ecma(r"^[-_a-zA-Z0-9]*${2,64}$").source,
            r"^[\-_a-zA-Z0-9]*$$"
        );
        assert!(matches(r"^[-_a-zA-Z0-9]*${2,64}$", "abc"));
        assert!(matches(r"\Aab\z", "ab"));
        assert!(!matches(r"\Aab\z", "xab"));
        assert!(matches(r"^ab\Z", "ab\n"));
        assert!(matches(r"^[a-z\x{60}]+$", "a`b"));
        assert!(matches(r"^a\hb$", "a\u{a0}b"));
        assert_eq!(
            ecma(r"^[0-9a-zA-Z]{11}{0,1011}$").source,
            r"^(?:[0-9a-zA-Z]{11}){0,1011}$"
        );
        assert!(matches(
            r"^[0-9a-zA-Z]{11}{0,1011}$",
            "abcdefghijkabcdefghijk"
        ));
        assert!(!matches(r"^[0-9a-zA-Z]{11}{0,1011}$", "abcdefghijka"));
    }

    #[test]
    fn properties() {
        let t = ecma(r"^[\p{L}\p{N}\p{Z}-_]*$");
        assert!(t.unicode);
        assert_eq!(t.source, r"^[\p{L}\p{N}\p{Z}\-_]*$");
        assert!(matches(r"^[\p{L}\p{N}\p{Z}-_]*$", "Zoë 42_-"));
        assert!(!matches(r"^[\p{L}\p{N}\p{Z}-_]*$", "p{L}!"));
        assert!(matches(r"^\p{L}+$", "héllo"));
        assert!(!matches(r"^\p{L}+$", "p{L}"));
        assert!(matches(r"^[^\p{C}\p{IsWhitespace}]+$", "abc"));
        assert!(!matches(r"^[^\p{C}\p{IsWhitespace}]+$", "a c"));
        assert!(matches(
            r"^[0-9\p{IsAlphabetic}+:,.@'\x22 -]*$",
            "ab+:'\" 9"
        ));
        assert!(matches(r"^\p{Alnum}+$", "aZ9"));
        assert!(!matches(r"^\p{Alnum}+$", "é"));
        assert!(matches(r"^[\P{C}\n\r\t\f\v\p{Cf}]*$", "a\nb"));
        assert!(!matches(r"^[\P{C}]*$", "a\u{1}"));
        assert!(matches(r"^[\p{all}]*$", "any\u{1}thing"));
    }

    #[test]
    fn nested_and_intersected_classes() {
        assert!(matches(r"^[\p{Print}&&[^|:/]]+$", "a b~"));
        assert!(!matches(r"^[\p{Print}&&[^|:/]]+$", "a:b"));
        assert!(!matches(r"^[\p{Print}&&[^|:/]]+$", "é"));
        assert!(matches(r"^[a-c[x-z]]+\p{Z}$", "abyz "));
        assert!(matches(r"^[a[^b]]\p{Z}$", "c "));
        assert!(matches(r"^[a[^b]]\p{Z}$", "a "));
    }

    #[test]
    fn untranslatable_patterns_say_why() {
        assert!(ecma_pattern(r"\Gabc").unwrap_err().contains(r"\G"));
        assert!(ecma_pattern(r"(?x)a b").unwrap_err().contains("`x`"));
        assert!(ecma_pattern(r"\p{javaLowerCase}")
            .unwrap_err()
            .contains("javaLowerCase"));
        assert!(ecma_pattern(r"(a").is_err());
        assert!(ecma_pattern(r"a)").is_err());
        assert!(ecma_pattern(r"[z-a]").is_err());
    }

    /// The patterns of botocore's models that ECMA-262 refuses as written, or misreads.
    #[test]
    fn patterns_from_real_models_translate() {
        for pattern in [
            r"(?! )[\p{L}\p{N}\p{Z}-_]*(?<! )",
            r"(?!(?i)AWS_)[a-zA-Z_][a-zA-Z0-9_]*",
            r"(?i)\A(?:(?:https?://|mailto:)\S*<<\$.+?>>\S*|https?://[a-z\d.-]+\.[a-z]{2,63}(?::\d+)?(?:[/?#][^\s]*)?|mailto:[^\s@]+@[a-z\d.-]+\.[a-z]{2,63})\z",
            r"([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}",
            r"[^-A-Za-z0-9+/=]|=[^=]|={3,}${1,4096}",
            r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
            r"arn:aws:kinesisanalytics:[a-z]{2}-[a-z]+-\d{1}+:\d{12}+:application/[a-zA-Z0-9_.-]{1,128}",
            r"([\w!$&()*+,./:;=?@\x{60}-]|%([\dA-Fa-f]{2}|[\dA-Fa-f]?\*))+",
            r"[a-zA-Z0-9\s'\x{0022},.:\\\/{$}\[\]=_\-\+]+",
        ] {
            ecma(pattern);
        }
        assert!(matches(
            r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
            "fine"
        ));
        assert!(!matches(
            r"^(?![^:\\]*/action/|(?i).*<script>.*</script>.*)[^:\\]+$",
            "x<SCRIPT>y</script>"
        ));
        assert!(matches(
            r"(?i)\A(?:https?://[a-z\d.-]+\.[a-z]{2,63})\z",
            "HTTPS://Example.COM"
        ));
    }
}
