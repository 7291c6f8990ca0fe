//! Tokens of the rule language: trivia (whitespace and `#` comments), words, names,
//! punctuation, numbers, strings, text blocks and regular expressions.
//!
//! Every token parser skips the trivia before it and none after, so a token's span starts
//! at its first byte and a construct's span ends at its last token. Failures inside a
//! literal (an unclosed string, a bad escape) are `Failure`s: once `"` is seen, nothing
//! else could have been meant, and backtracking would only blur the message.

use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::satisfy;
use nom::combinator::recognize;
use nom::sequence::pair;
use nom::{IResult, Input as _, Parser};
use nom_locate::LocatedSpan;

use crate::lang::ast::{Name, Number, Regex};
use crate::lang::error::SyntaxError;
use crate::source::Span;

/// The parser's input: the rule file's text with its offset, line and column.
pub type Input<'a> = LocatedSpan<&'a str>;

/// What every parser returns.
pub type PResult<'a, T> = IResult<Input<'a>, T, SyntaxError>;

/// Words reserved by the language; none of them is an identifier.
pub const KEYWORDS: &[&str] = &[
    "rule", "let", "for", "in", "when", "require", "at", "level", "and", "or", "not", "some",
    "all", "true", "false", "null", "this", "matches", "exists", "empty", "is", "known", "unknown",
];

/// Whether `word` is reserved.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The span from the start of `from` to the start of `to` (which must follow it).
pub fn span_between(from: Input, to: Input) -> Span {
    Span::new(from.location_offset(), to.location_offset())
}

/// The span of the first `len` bytes of `input`.
pub fn span_len(input: Input, len: usize) -> Span {
    Span::new(input.location_offset(), input.location_offset() + len)
}

/// `line:column` of the start of `input`, for messages that name a second place.
pub fn line_column(input: Input) -> String {
    format!("{}:{}", input.location_line(), input.get_utf8_column())
}

/// Skips whitespace (spaces, tabs, CR, LF) and `#` comments; never fails.
pub fn skip_trivia(mut input: Input) -> Input {
    loop {
        let text = input.fragment();
        let blank = text.len() - text.trim_start_matches([' ', '\t', '\r', '\n']).len();
        input = input.take_from(blank);
        if !input.fragment().starts_with('#') {
            return input;
        }
        let comment = input
            .fragment()
            .find('\n')
            .unwrap_or(input.fragment().len());
        input = input.take_from(comment);
    }
}

/// The token at `input` (after trivia), described for an error message.
pub struct Found {
    /// Where the token is (empty at the end of the file).
    pub span: Span,
    /// What it is: "`}`", "the keyword `for`", "a string", "the end of the file".
    pub description: String,
}

/// Describes the next token for "expected X, found Y" messages.
pub fn next_token(input: Input) -> Found {
    let input = skip_trivia(input);
    let text = *input.fragment();
    let Some(first) = text.chars().next() else {
        return Found {
            span: span_len(input, 0),
            description: "the end of the file".to_owned(),
        };
    };
    let found = |len: usize, description: String| Found {
        span: span_len(input, len),
        description,
    };
    if first.is_ascii_alphanumeric() || first == '_' {
        let len = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .unwrap_or(text.len());
        // A dot belongs to a number (`8.1`) but not to a name (`role.trust`).
        let len = if first.is_ascii_digit() {
            len
        } else {
            text[..len].find('.').unwrap_or(len)
        };
        let word = &text[..len];
        let description = if is_keyword(word) {
            format!("the keyword `{word}`")
        } else {
            format!("`{word}`")
        };
        return found(len, description);
    }
    if text.starts_with("\"\"\"") {
        return found(3, "a text block `\"\"\"`".to_owned());
    }
    if first == '"' {
        return found(string_extent(text), "a string".to_owned());
    }
    if text.starts_with("<<") {
        return found(2, "a message `<<`".to_owned());
    }
    for operator in ["==", "!=", "<=", ">=", ">>"] {
        if text.starts_with(operator) {
            return found(2, format!("`{operator}`"));
        }
    }
    found(first.len_utf8(), format!("`{first}`"))
}

/// Bytes of a string token for underlining: to its closing quote on the same line, or
/// just the opening quote when it has none.
fn string_extent(text: &str) -> usize {
    let mut escaped = false;
    for (index, c) in text.char_indices().skip(1) {
        match c {
            '\n' | '\r' => break,
            '"' if !escaped => return index + 1,
            _ => escaped = c == '\\' && !escaped,
        }
    }
    1
}

/// An "expected X, found Y" failure at the next token.
pub fn expected<'a, T>(input: Input<'a>, what: &str) -> PResult<'a, T> {
    Err(nom::Err::Failure(expected_error(input, what)))
}

/// The error of [`expected`], for callers that add a related place.
pub fn expected_error(input: Input, what: &str) -> SyntaxError {
    let found = next_token(input);
    SyntaxError::new(
        found.span,
        format!("expected {what}, found {}", found.description),
    )
}

/// A failure with a message at `span`.
pub fn failure<'a, T>(span: Span, message: impl Into<String>) -> PResult<'a, T> {
    Err(nom::Err::Failure(SyntaxError::new(span, message)))
}

/// A word `[A-Za-z_][A-Za-z0-9_]*`, keyword or not (after trivia).
pub fn word(input: Input) -> PResult<Input> {
    let input = skip_trivia(input);
    recognize(pair(
        satisfy(|c: char| c.is_ascii_alphabetic() || c == '_'),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(input)
}

/// The keyword `keyword` as a whole word; a recoverable error otherwise.
pub fn keyword<'a>(keyword: &'static str) -> impl Fn(Input<'a>) -> PResult<'a, Span> {
    move |input| {
        let (rest, found) = word(input)?;
        if *found.fragment() == keyword {
            Ok((rest, span_len(found, found.fragment().len())))
        } else {
            Err(nom::Err::Error(SyntaxError::new(
                span_len(found, found.fragment().len()),
                format!("expected `{keyword}`"),
            )))
        }
    }
}

/// Whether the next word is `keyword`.
pub fn at_keyword(input: Input, keyword: &str) -> bool {
    word(input).is_ok_and(|(_, found)| *found.fragment() == keyword)
}

/// An identifier (a word that is not a keyword); `what` names it in errors ("a name after
/// `let`"). A keyword is a failure that says so.
pub fn identifier<'a>(input: Input<'a>, what: &str) -> PResult<'a, Name> {
    match word(input) {
        Ok((rest, found)) => {
            let text = *found.fragment();
            let span = span_len(found, text.len());
            if is_keyword(text) {
                return failure(
                    span,
                    format!(
                        "expected {what}, found the keyword `{text}`: keywords cannot be used as names"
                    ),
                );
            }
            Ok((
                rest,
                Name {
                    text: text.to_owned(),
                    span,
                },
            ))
        }
        Err(_) => expected(input, what),
    }
}

/// Punctuation `symbol` (after trivia); a recoverable error otherwise.
pub fn punct<'a>(symbol: &'static str) -> impl Fn(Input<'a>) -> PResult<'a, Span> {
    move |input| {
        let input = skip_trivia(input);
        let (rest, found) = tag(symbol).parse(input)?;
        Ok((rest, span_len(found, symbol.len())))
    }
}

/// A run of name characters `[A-Za-z0-9_-]` (after trivia), validated by the caller:
/// rule IDs, rule names and metadata keys are read whole so that a bad one is reported
/// as one token.
pub fn name_run(input: Input) -> PResult<Name> {
    let input = skip_trivia(input);
    let (rest, found) =
        take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-').parse(input)?;
    let text = *found.fragment();
    Ok((
        rest,
        Name {
            text: text.to_owned(),
            span: span_len(found, text.len()),
        },
    ))
}

/// Whether `text` is kebab-case: `[a-z][a-z0-9]*(-[a-z0-9]+)*`.
pub fn is_kebab_case(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Whether `text` is a rule ID: `[A-Z][A-Z0-9]*[0-9]+`.
pub fn is_rule_id(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.ends_with(|c: char| c.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// A number: `42` or `8.1` (after trivia).
pub fn number(input: Input) -> PResult<Number> {
    let input = skip_trivia(input);
    let (rest, integer) = take_while1(|c: char| c.is_ascii_digit()).parse(input)?;
    let fraction = rest
        .fragment()
        .strip_prefix('.')
        .map(|after| after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len())
        .filter(|&digits| digits > 0);
    if let Some(digits) = fraction {
        let (rest, text) = input.take_split(integer.fragment().len() + 1 + digits);
        return match text.fragment().parse::<f64>() {
            Ok(value) => Ok((rest, Number::Decimal(value))),
            Err(_) => failure(span_between(input, rest), "this number cannot be read"),
        };
    }
    match integer.fragment().parse::<u64>() {
        Ok(value) => Ok((rest, Number::Integer(value))),
        Err(_) => failure(
            span_between(input, rest),
            format!("the integer `{}` is too large", integer.fragment()),
        ),
    }
}

/// A `"..."` string with its escapes resolved (after trivia).
pub fn string(input: Input) -> PResult<String> {
    let input = skip_trivia(input);
    let (body, _) = tag("\"").parse(input)?;
    let unclosed = || {
        failure(
            span_len(input, 1),
            format!(
                "unclosed string: `\"` at {} has no closing `\"` on its line (strings cannot span lines; use a text block `\"\"\"` for that)",
                line_column(input)
            ),
        )
    };
    let mut value = String::new();
    let mut chars = body.fragment().char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => return Ok((body.take_from(index + 1), value)),
            '\n' | '\r' => return unclosed(),
            '\\' => {
                let escape_start = body.location_offset() + index;
                let escaped = match chars.next() {
                    None => return unclosed(),
                    Some((_, '"')) => '"',
                    Some((_, '\\')) => '\\',
                    Some((_, 'n')) => '\n',
                    Some((_, 't')) => '\t',
                    Some((_, 'u')) => unicode_escape(&mut chars, escape_start)?,
                    Some((after, other)) => {
                        return failure(
                            Span::new(
                                escape_start,
                                body.location_offset() + after + other.len_utf8(),
                            ),
                            format!(
                                "unknown escape `\\{other}`: strings know `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{{...}}`"
                            ),
                        );
                    }
                };
                value.push(escaped);
            }
            _ => value.push(c),
        }
    }
    unclosed()
}

/// The rest of a `\u{1F600}` escape after the `u`.
fn unicode_escape(
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    escape_start: usize,
) -> Result<char, nom::Err<SyntaxError>> {
    let mut digits = String::new();
    let mut end = escape_start + 2;
    let mut closed = false;
    if chars.next_if(|&(_, c)| c == '{').is_some() {
        end += 1;
        while let Some((_, c)) = chars.next_if(|&(_, c)| c != '"' && c != '\n') {
            end += c.len_utf8();
            if c == '}' {
                closed = true;
                break;
            }
            digits.push(c);
        }
    }
    let value = (closed && (1..=6).contains(&digits.len()))
        .then(|| u32::from_str_radix(&digits, 16).ok())
        .flatten()
        .and_then(char::from_u32);
    value.ok_or_else(|| {
        nom::Err::Failure(SyntaxError::new(
            Span::new(escape_start, end),
            "bad unicode escape: write `\\u{` then 1 to 6 hex digits of a code point, then `}`, such as `\\u{1F600}`",
        ))
    })
}

/// A `"""..."""` text block, dedented (after trivia).
pub fn text_block(input: Input) -> PResult<String> {
    let input = skip_trivia(input);
    let (body, _) = tag("\"\"\"").parse(input)?;
    let Some(length) = body.fragment().find("\"\"\"") else {
        return failure(
            span_len(input, 3),
            format!(
                "unclosed text block: `\"\"\"` at {} has no closing `\"\"\"`",
                line_column(input)
            ),
        );
    };
    let raw = &body.fragment()[..length];
    Ok((body.take_from(length + 3), dedent(raw)))
}

/// The text of a text block: line endings made `\n`, a blank first or last line dropped,
/// and the whitespace prefix common to the non-blank lines removed from every line.
///
/// The spec says "common leading indentation"; with tabs and spaces mixed, the common
/// *prefix* of the indentation is removed (a tab is never counted as some spaces), so
/// nothing that is not indentation shared by all lines is ever cut.
pub fn dedent(raw: &str) -> String {
    let normalized = raw.replace("\r\n", "\n");
    let mut lines: Vec<&str> = normalized.split('\n').collect();
    let is_blank = |line: &str| line.trim_matches([' ', '\t', '\r']).is_empty();
    if lines.len() > 1 && lines.last().is_some_and(|line| is_blank(line)) {
        lines.pop();
    }
    if lines.first().is_some_and(|line| is_blank(line)) {
        lines.remove(0);
    }
    let mut common: Option<&str> = None;
    for line in lines.iter().filter(|line| !is_blank(line)) {
        let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        common = Some(match common {
            None => indent,
            Some(previous) => {
                let shared = previous
                    .bytes()
                    .zip(indent.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                &previous[..shared]
            }
        });
    }
    let common = common.unwrap_or("");
    let dedented: Vec<&str> = lines
        .iter()
        .map(|line| match line.strip_prefix(common) {
            Some(rest) => rest,
            // Blank lines shorter than the indentation become empty.
            None => line.trim_start_matches([' ', '\t']),
        })
        .collect();
    dedented.join("\n")
}

/// A `/pattern/flags` regular expression (after trivia).
pub fn regex(input: Input) -> PResult<Regex> {
    let input = skip_trivia(input);
    let (body, _) = tag("/").parse(input)?;
    let mut source = String::new();
    let mut chars = body.fragment().char_indices();
    let mut closing = None;
    while let Some((index, c)) = chars.next() {
        match c {
            '/' => {
                closing = Some(index);
                break;
            }
            '\n' | '\r' => break,
            '\\' => match chars.next() {
                Some((_, '/')) => source.push('/'),
                Some((_, other)) => {
                    source.push('\\');
                    source.push(other);
                }
                None => break,
            },
            _ => source.push(c),
        }
    }
    let Some(closing) = closing else {
        return failure(
            span_len(input, 1),
            format!(
                "unclosed regular expression: `/` at {} has no closing `/` on its line (write `\\/` for a slash inside it)",
                line_column(input)
            ),
        );
    };
    let after = body.take_from(closing + 1);
    let flag_length = after.fragment().len()
        - after
            .fragment()
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric())
            .len();
    let (rest, flags) = after.take_split(flag_length);
    let mut case_insensitive = false;
    for (index, flag) in flags.fragment().char_indices() {
        if flag != 'i' || case_insensitive {
            let what = if flag == 'i' { "repeated" } else { "unknown" };
            return failure(
                Span::new(
                    flags.location_offset() + index,
                    flags.location_offset() + index + 1,
                ),
                format!(
                    "{what} regular expression flag `{flag}`: the only flag is `i` (case-insensitive)"
                ),
            );
        }
        case_insensitive = true;
    }
    Ok((
        rest,
        Regex {
            source,
            case_insensitive,
        },
    ))
}
