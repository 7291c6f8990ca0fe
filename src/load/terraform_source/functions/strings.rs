//! String functions on known strings: `split`, `lower`, `replace`, `trim…`, `substr`,
//! `regex`, ... Characters are grapheme clusters where Terraform counts them (`substr`,
//! `strrev`). Regular expressions use RE2 syntax, which the `regex` crate shares.

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::{Call, Outcome, Stop, check_items, check_text, list, string, text, truth, whole};
use crate::load::{Field, Value, ValueKind};
use crate::source::Span;

/// A function of one string giving a string.
fn mapped(call: &Call<'_>, change: impl Fn(&str) -> String) -> Outcome {
    let changed = change(&text(call.at(0))?);
    check_text(changed.len())?;
    Ok(string(call.span, changed))
}

/// A test of a string against another giving a bool.
fn tested(call: &Call<'_>, test: fn(&str, &str) -> bool) -> Outcome {
    let subject = text(call.at(0))?;
    let other = text(call.at(1))?;
    Ok(truth(call.span, test(&subject, &other)))
}

/// `split(separator, string)`; an empty separator splits into characters.
pub(super) fn split(call: Call<'_>) -> Outcome {
    let separator = text(call.at(0))?;
    let subject = text(call.at(1))?;
    check_items(if separator.is_empty() {
        subject.chars().count()
    } else {
        subject.matches(&*separator).count() + 1
    })?;
    let parts: Vec<Value> = if separator.is_empty() {
        subject
            .chars()
            .map(|character| string(call.span, character.to_string()))
            .collect()
    } else {
        subject
            .split(&*separator)
            .map(|part| string(call.span, part))
            .collect()
    };
    Ok(list(call.span, parts))
}

/// `lower(string)`.
pub(super) fn lower(call: Call<'_>) -> Outcome {
    mapped(&call, str::to_lowercase)
}

/// `upper(string)`.
pub(super) fn upper(call: Call<'_>) -> Outcome {
    mapped(&call, str::to_uppercase)
}

/// `title(string)`: the first letter of each word in upper case, as Go's `strings.Title`
/// finds words (ASCII punctuation and spaces end words; other characters only when they
/// are spaces).
pub(super) fn title(call: Call<'_>) -> Outcome {
    mapped(&call, |subject| {
        let mut out = String::with_capacity(subject.len());
        let mut after_separator = true;
        for character in subject.chars() {
            if after_separator {
                out.extend(character.to_uppercase());
            } else {
                out.push(character);
            }
            after_separator = if character.is_ascii() {
                !(character.is_ascii_alphanumeric() || character == '_')
            } else {
                character.is_whitespace()
            };
        }
        out
    })
}

/// `replace(string, search, replacement)`: a search written `/…/` is a regular expression
/// and the replacement may name its groups (`$1`, `${name}`).
pub(super) fn replace(call: Call<'_>) -> Outcome {
    let subject = text(call.at(0))?;
    let search = text(call.at(1))?;
    let replacement = text(call.at(2))?;
    let replaced = match search
        .strip_prefix('/')
        .and_then(|rest| rest.strip_suffix('/'))
    {
        Some(pattern) if search.len() > 1 => compiled(pattern)?
            .replace_all(&subject, &*replacement)
            .into_owned(),
        _ => {
            let matches = if search.is_empty() {
                subject.chars().count() + 1
            } else {
                subject.matches(&*search).count()
            };
            check_text(
                subject
                    .len()
                    .saturating_add(matches.saturating_mul(replacement.len())),
            )?;
            subject.replace(&*search, &replacement)
        }
    };
    check_text(replaced.len())?;
    Ok(string(call.span, replaced))
}

/// `pattern` compiled, or Terraform's error for an invalid one.
fn compiled(pattern: &str) -> Result<Regex, Stop> {
    Regex::new(pattern)
        .map_err(|error| Stop::Error(format!("invalid regular expression pattern: {error}")))
}

/// `trimspace(string)`.
pub(super) fn trimspace(call: Call<'_>) -> Outcome {
    mapped(&call, |subject| subject.trim().to_string())
}

/// `trim(string, characters)`: every character of the second string is removed from both
/// ends.
pub(super) fn trim(call: Call<'_>) -> Outcome {
    let cutset = text(call.at(1))?;
    mapped(&call, |subject| {
        subject
            .trim_matches(|character| cutset.contains(character))
            .to_string()
    })
}

/// `trimprefix(string, prefix)`.
pub(super) fn trimprefix(call: Call<'_>) -> Outcome {
    let prefix = text(call.at(1))?;
    mapped(&call, |subject| {
        subject
            .strip_prefix(&*prefix)
            .unwrap_or(subject)
            .to_string()
    })
}

/// `trimsuffix(string, suffix)`.
pub(super) fn trimsuffix(call: Call<'_>) -> Outcome {
    let suffix = text(call.at(1))?;
    mapped(&call, |subject| {
        subject
            .strip_suffix(&*suffix)
            .unwrap_or(subject)
            .to_string()
    })
}

/// `chomp(string)`: newlines at the end removed.
pub(super) fn chomp(call: Call<'_>) -> Outcome {
    mapped(&call, |subject| {
        subject.trim_end_matches(['\r', '\n']).to_string()
    })
}

/// `startswith(string, prefix)`.
pub(super) fn startswith(call: Call<'_>) -> Outcome {
    tested(&call, |subject, prefix| subject.starts_with(prefix))
}

/// `endswith(string, suffix)`.
pub(super) fn endswith(call: Call<'_>) -> Outcome {
    tested(&call, |subject, suffix| subject.ends_with(suffix))
}

/// `strcontains(string, substring)`.
pub(super) fn strcontains(call: Call<'_>) -> Outcome {
    tested(&call, |subject, wanted| subject.contains(wanted))
}

/// `indent(spaces, string)`: every line but the first indented.
pub(super) fn indent(call: Call<'_>) -> Outcome {
    let spaces = usize::try_from(whole(call.at(0))?).unwrap_or(0);
    let subject = text(call.at(1))?;
    let lines = subject.matches('\n').count();
    check_text(subject.len().saturating_add(lines.saturating_mul(spaces)))?;
    let padding = format!("\n{}", " ".repeat(spaces));
    Ok(string(call.span, subject.replace('\n', &padding)))
}

/// `strrev(string)`: the characters (grapheme clusters) in reverse order.
pub(super) fn strrev(call: Call<'_>) -> Outcome {
    mapped(&call, |subject| subject.graphemes(true).rev().collect())
}

/// `substr(string, offset, length)`: a negative offset counts from the end, a negative
/// length takes the rest (so does a length of 0 after a negative offset, in Terraform).
pub(super) fn substr(call: Call<'_>) -> Outcome {
    let subject = text(call.at(0))?;
    let offset = whole(call.at(1))?;
    let length = whole(call.at(2))?;
    let characters: Vec<&str> = subject.graphemes(true).collect();
    let total = i64::try_from(characters.len()).unwrap_or(i64::MAX);
    let start = if offset < 0 { offset + total } else { offset }.max(0);
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let rest = characters.get(start..).unwrap_or_default();
    let taken = match usize::try_from(length) {
        Ok(0) if offset >= 0 => &[][..],
        // Terraform takes the rest for a length of 0 after a negative offset, as for -1.
        Ok(0) | Err(_) => rest,
        Ok(length) => &rest[..length.min(rest.len())],
    };
    Ok(string(call.span, taken.concat()))
}

/// What one match of a pattern gives: the match, the list of its groups, or the object
/// of its named groups, as Terraform's `regex` does.
fn captured(pattern: &Regex, captures: &regex::Captures<'_>, span: Span) -> Value {
    let group = |index: usize| {
        captures
            .get(index)
            .map_or("", |found| found.as_str())
            .to_string()
    };
    let names: Vec<Option<&str>> = pattern.capture_names().skip(1).collect();
    if names.is_empty() {
        return string(span, group(0));
    }
    if names.iter().all(Option::is_some) {
        let fields = names
            .iter()
            .enumerate()
            .filter_map(|(index, name)| {
                name.map(|name| Field {
                    key: name.into(),
                    key_span: span,
                    value: string(span, group(index + 1)),
                })
            })
            .collect();
        return Value::new(span, ValueKind::Map(fields));
    }
    list(
        span,
        (1..=names.len())
            .map(|index| string(span, group(index)))
            .collect(),
    )
}

/// Stops when a pattern mixes named and unnamed groups, which Terraform refuses.
fn check_groups(pattern: &Regex) -> Result<(), Stop> {
    let names: Vec<Option<&str>> = pattern.capture_names().skip(1).collect();
    if names.iter().any(Option::is_some) && names.iter().any(Option::is_none) {
        return Err(Stop::Error(
            "invalid regular expression pattern: cannot mix both named and unnamed capture groups"
                .into(),
        ));
    }
    Ok(())
}

/// `regex(pattern, string)`: the first match.
pub(super) fn regex(call: Call<'_>) -> Outcome {
    let pattern = compiled(&text(call.at(0))?)?;
    check_groups(&pattern)?;
    let subject = text(call.at(1))?;
    match pattern.captures(&subject) {
        Some(captures) => Ok(captured(&pattern, &captures, call.span)),
        None => Err(Stop::Error(
            "pattern did not match any part of the given string".into(),
        )),
    }
}

/// `regexall(pattern, string)`: every match.
pub(super) fn regexall(call: Call<'_>) -> Outcome {
    let pattern = compiled(&text(call.at(0))?)?;
    check_groups(&pattern)?;
    let subject = text(call.at(1))?;
    let mut matches = Vec::new();
    for captures in pattern.captures_iter(&subject) {
        matches.push(captured(&pattern, &captures, call.span));
        check_items(matches.len())?;
    }
    Ok(list(call.span, matches))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;

    fn one(name: &str, subject: &str) -> crate::load::Value {
        run(name, vec![text_value(subject)])
    }

    #[test]
    fn split_and_case() {
        assert_eq!(
            run("split", vec![text_value(","), text_value("a,b,,c")]),
            strings(&["a", "b", "", "c"])
        );
        assert_eq!(
            run("split", vec![text_value(","), text_value("")]),
            strings(&[""])
        );
        assert_eq!(
            run("split", vec![text_value(""), text_value("ab")]),
            strings(&["a", "b"])
        );
        assert_eq!(one("lower", "HeLLo"), text_value("hello"));
        assert_eq!(one("upper", "héllo"), text_value("HÉLLO"));
        assert_eq!(
            one("title", "hello world-wide web_site"),
            text_value("Hello World-Wide Web_site")
        );
        assert_eq!(
            reason(&run(
                "split",
                vec![text_value(","), reference("aws_iam_role.r", "name")]
            )),
            "computed from `aws_iam_role.r.name`, known only after apply"
        );
    }

    #[test]
    fn replace_plain_and_regular() {
        let replace = |subject: &str, search: &str, with: &str| {
            run(
                "replace",
                vec![text_value(subject), text_value(search), text_value(with)],
            )
        };
        assert_eq!(replace("1 + 2 + 3", "+", "-"), text_value("1 - 2 - 3"));
        assert_eq!(
            replace("hello world", "/w.*d/", "everybody"),
            text_value("hello everybody")
        );
        assert_eq!(
            replace(
                "arn:aws:iam::123:role/x",
                "/^arn:([^:]+):iam::(\\d+):.*$/",
                "$2@$1"
            ),
            text_value("123@aws")
        );
        assert_eq!(replace("a/b", "/", "-"), text_value("a-b"));
        assert_eq!(replace("ab", "", "-"), text_value("-a-b-"));
        assert!(error(&replace("a", "/(/", "b")).contains("invalid regular expression"));
    }

    #[test]
    fn trimming() {
        assert_eq!(one("trimspace", "  hello\n\t"), text_value("hello"));
        assert_eq!(
            run("trim", vec![text_value("?!hello?!"), text_value("!?")]),
            text_value("hello")
        );
        assert_eq!(
            run(
                "trimprefix",
                vec![text_value("helloworld"), text_value("hello")]
            ),
            text_value("world")
        );
        assert_eq!(
            run(
                "trimprefix",
                vec![text_value("helloworld"), text_value("cat")]
            ),
            text_value("helloworld")
        );
        assert_eq!(
            run(
                "trimsuffix",
                vec![text_value("helloworld"), text_value("world")]
            ),
            text_value("hello")
        );
        assert_eq!(one("chomp", "hello\r\n\n"), text_value("hello"));
    }

    #[test]
    fn tests_on_strings() {
        let test = |name: &str, a: &str, b: &str| run(name, vec![text_value(a), text_value(b)]);
        assert_eq!(test("startswith", "hello world", "hello"), boolean(true));
        assert_eq!(test("endswith", "hello world", "hello"), boolean(false));
        assert_eq!(test("strcontains", "hello world", "o w"), boolean(true));
    }

    #[test]
    fn indent_strrev_substr() {
        assert_eq!(
            run("indent", vec![num("2"), text_value("[\n  foo,\n]")]),
            text_value("[\n    foo,\n  ]")
        );
        assert_eq!(one("strrev", "héllo"), text_value("olléh"));
        assert_eq!(one("strrev", "e\u{301}x"), text_value("xe\u{301}"));
        let substr = |subject: &str, offset: &str, length: &str| {
            run(
                "substr",
                vec![text_value(subject), num(offset), num(length)],
            )
        };
        assert_eq!(substr("hello world", "1", "4"), text_value("ello"));
        assert_eq!(substr("🤔🤷", "0", "1"), text_value("🤔"));
        assert_eq!(substr("hello world", "-5", "-1"), text_value("world"));
        assert_eq!(substr("hello", "10", "2"), text_value(""));
        assert_eq!(substr("hello", "1", "0"), text_value(""));
        assert_eq!(substr("hello", "-2", "0"), text_value("lo"));
        assert_eq!(substr("hello", "-9", "2"), text_value("he"));
        assert!(error(&substr("hello", "1.5", "1")).contains("whole number"));
    }

    #[test]
    fn regular_expression_matches() {
        let regex = |name: &str, pattern: &str, subject: &str| {
            run(name, vec![text_value(pattern), text_value(subject)])
        };
        assert_eq!(
            regex("regex", "[a-z]+", "53453453.345345aaabbbccc23454"),
            text_value("aaabbbccc")
        );
        assert_eq!(
            regex("regex", "(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01"),
            strings(&["2019", "02", "01"])
        );
        assert_eq!(
            regex(
                "regex",
                "^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?",
                "https://terraform.io/docs/"
            ),
            map(vec![
                ("scheme", text_value("https")),
                ("authority", text_value("terraform.io"))
            ])
        );
        assert!(error(&regex("regex", "[a-z]+", "123")).contains("did not match"));
        assert!(error(&regex("regex", "(?P<a>x)(y)", "xy")).contains("cannot mix"));
        assert_eq!(
            regex("regexall", "[a-z]+", "1234abcd5678efgh9"),
            strings(&["abcd", "efgh"])
        );
        assert_eq!(regex("regexall", "[a-z]+", "123"), strings(&[]));
    }
}
