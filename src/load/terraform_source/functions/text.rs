//! Building strings from values: string templates ([`concat_text`]), `format`,
//! `formatlist` and `join`. Parts known only after apply stay parts of a
//! [`ValueKind::Template`] (`format("arn:%s:iam::%s:root", partition, account)` keeps both
//! references), so that an ARN built from parts can be resolved by the graph later.

use unicode_segmentation::UnicodeSegmentation;

use super::encoding::{json_text, quote};
use super::numbers::{self, Decimal};
use super::{
    Call, Outcome, Stop, boolean, check_items, check_text, hidden, items, list, pending, text,
    type_name, unknown_at,
};
use crate::load::{TextPart, Unknown, Value, ValueKind};
use crate::source::Span;

/// Concatenates `parts` into one string at `span`, as a string template does: literal
/// text merged, references and unknown parts kept as [`TextPart`]s, numbers and bools
/// converted as `tostring` converts them. A null or collection part makes the string
/// unknown, saying that Terraform rejects it.
pub fn concat_text(parts: Vec<Value>, span: Span) -> Value {
    let mut pieces = Vec::with_capacity(parts.len());
    for part in &parts {
        match pieces_of(part) {
            Ok(more) => pieces.extend(more),
            Err(problem) => {
                return unknown_at(
                    span,
                    Unknown::new(format!("{problem}: Terraform stops the plan here")),
                );
            }
        }
    }
    match check_text(TextPart::literal_bytes(&pieces)) {
        Ok(()) => Value::from_text_parts(pieces, span),
        Err(Stop::Unknown(unknown)) => unknown_at(span, unknown),
        Err(Stop::Error(problem)) => unknown_at(span, Unknown::new(problem)),
    }
}

/// The text parts a value stands for inside a string, or what Terraform says of it.
fn pieces_of(value: &Value) -> Result<Vec<TextPart>, String> {
    let part = match &value.kind {
        ValueKind::Str(_) | ValueKind::Number(_) | ValueKind::Bool(_) => {
            TextPart::Literal(text(value).map_err(|_| "not a string")?.into())
        }
        ValueKind::Template(parts) => return Ok(parts.clone()),
        ValueKind::Reference(reference) => TextPart::Reference((**reference).clone()),
        ValueKind::Unknown(unknown) => TextPart::Unknown((**unknown).clone()),
        ValueKind::OneOf(_) | ValueKind::Absent => match pending(value) {
            Some(unknown) => TextPart::Unknown(unknown),
            None => return Err("not a string".into()),
        },
        ValueKind::Null => return Err("interpolating a null value".into()),
        ValueKind::List(_) => return Err("cannot interpolate a list".into()),
        ValueKind::Map(_) => return Err("cannot interpolate an object".into()),
    };
    Ok(vec![part])
}

/// `format(spec, values...)`.
pub(super) fn format(call: Call<'_>) -> Outcome {
    let spec = text(call.at(0))?;
    let pieces = render(&spec, &call.args[1..])?;
    check_text(TextPart::literal_bytes(&pieces))?;
    Ok(Value::from_text_parts(pieces, call.span))
}

/// `formatlist(spec, values...)`: list arguments are iterated together (all of one
/// length), other arguments repeat at each step.
pub(super) fn formatlist(call: Call<'_>) -> Outcome {
    let spec = text(call.at(0))?;
    let values = &call.args[1..];
    let mut length: Option<(usize, usize)> = None;
    for (position, value) in values.iter().enumerate() {
        match &value.kind {
            ValueKind::List(items) => match length {
                Some((first, expected)) if expected != items.len() => {
                    return Err(Stop::Error(format!(
                        "argument {} has length {}, which is inconsistent with argument {} of length {expected}",
                        position + 1,
                        items.len(),
                        first + 1
                    )));
                }
                Some(_) => {}
                None => length = Some((position, items.len())),
            },
            // A value whose kind is not known may be a list: the length is not known.
            ValueKind::Unknown(_) | ValueKind::OneOf(_) | ValueKind::Absent => {
                return Err(Stop::Unknown(pending(value).unwrap_or_else(|| {
                    Unknown::new("an argument is not known before apply")
                })));
            }
            _ => {}
        }
    }
    let steps = length.map_or(1, |(_, length)| length);
    check_items(steps)?;
    let mut results = Vec::with_capacity(steps);
    for step in 0..steps {
        let arguments: Vec<Value> = values
            .iter()
            .map(|value| match &value.kind {
                ValueKind::List(items) => items.get(step).cloned().unwrap_or_else(|| value.clone()),
                _ => value.clone(),
            })
            .collect();
        let pieces = match render(&spec, &arguments) {
            Ok(pieces) => pieces,
            Err(Stop::Error(problem)) => {
                return Err(Stop::Error(format!(
                    "error on format iteration {step}: {problem}"
                )));
            }
            Err(Stop::Unknown(unknown)) => vec![TextPart::Unknown(unknown)],
        };
        check_text(TextPart::literal_bytes(&pieces).saturating_mul(steps))?;
        results.push(Value::from_text_parts(pieces, call.span));
    }
    Ok(list(call.span, results))
}

/// `join(separator, lists...)`.
pub(super) fn join(call: Call<'_>) -> Outcome {
    let separator = pieces_of(call.at(0)).map_err(Stop::Error)?;
    let mut pieces = Vec::new();
    let mut count = 0;
    for argument in &call.args[1..] {
        for item in items(argument)? {
            if count > 0 {
                pieces.extend(separator.iter().cloned());
            }
            match &item.kind {
                ValueKind::Null => {
                    return Err(Stop::Error(format!(
                        "element {count} is null; cannot concatenate null values"
                    )));
                }
                ValueKind::List(_) | ValueKind::Map(_) => {
                    return Err(Stop::Error(format!(
                        "element {count}: string required, got {}",
                        type_name(item)
                    )));
                }
                _ => pieces.extend(pieces_of(item).map_err(Stop::Error)?),
            }
            count += 1;
        }
        check_text(TextPart::literal_bytes(&pieces))?;
    }
    Ok(Value::from_text_parts(pieces, call.span))
}

/// One `%` sequence of a format string.
struct Verb<'s> {
    /// The sequence as written (`%-5d`), for messages.
    raw: &'s str,
    /// Its byte offset in the format string.
    offset: usize,
    letter: char,
    minus: bool,
    plus: bool,
    space: bool,
    zero: bool,
    sharp: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// Formats `values` by `spec`, as Terraform's `format` does, into text parts.
fn render(spec: &str, values: &[Value]) -> Result<Vec<TextPart>, Stop> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let (mut next, mut highest) = (1usize, 0usize);
    let mut rest = spec.char_indices().peekable();
    while let Some((offset, character)) = rest.next() {
        if character != '%' {
            literal.push(character);
            continue;
        }
        if rest.peek().is_some_and(|&(_, next)| next == '%') {
            rest.next();
            literal.push('%');
            continue;
        }
        let mut verb = Verb {
            raw: "",
            offset,
            letter: '%',
            minus: false,
            plus: false,
            space: false,
            zero: false,
            sharp: false,
            width: None,
            precision: None,
        };
        let unrecognized = |at: usize, found: char| {
            Stop::Error(format!(
                "unrecognized format character {found:?} at offset {at}"
            ))
        };
        let incomplete = || {
            Stop::Error(format!(
                "extraneous characters beginning at offset {offset}"
            ))
        };
        while let Some(&(_, flag)) = rest.peek() {
            match flag {
                '-' => verb.minus = true,
                '+' => verb.plus = true,
                ' ' => verb.space = true,
                '0' => verb.zero = true,
                '#' => verb.sharp = true,
                _ => break,
            }
            rest.next();
        }
        let mut index = None;
        if rest.peek().is_some_and(|&(_, open)| open == '[') {
            rest.next();
            match rest.peek() {
                Some(&(at, digit)) if !('1'..='9').contains(&digit) => {
                    return Err(unrecognized(at, digit));
                }
                None => return Err(incomplete()),
                _ => {}
            }
            index = Some(digits(&mut rest));
            match rest.next() {
                Some((_, ']')) => {}
                Some((at, other)) => return Err(unrecognized(at, other)),
                None => return Err(incomplete()),
            }
        }
        if rest
            .peek()
            .is_some_and(|&(_, digit)| digit.is_ascii_digit())
        {
            verb.width = Some(digits(&mut rest));
        }
        if rest.peek().is_some_and(|&(_, dot)| dot == '.') {
            rest.next();
            match rest.peek() {
                Some(&(_, digit)) if digit.is_ascii_digit() => {
                    verb.precision = Some(digits(&mut rest));
                }
                Some(&(at, other)) => return Err(unrecognized(at, other)),
                None => return Err(incomplete()),
            }
        }
        // Padding and precision are built in full: a width of billions stops here.
        check_text(verb.width.unwrap_or(0))?;
        check_text(verb.precision.unwrap_or(0))?;
        let Some((at, letter)) = rest.next() else {
            return Err(incomplete());
        };
        verb.letter = letter;
        verb.raw = &spec[offset..at + letter.len_utf8()];
        if !letter.is_ascii_alphabetic() {
            return Err(unrecognized(at, letter));
        }
        if !"vtbdoxXeEfgGsq".contains(letter) {
            return Err(Stop::Error(format!(
                "unsupported format verb {letter:?} in {:?} at offset {offset}",
                verb.raw
            )));
        }
        let number = index.unwrap_or(next);
        next = number + 1;
        highest = highest.max(number);
        let Some(value) = values.get(number - 1) else {
            return Err(Stop::Error(format!(
                "not enough arguments for {:?} at {offset}: need index {number} but have {} total",
                verb.raw,
                values.len()
            )));
        };
        match append(&verb, value)? {
            Formatted::Text(text) => literal.push_str(&text),
            Formatted::Parts(parts) => {
                if !literal.is_empty() {
                    pieces.push(TextPart::Literal(std::mem::take(&mut literal).into()));
                }
                pieces.extend(parts);
            }
        }
        check_text(literal.len())?;
    }
    if highest < values.len() {
        return Err(Stop::Error(if highest == 0 {
            "too many arguments; no verbs in format string".into()
        } else {
            format!("too many arguments; only {highest} used by format string")
        }));
    }
    if !literal.is_empty() {
        pieces.push(TextPart::Literal(literal.into()));
    }
    Ok(pieces)
}

/// Reads the decimal digits at the front of `rest` (saturating: a width of billions is
/// refused by the length limit).
fn digits(rest: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> usize {
    let mut number: usize = 0;
    while let Some(&(_, digit)) = rest.peek() {
        let Some(value) = digit.to_digit(10) else {
            break;
        };
        number = number.saturating_mul(10).saturating_add(value as usize);
        rest.next();
    }
    number
}

/// What one verb makes of its value.
enum Formatted {
    /// Known text.
    Text(String),
    /// Symbolic parts (a reference formatted with `%s`).
    Parts(Vec<TextPart>),
}

/// Formats `value` by `verb`.
fn append(verb: &Verb<'_>, value: &Value) -> Result<Formatted, Stop> {
    let unsupported = |why: &str| {
        Stop::Error(format!(
            "unsupported value for {:?} at {}: {why}",
            verb.raw, verb.offset
        ))
    };
    if matches!(value.kind, ValueKind::Null) {
        if verb.letter == 'v' {
            return Ok(Formatted::Text(pad(verb, "null".into())));
        }
        return Err(unsupported("null value cannot be formatted"));
    }
    if let Some(unknown) = hidden(value) {
        let plain = verb.width.is_none() && verb.precision.is_none() && !verb.sharp;
        let stringlike = matches!(
            value.kind,
            ValueKind::Template(_) | ValueKind::Reference(_) | ValueKind::Unknown(_)
        );
        if plain && stringlike && matches!(verb.letter, 's' | 'v') {
            return pieces_of(value).map(Formatted::Parts).map_err(Stop::Error);
        }
        return Err(Stop::Unknown(unknown));
    }
    let formatted = match verb.letter {
        'v' if verb.sharp => pad(verb, json_text(value)?),
        'v' => match &value.kind {
            ValueKind::Str(text) => pad(verb, text.to_string()),
            ValueKind::Number(text) => pad(verb, Decimal::exact(text).signed_general()),
            _ => pad(verb, json_text(value)?),
        },
        't' => {
            let truth = boolean(value).map_err(|_| unsupported("bool required"))?;
            pad(verb, truth.to_string())
        }
        'b' | 'd' | 'o' | 'x' | 'X' => integer(verb, value, &unsupported)?,
        'e' | 'E' | 'f' | 'g' | 'G' => float(verb, value, &unsupported)?,
        _ => {
            let text = match &value.kind {
                ValueKind::List(_) | ValueKind::Map(_) => {
                    return Err(unsupported("string required"));
                }
                _ => text(value)?,
            };
            let text = match verb.precision {
                Some(precision) if precision > 0 => {
                    text.graphemes(true).take(precision).collect::<String>()
                }
                _ => text.into_owned(),
            };
            if verb.letter == 'q' {
                pad(verb, quote(&text))
            } else {
                pad(verb, text)
            }
        }
    };
    Ok(Formatted::Text(formatted))
}

/// The decimal number a verb's value holds (a number, or a string that converts).
fn decimal_of(value: &Value, unsupported: &dyn Fn(&str) -> Stop) -> Result<Decimal, Stop> {
    match &value.kind {
        ValueKind::Number(text) => Ok(Decimal::exact(text)),
        ValueKind::Str(text) => numbers::parse(text)
            .map(|_| Decimal::exact(text))
            .ok_or_else(|| unsupported("a number is required")),
        _ => Err(unsupported("number required")),
    }
}

/// `%b`, `%d`, `%o`, `%x`, `%X`.
fn integer(
    verb: &Verb<'_>,
    value: &Value,
    unsupported: &dyn Fn(&str) -> Stop,
) -> Result<String, Stop> {
    let decimal = decimal_of(value, unsupported)?;
    let Some(digits) = decimal.integer_digits() else {
        return Err(unsupported("an integer is required"));
    };
    let body = if verb.letter == 'd' {
        digits
    } else {
        let magnitude: u128 = digits.parse().map_err(|_| {
            Stop::Unknown(Unknown::new(
                "`format`: the number is too large for supportscan",
            ))
        })?;
        let (radix, prefix) = match verb.letter {
            'b' => (format!("{magnitude:b}"), "0b"),
            'o' => (format!("{magnitude:o}"), "0"),
            'x' => (format!("{magnitude:x}"), "0x"),
            _ => (format!("{magnitude:X}"), "0X"),
        };
        if verb.sharp {
            format!("{prefix}{radix}")
        } else {
            radix
        }
    };
    Ok(pad_number(verb, decimal.negative, body))
}

/// `%e`, `%E`, `%f`, `%g`, `%G`.
fn float(
    verb: &Verb<'_>,
    value: &Value,
    unsupported: &dyn Fn(&str) -> Stop,
) -> Result<String, Stop> {
    let decimal = decimal_of(value, unsupported)?;
    let magnitude = decimal.magnitude();
    let body = match verb.letter {
        'f' => format!("{magnitude:.*}", verb.precision.unwrap_or(6)),
        'e' | 'E' => {
            let precision = verb.precision.unwrap_or(6);
            Decimal::rounded(magnitude, precision + 1).scientific(precision)
        }
        _ => match verb.precision {
            None => decimal.general(None),
            Some(precision) => {
                let precision = precision.max(1);
                Decimal::rounded(magnitude, precision).general(Some(precision))
            }
        },
    }
    .trim_start_matches('-')
    .to_string();
    let body = if verb.letter.is_ascii_uppercase() {
        body.to_uppercase()
    } else {
        body
    };
    Ok(pad_number(verb, decimal.negative, body))
}

/// A number's `body` (its digits) with its sign and padding.
fn pad_number(verb: &Verb<'_>, negative: bool, body: String) -> String {
    let sign = if negative {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let length = sign.len() + body.chars().count();
    let fill = verb.width.unwrap_or(0).saturating_sub(length);
    if verb.minus {
        format!("{sign}{body}{}", " ".repeat(fill))
    } else if verb.zero {
        format!("{sign}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{sign}{body}", " ".repeat(fill))
    }
}

/// `text` padded to the verb's width, counted in grapheme clusters as Terraform counts.
fn pad(verb: &Verb<'_>, text: String) -> String {
    let Some(width) = verb.width else {
        return text;
    };
    let fill = width.saturating_sub(text.graphemes(true).count());
    let padding = if verb.zero { "0" } else { " " }.repeat(fill);
    if verb.minus {
        text + &padding
    } else {
        padding + &text
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::concat_text;
    use crate::load::terraform_source::functions::testing::*;
    use crate::load::{Value, ValueKind};

    fn formatted(spec: &str, values: Vec<Value>) -> Value {
        let mut args = vec![text_value(spec)];
        args.extend(values);
        run("format", args)
    }

    #[test]
    fn templates_keep_references_as_parts() {
        let arn = concat_text(
            vec![
                text_value("arn:"),
                reference("data.aws_partition.current", "partition"),
                text_value(":iam::"),
                num("0123"),
                text_value(":root"),
            ],
            CALL,
        );
        assert_eq!(arn.span, CALL);
        assert_eq!(
            arn.kind,
            ValueKind::Template(vec![
                literal("arn:"),
                reference_part("data.aws_partition.current", "partition"),
                literal(":iam::123:root"),
            ])
        );
        let lone = concat_text(vec![reference("aws_iam_role.r", "arn")], CALL);
        assert_eq!(cleared(&lone), reference("aws_iam_role.r", "arn"));
        let flag = concat_text(vec![text_value("on="), boolean(true)], CALL);
        assert_eq!(cleared(&flag), text_value("on=true"));
    }

    #[test]
    fn templates_refuse_nulls_and_collections() {
        let null_part = concat_text(vec![text_value("a"), null()], CALL);
        assert_eq!(
            reason(&null_part),
            "interpolating a null value: Terraform stops the plan here"
        );
        let list_part = concat_text(vec![strings(&["a"])], CALL);
        assert_eq!(
            reason(&list_part),
            "cannot interpolate a list: Terraform stops the plan here"
        );
    }

    #[test]
    fn format_builds_arns_from_references() {
        let arn = formatted(
            "arn:%s:iam::%s:role/x",
            vec![
                reference("data.aws_partition.current", "partition"),
                text_value("123456789012"),
            ],
        );
        assert_eq!(
            arn,
            template(vec![
                literal("arn:"),
                reference_part("data.aws_partition.current", "partition"),
                literal(":iam::123456789012:role/x"),
            ])
        );
    }

    #[test]
    fn format_verbs_follow_terraform() {
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            ("Hello, %s!", vec![text_value("Ander")], "Hello, Ander!"),
            ("There are %d lights", vec![num("4")], "There are 4 lights"),
            ("%d", vec![text_value("12")], "12"),
            (
                "%5d|%-5d|%05d|%+d",
                vec![num("42"), num("42"), num("-42"), num("7")],
                "   42|42   |-0042|+7",
            ),
            ("%.2f", vec![num("3.14159")], "3.14"),
            ("%f", vec![num("1")], "1.000000"),
            ("%e", vec![num("1234.5678")], "1.234568e+03"),
            ("%E", vec![num("-0.00012")], "-1.200000E-04"),
            ("%g", vec![num("1000000")], "1e+06"),
            ("%g", vec![num("123456")], "123456"),
            ("%.3g", vec![num("3.14159")], "3.14"),
            ("%v", vec![num("1.5")], "1.5"),
            ("%v", vec![num("0.00001")], "1e-05"),
            ("%v", vec![boolean(true)], "true"),
            ("%v", vec![null()], "null"),
            (
                "%v",
                vec![map(vec![("b", num("1")), ("a", strings(&["x"]))])],
                r#"{"a":["x"],"b":1}"#,
            ),
            ("%#v", vec![text_value("a<b")], r#""a\u003cb""#),
            ("%q", vec![text_value("say \"hi\"")], r#""say \"hi\"""#),
            ("%t", vec![text_value("true")], "true"),
            (
                "%b %o %x %X %#x",
                vec![num("5"), num("8"), num("255"), num("255"), num("255")],
                "101 10 ff FF 0xff",
            ),
            (
                "%.3s|%5s|%-4s|",
                vec![text_value("abcdef"), text_value("ab"), text_value("é")],
                "abc|   ab|é   |",
            ),
            (
                "%[2]s %[1]s %s",
                vec![text_value("a"), text_value("b")],
                "b a b",
            ),
            ("100%% %s", vec![text_value("sure")], "100% sure"),
            ("%s", vec![num("01.50")], "1.5"),
            ("%g", vec![num("0.00001234")], "1.234e-05"),
            ("%e", vec![num("0")], "0.000000e+00"),
            ("%.2e", vec![num("123456")], "1.23e+05"),
            ("%G", vec![num("0.0000000001")], "1E-10"),
            ("%5.1f", vec![num("-3.14159")], " -3.1"),
            ("%08.3f", vec![num("3.14159")], "0003.142"),
            ("%x", vec![num("-255")], "-ff"),
            (
                "%d",
                vec![num("123456789012345678901234567890")],
                "123456789012345678901234567890",
            ),
            ("%v", vec![num("-1000000")], "-1e+06"),
        ];
        for (spec, values, expected) in cases {
            assert_eq!(formatted(spec, values), text_value(expected), "{spec}");
        }
    }

    #[test]
    fn format_errors_are_terraform_errors() {
        let cases: Vec<(&str, Vec<Value>, &str)> = vec![
            (
                "%s %s",
                vec![text_value("a")],
                "not enough arguments for \"%s\" at 3: need index 2 but have 1 total",
            ),
            (
                "no verbs",
                vec![text_value("a")],
                "too many arguments; no verbs in format string",
            ),
            (
                "%s",
                vec![text_value("a"), text_value("b")],
                "too many arguments; only 1 used by format string",
            ),
            (
                "%z",
                vec![num("1")],
                "unsupported format verb 'z' in \"%z\" at offset 0",
            ),
            (
                "%[0]s",
                vec![num("1")],
                "unrecognized format character '0' at offset 2",
            ),
            (
                "%d",
                vec![boolean(true)],
                "unsupported value for \"%d\" at 0: number required",
            ),
            ("%d", vec![num("1.5")], "an integer is required"),
            ("%s", vec![null()], "null value cannot be formatted"),
            ("%s", vec![strings(&["a"])], "string required"),
            ("50%", vec![], "extraneous characters beginning at offset 2"),
            (
                "%.",
                vec![num("1")],
                "extraneous characters beginning at offset 0",
            ),
        ];
        for (spec, values, expected) in cases {
            let result = formatted(spec, values);
            assert!(
                error(&result).contains(expected),
                "{spec}: {}",
                reason(&result)
            );
        }
    }

    #[test]
    fn format_of_unknowns() {
        let padded = formatted("%5s", vec![unknown("var.x has no value")]);
        assert_eq!(reason(&padded), "var.x has no value");
        let number = formatted("%d", vec![reference("aws_instance.a", "count")]);
        assert_eq!(
            reason(&number),
            "computed from `aws_instance.a.count`, known only after apply"
        );
        let wide = formatted("%999999999s", vec![text_value("a")]);
        assert!(reason(&wide).contains("longer than"), "{}", reason(&wide));
        let spec = run("format", vec![reference("local", "spec"), text_value("a")]);
        assert!(reason(&spec).contains("known only after apply"));
    }

    #[test]
    fn formatlist_iterates_lists_together() {
        let result = run(
            "formatlist",
            vec![
                text_value("arn:aws:iam::%s:role/%s"),
                strings(&["111", "222"]),
                text_value("admin"),
            ],
        );
        assert_eq!(
            result,
            strings(&["arn:aws:iam::111:role/admin", "arn:aws:iam::222:role/admin"])
        );
        let with_reference = run(
            "formatlist",
            vec![
                text_value("%s/*"),
                list(vec![reference("aws_s3_bucket.b", "arn"), text_value("x")]),
            ],
        );
        assert_eq!(
            with_reference,
            list(vec![
                template(vec![
                    reference_part("aws_s3_bucket.b", "arn"),
                    literal("/*")
                ]),
                text_value("x/*"),
            ])
        );
        let mismatch = run(
            "formatlist",
            vec![text_value("%s%s"), strings(&["a"]), strings(&["a", "b"])],
        );
        assert!(error(&mismatch).contains("argument 2 has length 2"));
        assert_eq!(
            run("formatlist", vec![text_value("%s"), strings(&[])]),
            strings(&[])
        );
        let unknown_list = run("formatlist", vec![text_value("%s"), unknown("later")]);
        assert_eq!(reason(&unknown_list), "later");
    }

    #[test]
    fn join_keeps_symbolic_items() {
        assert_eq!(
            run(
                "join",
                vec![text_value(", "), strings(&["a", "b"]), strings(&["c"])]
            ),
            text_value("a, b, c")
        );
        assert_eq!(
            run("join", vec![text_value("-"), strings(&[])]),
            text_value("")
        );
        let joined = run(
            "join",
            vec![
                text_value(":"),
                list(vec![
                    text_value("arn"),
                    reference("data.aws_partition.p", "partition"),
                ]),
            ],
        );
        assert_eq!(
            joined,
            template(vec![
                literal("arn:"),
                reference_part("data.aws_partition.p", "partition")
            ])
        );
        assert!(error(&run("join", vec![text_value(","), list(vec![null()])])).contains("null"));
        assert_eq!(
            reason(&run("join", vec![text_value(","), unknown("later")])),
            "later"
        );
    }
}
