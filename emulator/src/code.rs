//! The one-time code inside a message: what a test reads from a verification or one-time
//! password message instead of parsing the text itself.

/// Words that make a message a verification or one-time-password message, in the languages
/// such messages are commonly sent in (compared without regard to case).
const CODE_WORDS: &[&str] = &[
    "code",
    "otp",
    "passcode",
    "password",
    "pin",
    "token",
    "verif",
    "one-time",
    "one time",
    "código",
    "codigo",
    "codice",
    "kod",
    "код",
    "bestätigung",
    "vérification",
    "verifica",
    "コード",
    "認証",
    "코드",
    "인증",
    "验证码",
    "驗證碼",
    "码",
    "碼",
];

/// The shortest and longest codes recognised, in digits.
const DIGITS: std::ops::RangeInclusive<usize> = 4..=8;

/// The code in `body` if it is a verification or one-time-password message: it names a code
/// (such as "code", "OTP", "PIN", "código", "验证码") and holds a number of 4 to 8 digits that is not part of a phone
/// number or a longer number; the first such number. A code read out digit by digit (`1, 2,
/// 3, 4`), as voice messages do, is joined up.
pub fn one_time_code(body: &str) -> Option<String> {
    let lower = body.to_lowercase();
    if !CODE_WORDS.iter().any(|word| lower.contains(word)) {
        return None;
    }
    let chars: Vec<char> = body.chars().collect();
    // Runs of digits, with where they start and end.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    for &(start, end) in &runs {
        let len = end - start;
        // A `+`, or another group of digits joined by a dash, dot, slash, comma, colon or
        // space, makes it part of a phone number, a date, a time or an amount.
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(end).copied();
        let joined = |c: Option<char>, next: Option<char>| {
            matches!(c, Some('-' | '.' | '/' | ',' | ':' | ' '))
                && next.is_some_and(|n| n.is_ascii_digit())
        };
        let part_of_more = before == Some('+')
            || joined(before, start.checked_sub(2).map(|j| chars[j]))
            || joined(after, chars.get(end + 1).copied());
        if DIGITS.contains(&len) && !part_of_more {
            return Some(chars[start..end].iter().collect());
        }
    }
    // Digits read out one by one: single digits separated only by commas and spaces.
    let mut spoken = String::new();
    let mut last_end: Option<usize> = None;
    for &(start, end) in &runs {
        let separated =
            last_end.is_some_and(|last| chars[last..start].iter().all(|c| matches!(c, ',' | ' ')));
        if end - start == 1 && (spoken.is_empty() || separated) {
            spoken.push(chars[start]);
            last_end = Some(end);
            if DIGITS.contains(&spoken.len())
                && !runs.iter().any(|&(s, e)| {
                    e - s == 1 && s > end && chars[end..s].iter().all(|c| matches!(c, ',' | ' '))
                })
            {
                return Some(spoken);
            }
        } else {
            spoken.clear();
            last_end = None;
            if end - start == 1 {
                spoken.push(chars[start]);
                last_end = Some(end);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::one_time_code;

    #[test]
    fn codes_are_found_in_verification_messages() {
        for (body, code) in [
            ("Your verification code is 123456.", "123456"),
            ("Tu código de verificación es 0042.", "0042"),
            ("确认コードは 987654 です。", "987654"),
            ("您的验证码是 55667788。", "55667788"),
            ("Use 4821 as your one-time password for Example.", "4821"),
            ("G-739201 is your Google verification code.", "739201"),
            ("Your verification code is 1, 2, 3, 4, 5, 6.", "123456"),
            (
                "Call +1 206 555 0100 if this wasn't you. Your code: 246810",
                "246810",
            ),
        ] {
            assert_eq!(one_time_code(body).as_deref(), Some(code), "{body}");
        }
    }

    #[test]
    fn other_messages_have_no_code() {
        for body in [
            "Your table for two is ready",
            "Parcel 8841 was delivered",
            "Your code is ready to review at https://example.com",
            "Your PIN was changed on 2026-12-04.",
            "Call +12065550100 for your code",
            "Your code is 123",
            "Your order 123456789 ships today, code word: blue",
        ] {
            assert_eq!(one_time_code(body), None, "{body}");
        }
    }
}
