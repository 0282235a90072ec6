//! A matcher for the simple patterns most models use, on ASCII values, without the regex
//! engine: a sequence of one-character classes with quantifiers (`\+?[1-9][0-9]{1,18}`,
//! `[A-Za-z0-9_:/-]+`), optionally opened by `^` and single-class look-aheads (`(?!\s)`,
//! `(?!\s*$)`) and closed by `$` and single-class look-behinds (`(?<!\s)`).
//!
//! A [`Pattern`](crate::Pattern) is searched, not anchored, and only whether it matches
//! somewhere matters; for a pattern without back-references or groups that is the question
//! "is there a substring in the pattern's language, with the assertions holding around it",
//! which has one answer whatever order an engine tries things in. This module answers it
//! exactly for the patterns it accepts ([`Program::parse`] returns `None` for anything else,
//! which then goes to the regex engine), under the pattern syntax of ECMA-262 without flags.
//!
//! Only ASCII values are matched here: there a character is one UTF-16 code unit and one
//! byte, so the engine's view of a character and this module's agree. Other values go to the
//! regex engine.

/// A set of ASCII characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Class(u128);

impl Class {
    const EMPTY: Class = Class(0);

    fn byte(b: u8) -> Class {
        Class(1 << b)
    }

    fn range(from: u32, to: u32) -> Class {
        let mut class = Class::EMPTY;
        for c in from..=to.min(127) {
            class.0 |= 1 << c;
        }
        class
    }

    fn contains(self, b: u8) -> bool {
        b < 128 && self.0 & (1 << b) != 0
    }

    fn union(self, other: Class) -> Class {
        Class(self.0 | other.0)
    }

    fn not(self) -> Class {
        Class(!self.0)
    }

    /// `\s`: ECMAScript white space and line terminators, in ASCII.
    fn space() -> Class {
        [b'\t', b'\n', 0x0b, 0x0c, b'\r', b' ']
            .iter()
            .fold(Class::EMPTY, |c, &b| c.union(Class::byte(b)))
    }

    fn digit() -> Class {
        Class::range(u32::from(b'0'), u32::from(b'9'))
    }

    fn word() -> Class {
        Class::range(u32::from(b'a'), u32::from(b'z'))
            .union(Class::range(u32::from(b'A'), u32::from(b'Z')))
            .union(Class::digit())
            .union(Class::byte(b'_'))
    }

    /// `.`: anything but a line terminator.
    fn dot() -> Class {
        Class::byte(b'\n').union(Class::byte(b'\r')).not()
    }
}

/// One class repeated between `min` and `max` times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Atom {
    class: Class,
    min: usize,
    max: usize,
}

/// Where a match may start or end, by the assertions around the atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Assertion {
    /// `^` (at the start) or `$` (at the end).
    Edge,
    /// `(?=C)` / `(?!C)` at the start: the next character is (is not) in the class.
    Ahead(Class, bool),
    /// `(?=C*$)` / `(?!C*$)` at the start: the rest of the value is (is not) all in the class.
    AheadRest(Class, bool),
    /// `(?<=C)` / `(?<!C)` at the end: the previous character is (is not) in the class.
    Behind(Class, bool),
}

/// A pattern this module can match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Program {
    start: Vec<Assertion>,
    atoms: Vec<Atom>,
    end: Vec<Assertion>,
}

/// The largest repetition count accepted; larger bounds go to the regex engine.
const MAX_COUNT: usize = 1 << 16;

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, text: &str) -> bool {
        if self.s[self.i..].starts_with(text.as_bytes()) {
            self.i += text.len();
            true
        } else {
            false
        }
    }

    /// The character after a `\` (already eaten), as a class; `None` for escapes left to the
    /// regex engine. `in_class` says whether it is inside `[...]` (where `\b` is a backspace).
    fn escape(&mut self, in_class: bool) -> Option<Class> {
        let c = self.peek()?;
        self.i += 1;
        Some(match c {
            b's' => Class::space(),
            b'S' => Class::space().not(),
            b'd' => Class::digit(),
            b'D' => Class::digit().not(),
            b'w' => Class::word(),
            b'W' => Class::word().not(),
            b't' => Class::byte(b'\t'),
            b'n' => Class::byte(b'\n'),
            b'r' => Class::byte(b'\r'),
            b'v' => Class::byte(0x0b),
            b'f' => Class::byte(0x0c),
            b'b' if in_class => Class::byte(0x08),
            b'x' => {
                let code = self.hex(2)?;
                Class::range(code, code)
            }
            b'u' => {
                let code = self.hex(4)?;
                Class::range(code, code)
            }
            // Identity escapes of punctuation: the character itself.
            c if c.is_ascii_punctuation() => Class::byte(c),
            _ => return None,
        })
    }

    fn hex(&mut self, digits: usize) -> Option<u32> {
        let text = self.s.get(self.i..self.i + digits)?;
        let text = std::str::from_utf8(text).ok()?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.i += digits;
        u32::from_str_radix(text, 16).ok()
    }

    /// One class member's single character (for ranges), or a class escape.
    fn class_item(&mut self) -> Option<(Class, Option<u32>)> {
        let c = self.peek()?;
        if c == b'\\' {
            self.i += 1;
            let start = self.i;
            let class = self.escape(true)?;
            let single = match self.s[start] {
                b's' | b'S' | b'd' | b'D' | b'w' | b'W' => None,
                _ => (class.0.count_ones() == 1).then(|| class.0.trailing_zeros()),
            };
            // `\uXXXX` above ASCII is one character whose class here is empty.
            let single = single.or_else(|| match self.s[start] {
                b'u' | b'x' => std::str::from_utf8(&self.s[start + 1..self.i])
                    .ok()
                    .and_then(|h| u32::from_str_radix(h, 16).ok()),
                _ => None,
            });
            return Some((class, single));
        }
        // A character of the source, possibly beyond ASCII.
        let text = std::str::from_utf8(&self.s[self.i..]).ok()?;
        let ch = text.chars().next()?;
        self.i += ch.len_utf8();
        let code = u32::from(ch);
        Some((Class::range(code, code), Some(code)))
    }

    /// `[...]`, the `[` already eaten.
    fn bracket(&mut self) -> Option<Class> {
        let negated = self.eat("^");
        let mut class = Class::EMPTY;
        loop {
            match self.peek()? {
                b']' => {
                    self.i += 1;
                    break;
                }
                _ => {
                    let (item, single) = self.class_item()?;
                    if self.peek() == Some(b'-') && self.s.get(self.i + 1) != Some(&b']') {
                        self.i += 1;
                        let (_, to) = self.class_item()?;
                        let (from, to) = (single?, to?);
                        if from > to {
                            return None;
                        }
                        class = class.union(Class::range(from, to));
                    } else {
                        class = class.union(item);
                    }
                }
            }
        }
        Some(if negated { class.not() } else { class })
    }

    /// One atom's class: `.`, an escape, a bracket class or a literal character.
    fn class(&mut self) -> Option<Class> {
        let c = self.peek()?;
        match c {
            b'.' => {
                self.i += 1;
                Some(Class::dot())
            }
            b'\\' => {
                self.i += 1;
                self.escape(false)
            }
            b'[' => {
                self.i += 1;
                self.bracket()
            }
            b'^' | b'$' | b'*' | b'+' | b'?' | b'(' | b')' | b']' | b'{' | b'}' | b'|' => None,
            _ => self.class_item().map(|(class, _)| class),
        }
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        let n: usize = std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()?;
        (n <= MAX_COUNT).then_some(n)
    }

    /// The quantifier after an atom, `(1, 1)` if none.
    fn quantifier(&mut self) -> Option<(usize, usize)> {
        let (min, max) = match self.peek() {
            Some(b'*') => (0, usize::MAX),
            Some(b'+') => (1, usize::MAX),
            Some(b'?') => (0, 1),
            Some(b'{') => {
                self.i += 1;
                let min = self.number()?;
                let max = if self.eat(",") {
                    if self.peek() == Some(b'}') {
                        usize::MAX
                    } else {
                        self.number()?
                    }
                } else {
                    min
                };
                if self.peek() != Some(b'}') || min > max {
                    return None;
                }
                (min, max)
            }
            _ => return Some((1, 1)),
        };
        self.i += 1;
        // A lazy quantifier matches the same set of substrings.
        self.eat("?");
        Some((min, max))
    }

    /// A class the look-around at the cursor holds, ending with `)`.
    fn look_class(&mut self) -> Option<Class> {
        let class = self.class()?;
        self.eat(")").then_some(class)
    }
}

impl Program {
    fn parse_unsimplified(source: &str) -> Option<Program> {
        let mut p = Parser {
            s: source.as_bytes(),
            i: 0,
        };
        let mut start = Vec::new();
        loop {
            if p.eat("^") {
                start.push(Assertion::Edge);
            } else if p.eat("(?=") || p.eat("(?!") {
                let positive = p.s[p.i - 1] == b'=';
                let class = p.class()?;
                if p.eat("*$)") {
                    start.push(Assertion::AheadRest(class, positive));
                } else if p.eat(")") {
                    start.push(Assertion::Ahead(class, positive));
                } else {
                    return None;
                }
            } else {
                break;
            }
        }
        let mut atoms = Vec::new();
        let mut end = Vec::new();
        while p.i < p.s.len() {
            if p.eat("$") {
                end.push(Assertion::Edge);
            } else if p.eat("(?<=") || p.eat("(?<!") {
                let positive = p.s[p.i - 1] == b'=';
                end.push(Assertion::Behind(p.look_class()?, positive));
            } else if end.is_empty() {
                let class = p.class()?;
                let (min, max) = p.quantifier()?;
                atoms.push(Atom { class, min, max });
            } else {
                return None;
            }
        }
        Some(Program { start, atoms, end })
    }

    /// The program for `source`, or `None` if it is not one of the forms this module matches.
    pub(crate) fn parse(source: &str) -> Option<Program> {
        let mut program = Self::parse_unsimplified(source)?;
        program.simplify();
        Some(program)
    }

    /// The program for `source` matched against the whole value: `^(?:source)$`, which for
    /// this module's forms (a sequence, with assertions at its ends) is the sequence with `^`
    /// added to its start assertions and `$` to its end ones.
    pub(crate) fn parse_whole(source: &str) -> Option<Program> {
        let mut program = Self::parse_unsimplified(source)?;
        program.start.push(Assertion::Edge);
        program.end.push(Assertion::Edge);
        program.simplify();
        Some(program)
    }

    /// Bounds that cannot change whether a match exists: with nothing required after it, the
    /// last atom matching `k ≥ min` times means it also matches `min` times (a shorter match,
    /// ending earlier); with nothing required before it, the same holds for the first atom (a
    /// match starting later). Atoms left matching zero times go.
    fn simplify(&mut self) {
        if self.end.is_empty() {
            if let Some(last) = self.atoms.last_mut() {
                last.max = last.min;
            }
        }
        if self.start.is_empty() {
            if let Some(first) = self.atoms.first_mut() {
                first.max = first.min;
            }
        }
        self.atoms.retain(|atom| atom.max > 0);
    }

    fn start_ok(&self, s: &[u8], at: usize, last_outside: &mut [Option<Option<usize>>]) -> bool {
        self.start
            .iter()
            .enumerate()
            .all(|(k, assertion)| match *assertion {
                Assertion::Edge => at == 0,
                Assertion::Ahead(class, positive) => {
                    s.get(at).is_some_and(|&b| class.contains(b)) == positive
                }
                Assertion::AheadRest(class, positive) => {
                    // The last character outside the class, found once.
                    let last = *last_outside[k]
                        .get_or_insert_with(|| s.iter().rposition(|&b| !class.contains(b)));
                    let rest_in_class = last.map_or(true, |l| l < at);
                    rest_in_class == positive
                }
                Assertion::Behind(..) => true,
            })
    }

    fn end_ok(&self, s: &[u8], at: usize) -> bool {
        self.end.iter().all(|assertion| match *assertion {
            Assertion::Edge => at == s.len(),
            Assertion::Behind(class, positive) => (at > 0 && class.contains(s[at - 1])) == positive,
            Assertion::Ahead(..) | Assertion::AheadRest(..) => true,
        })
    }

    /// Whether the pattern matches somewhere in the ASCII value `s`.
    pub(crate) fn is_match(&self, s: &[u8]) -> bool {
        debug_assert!(s.is_ascii());
        let mut last_outside = [None; 4];
        let last_outside = if self.start.len() <= last_outside.len() {
            &mut last_outside[..self.start.len()]
        } else {
            return self.is_match_general(s, &mut vec![None; self.start.len()]);
        };
        // The common forms: one atom, nothing around it.
        if self.start.is_empty() && self.end.is_empty() {
            match self.atoms.as_slice() {
                [] => return true,
                [atom] if atom.min == 1 => return s.iter().any(|&b| atom.class.contains(b)),
                _ => {}
            }
        }
        if self.atoms.iter().all(|atom| atom.min == atom.max) {
            let len: usize = self.atoms.iter().map(|atom| atom.min).sum();
            if len > s.len() {
                return false;
            }
            return (0..=s.len() - len).any(|at| {
                self.start_ok(s, at, last_outside) && {
                    let mut i = at;
                    self.atoms.iter().all(|atom| {
                        let run = &s[i..i + atom.min];
                        i += atom.min;
                        run.iter().all(|&b| atom.class.contains(b))
                    }) && self.end_ok(s, i)
                }
            });
        }
        self.is_match_general(s, last_outside)
    }

    /// Any program: the set of positions a match can have reached after each atom, starting
    /// from every position the start assertions allow. Short values use buffers on the stack.
    fn is_match_general(&self, s: &[u8], last_outside: &mut [Option<Option<usize>>]) -> bool {
        const SHORT: usize = 128;
        if s.len() < SHORT {
            let mut reach = [false; SHORT + 1];
            let mut prefix = [0usize; SHORT + 2];
            self.reach(
                s,
                last_outside,
                &mut reach[..=s.len()],
                &mut prefix[..s.len() + 2],
            )
        } else {
            let mut reach = vec![false; s.len() + 1];
            let mut prefix = vec![0usize; s.len() + 2];
            self.reach(s, last_outside, &mut reach, &mut prefix)
        }
    }

    /// [`Program::is_match_general`] with its buffers: `reach` of `s.len() + 1` positions and
    /// `prefix` one longer.
    fn reach(
        &self,
        s: &[u8],
        last_outside: &mut [Option<Option<usize>>],
        reach: &mut [bool],
        prefix: &mut [usize],
    ) -> bool {
        let n = s.len();
        for (at, slot) in reach.iter_mut().enumerate() {
            *slot = self.start_ok(s, at, last_outside);
        }
        for atom in &self.atoms {
            // prefix[i]: how many of reach[..i] are set.
            for i in 0..=n {
                prefix[i + 1] = prefix[i] + usize::from(reach[i]);
            }
            let mut run = 0usize;
            for j in 0..=n {
                // run: how many characters in the class end at j.
                if j > 0 {
                    run = if atom.class.contains(s[j - 1]) {
                        run + 1
                    } else {
                        0
                    };
                }
                reach[j] = if run < atom.min {
                    false
                } else {
                    // A start i with j - i in [min, min(max, run)].
                    let lo = j - atom.max.min(run);
                    let hi = j - atom.min;
                    prefix[hi + 1] > prefix[lo]
                };
            }
        }
        (0..=n).any(|j| reach[j] && self.end_ok(s, j))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pattern of both models, and forms around the edges of what is accepted.
    const PATTERNS: &[&str] = &[
        ".*",
        ".+",
        r"s3://([a-z0-9\.-]{3,63})/(.+)",
        r"(?!\s*$)[\s\S]+",
        r"arn:\S+",
        r"arn:[A-Za-z0-9_:/-]+",
        r"\S+",
        r"\+[({\s\[]?[1-9][0-9(){}\s\[\],.-]{1,38}",
        r"\+?[1-9][0-9]{1,18}",
        r"[A-Za-z0-9_]+",
        r"[A-Za-z0-9_\.]+",
        r"[A-Za-z0-9_:/\+-]+",
        r"[A-Za-z0-9_:/-]+",
        r"[A-Za-z0-9_-]+",
        r"(?!\s)^[\s\S]+(?<!\s)",
        r"[A-Za-z0-9]+",
        r"[A-Z]{2}",
        r"[0-9]{0,2}\.[0-9]{1,5}",
        r"[/\.:A-Za-z0-9+_-]+",
        r"[!-~]+",
        r"[ \S]+",
        r"^[a-z]+$",
        r"^a{2,3}",
        r"b{2,}$",
        r"a{0}b",
        r"x*y?z+",
        r"[^a-c]{2}\d",
        r"\w\W\D",
        r"(?=a)\w{2}",
        r"(?!a)\w+?",
        r"(?=\s*$)",
        r"a(?<=a)",
        r"\d+(?<!0)",
        r"(?<=a)b",
        r"[\u0041-\u0043]\x20",
        r"[-a]",
        r"[a-]+",
        r"a|b",
        r"(ab)+",
        r"\bx",
    ];

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn agrees_with_the_regex_engine() {
        const ALPHABETS: [&[u8]; 3] = [
            b"aAbcBxyzZ019+.-_:/ \t\n\r{}()[],~!0123",
            b"0123456789+. ",
            b"ab \t",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut accepted = 0;
        let mut matched = 0;
        let mut matched_whole = 0;
        for source in PATTERNS {
            let regex = regress::Regex::new(source).unwrap();
            let Some(program) = Program::parse(source) else {
                continue;
            };
            let whole_regex = regress::Regex::new(&format!("^(?:{source})$")).unwrap();
            let whole = Program::parse_whole(source).expect("a pattern that parses parses whole");
            accepted += 1;
            for round in 0..6000 {
                let alphabet = ALPHABETS[round % ALPHABETS.len()];
                // Now and then a value long enough for the buffers on the heap.
                let len = if round % 50 == 0 {
                    120 + rng.next() % 80
                } else {
                    rng.next() % 24
                } as usize;
                let value: String = (0..len)
                    .map(|_| char::from(alphabet[(rng.next() % alphabet.len() as u64) as usize]))
                    .collect();
                let expected = regex.find(&value).is_some();
                assert_eq!(
                    program.is_match(value.as_bytes()),
                    expected,
                    "{source} on {value:?}"
                );
                matched += usize::from(expected);
                let expected = whole_regex.find(&value).is_some();
                assert_eq!(
                    whole.is_match(value.as_bytes()),
                    expected,
                    "whole {source} on {value:?}"
                );
                matched_whole += usize::from(expected);
            }
        }
        assert!(accepted >= 30, "{accepted}");
        assert!(matched_whole > accepted * 100, "{matched_whole}");
        // Both answers come up often enough to mean something.
        assert!(
            matched > accepted * 6000 / 5 && matched < accepted * 6000 * 4 / 5,
            "{matched}"
        );
    }

    #[test]
    fn leaves_groups_alternatives_and_word_boundaries_to_the_engine() {
        for source in [
            r"a|b",
            r"(ab)+",
            r"\bx",
            r"s3://([a-z]+)",
            r"a(?=b)c",
            r"\1",
            "a{2",
            "]",
        ] {
            assert_eq!(Program::parse(source), None, "{source}");
        }
    }
}
