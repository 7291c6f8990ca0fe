//! Numbers: Terraform's number text (integers without a fraction, no exponent for
//! ordinary sizes) and the numeric functions (`abs`, `ceil`, `max`, `parseint`, ...).
//!
//! Terraform numbers are arbitrary-precision decimals. Numbers passed through keep their
//! text, normalized exactly ([`canonical`]); arithmetic is done in `f64`, which is exact
//! for the integers and short decimals configurations hold.

use super::{Call, Outcome, Stop, number, text, whole};
use crate::load::{Unknown, Value, ValueKind};
use crate::source::Span;

/// A number's text as Terraform writes it: no sign for zero or positive numbers, no
/// leading zeros, no trailing zeros after the point, no point for integers (`"01.50"` is
/// `"1.5"`). Exact for plain decimals; text with an exponent goes through `f64`.
pub(super) fn canonical(text: &str) -> String {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let plain = !digits.is_empty()
        && digits
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.')
        && digits.bytes().filter(|&byte| byte == b'.').count() <= 1
        && digits.bytes().any(|byte| byte.is_ascii_digit());
    if !plain {
        return match parse(text) {
            Some(number) => format(number),
            None => text.to_string(),
        };
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let mut out = String::with_capacity(digits.len() + 1);
    if negative && !(whole.is_empty() && fraction.is_empty()) {
        out.push('-');
    }
    out.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// The number a string holds, as Terraform converts strings to numbers (decimal, with an
/// optional sign, fraction and exponent; no hexadecimal, no infinity).
pub(super) fn parse(text: &str) -> Option<f64> {
    let decimal = !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || matches!(byte, b'.' | b'-' | b'+' | b'e' | b'E'));
    decimal
        .then(|| text.parse::<f64>().ok())
        .flatten()
        .filter(|number| number.is_finite())
}

/// A computed number's text: integers without a fraction, no exponent.
pub(super) fn format(number: f64) -> String {
    if number == 0.0 {
        // Also -0, which Terraform prints as 0.
        return "0".into();
    }
    number.to_string()
}

/// A computed number at `span`; an infinite or undefined result has no text Terraform
/// would print, so it stays unknown.
pub(super) fn value(span: Span, number: f64) -> Outcome {
    if !number.is_finite() {
        return Err(Stop::Unknown(Unknown::new(
            "the result is not a finite number, which supportscan does not represent",
        )));
    }
    Ok(Value::new(span, ValueKind::Number(format(number).into())))
}

/// A decimal number as digits and an exponent: the magnitude is `0.DIGITS × 10^exp`,
/// without leading or trailing zeros (no digits for zero). Formats numbers as Go's
/// `big.Float` does for Terraform's `format` verbs.
pub(super) struct Decimal {
    /// Whether the number is below zero.
    pub(super) negative: bool,
    digits: Vec<u8>,
    exp: i32,
}

impl Decimal {
    /// The exact decimal of a number's text (text with an exponent goes through `f64`).
    pub(super) fn exact(text: &str) -> Decimal {
        let canonical = canonical(text);
        let (negative, body) = match canonical.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, canonical.as_str()),
        };
        let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
        if !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|byte| byte.is_ascii_digit())
        {
            let mut rounded = Decimal::rounded(parse(text).unwrap_or(0.0).abs(), 17);
            rounded.negative = negative;
            return rounded;
        }
        let whole = whole.trim_start_matches('0');
        let all: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
        let leading = all.iter().take_while(|&&digit| digit == b'0').count();
        let exp = i32::try_from(whole.len()).unwrap_or(i32::MAX)
            - i32::try_from(leading).unwrap_or(i32::MAX);
        Decimal::new(negative, all[leading..].to_vec(), exp)
    }

    /// `magnitude` rounded to `significant` digits (at least one).
    pub(super) fn rounded(magnitude: f64, significant: usize) -> Decimal {
        let scientific = format!("{:.*e}", significant.max(1) - 1, magnitude);
        let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
        let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        let exp = exponent.parse::<i32>().unwrap_or(0) + 1;
        Decimal::new(false, digits, exp)
    }

    fn new(negative: bool, mut digits: Vec<u8>, exp: i32) -> Decimal {
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        let exp = if digits.is_empty() { 0 } else { exp };
        Decimal {
            negative: negative && !digits.is_empty(),
            digits,
            exp,
        }
    }

    /// The magnitude as an `f64`.
    pub(super) fn magnitude(&self) -> f64 {
        let digits = String::from_utf8_lossy(&self.digits);
        format!("0.{digits}0e{}", self.exp).parse().unwrap_or(0.0)
    }

    /// The digits of the magnitude if it is a whole number.
    pub(super) fn integer_digits(&self) -> Option<String> {
        let count = i32::try_from(self.digits.len()).unwrap_or(i32::MAX);
        if self.digits.is_empty() {
            return Some("0".into());
        }
        if self.exp < count {
            return None;
        }
        let zeros = usize::try_from(self.exp - count).unwrap_or(0);
        Some(String::from_utf8_lossy(&self.digits).into_owned() + &"0".repeat(zeros))
    }

    /// The digit at `position` (0 is the first significant one), `0` past the digits.
    fn digit(&self, position: i32) -> char {
        usize::try_from(position)
            .ok()
            .and_then(|position| self.digits.get(position))
            .map_or('0', |&digit| char::from(digit))
    }

    /// `d.ddde±XX` with `fraction` digits after the point (`%e`).
    pub(super) fn scientific(&self, fraction: usize) -> String {
        let mut out = String::new();
        out.push(self.digit(0));
        if fraction > 0 {
            out.push('.');
            for position in 1..=fraction {
                out.push(self.digit(i32::try_from(position).unwrap_or(i32::MAX)));
            }
        }
        let exponent = if self.digits.is_empty() {
            0
        } else {
            self.exp - 1
        };
        let sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!("e{sign}{:02}", exponent.unsigned_abs()));
        out
    }

    /// The magnitude with `fraction` digits after the point, no exponent (`%f`).
    fn fixed(&self, fraction: usize) -> String {
        let mut out = String::new();
        if self.exp > 0 {
            for position in 0..self.exp {
                out.push(self.digit(position));
            }
        } else {
            out.push('0');
        }
        if fraction > 0 {
            out.push('.');
            for offset in 0..fraction {
                out.push(self.digit(self.exp + i32::try_from(offset).unwrap_or(i32::MAX)));
            }
        }
        out
    }

    /// The magnitude as `%g` writes it: `precision` significant digits (`None`: as few as
    /// name the number), in scientific notation for small and large exponents.
    pub(super) fn general(&self, precision: Option<usize>) -> String {
        if self.digits.is_empty() {
            return "0".into();
        }
        let count = self.digits.len();
        let mut wanted = precision.unwrap_or(count);
        let mut limit = wanted;
        if limit > count && i32::try_from(count).unwrap_or(i32::MAX) >= self.exp {
            limit = count;
        }
        if precision.is_none() {
            limit = 6;
        }
        let exponent = self.exp - 1;
        if exponent < -4 || exponent >= i32::try_from(limit).unwrap_or(i32::MAX) {
            wanted = wanted.min(count);
            return self.scientific(wanted.saturating_sub(1));
        }
        if i32::try_from(wanted).unwrap_or(i32::MAX) > self.exp {
            wanted = count;
        }
        let fraction = i32::try_from(wanted).unwrap_or(i32::MAX) - self.exp;
        self.fixed(usize::try_from(fraction).unwrap_or(0))
    }

    /// The number as `%v` writes it: `%g` with its sign.
    pub(super) fn signed_general(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        format!("{sign}{}", self.general(None))
    }
}

/// The canonical text of a number argument given as a number (exact), or `None` for a
/// string that converts.
fn exact(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::Number(text) => Some(canonical(text)),
        _ => None,
    }
}

/// `abs(number)`.
pub(super) fn abs(call: Call<'_>) -> Outcome {
    let argument = call.at(0);
    let number = number(argument)?;
    match exact(argument) {
        Some(text) => Ok(Value::new(
            call.span,
            ValueKind::Number(text.trim_start_matches('-').into()),
        )),
        None => value(call.span, number.abs()),
    }
}

/// Rounds with `round` unless the number is an integer already (kept exact).
fn rounded(call: &Call<'_>, round: fn(f64) -> f64) -> Outcome {
    let argument = call.at(0);
    let number = number(argument)?;
    match exact(argument) {
        Some(text) if !text.contains('.') => {
            Ok(Value::new(call.span, ValueKind::Number(text.into())))
        }
        _ => value(call.span, round(number)),
    }
}

/// `ceil(number)`.
pub(super) fn ceil(call: Call<'_>) -> Outcome {
    rounded(&call, f64::ceil)
}

/// `floor(number)`.
pub(super) fn floor(call: Call<'_>) -> Outcome {
    rounded(&call, f64::floor)
}

/// `signum(number)`: -1, 0 or 1.
pub(super) fn signum(call: Call<'_>) -> Outcome {
    let number = number(call.at(0))?;
    let sign = if number > 0.0 {
        1.0
    } else if number < 0.0 {
        -1.0
    } else {
        0.0
    };
    value(call.span, sign)
}

/// The argument that `better` prefers over all others (`max`, `min`).
fn extreme(call: &Call<'_>, better: fn(f64, f64) -> bool) -> Outcome {
    let mut best: Option<(f64, &Value)> = None;
    for argument in &call.args {
        let number = number(argument)?;
        if best.is_none_or(|(current, _)| better(number, current)) {
            best = Some((number, argument));
        }
    }
    match best {
        Some((number, argument)) => match exact(argument) {
            Some(text) => Ok(Value::new(call.span, ValueKind::Number(text.into()))),
            None => value(call.span, number),
        },
        None => Err(Stop::Error("must have at least one argument".into())),
    }
}

/// `max(numbers...)`.
pub(super) fn max(call: Call<'_>) -> Outcome {
    extreme(&call, |number, current| number > current)
}

/// `min(numbers...)`.
pub(super) fn min(call: Call<'_>) -> Outcome {
    extreme(&call, |number, current| number < current)
}

/// `pow(base, exponent)`.
pub(super) fn pow(call: Call<'_>) -> Outcome {
    let base = number(call.at(0))?;
    let exponent = number(call.at(1))?;
    value(call.span, base.powf(exponent))
}

/// `log(number, base)`.
pub(super) fn log(call: Call<'_>) -> Outcome {
    let operand = number(call.at(0))?;
    let base = number(call.at(1))?;
    value(call.span, operand.ln() / base.ln())
}

/// `parseint(string, base)`: digits `0-9`, then `a-z` (either case up to base 36), then
/// `A-Z` for bases 37 to 62, with an optional sign.
pub(super) fn parseint(call: Call<'_>) -> Outcome {
    let digits = text(call.at(0))?;
    let base = whole(call.at(1))?;
    if !(2..=62).contains(&base) {
        return Err(Stop::Error(
            "base must be a whole number between 2 and 62 inclusive".into(),
        ));
    }
    let base = base.unsigned_abs();
    let invalid = || Stop::Error(format!("cannot parse {digits:?} as a base {base} integer"));
    let (negative, body) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(&digits)),
    };
    if body.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    for character in body.chars() {
        let digit = match character {
            '0'..='9' => u64::from(character) - u64::from('0'),
            'a'..='z' => u64::from(character) - u64::from('a') + 10,
            'A'..='Z' if base <= 36 => u64::from(character) - u64::from('A') + 10,
            'A'..='Z' => u64::from(character) - u64::from('A') + 36,
            _ => return Err(invalid()),
        };
        if digit >= base {
            return Err(invalid());
        }
        total = total
            .checked_mul(u128::from(base))
            .and_then(|total| total.checked_add(u128::from(digit)))
            .ok_or_else(|| {
                Stop::Unknown(Unknown::new(
                    "`parseint`: the number is too large for supportscan",
                ))
            })?;
    }
    let sign = if negative && total != 0 { "-" } else { "" };
    Ok(Value::new(
        call.span,
        ValueKind::Number(format!("{sign}{total}").into()),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::{canonical, format, parse};
    use crate::load::terraform_source::functions::testing::*;

    #[test]
    fn numbers_are_written_as_terraform_writes_them() {
        assert_eq!(canonical("01.50"), "1.5");
        assert_eq!(canonical("-0.0"), "0");
        assert_eq!(canonical("+7"), "7");
        assert_eq!(
            canonical("123456789012345678901234567890"),
            "123456789012345678901234567890"
        );
        assert_eq!(canonical("1e3"), "1000");
        assert_eq!(canonical(".5"), "0.5");
        assert_eq!(format(10.0), "10");
        assert_eq!(format(1e20), "100000000000000000000");
        assert_eq!(format(-0.0), "0");
        assert_eq!(format(0.25), "0.25");
    }

    #[test]
    fn strings_convert_to_numbers_only_when_decimal() {
        assert_eq!(parse("12"), Some(12.0));
        assert_eq!(parse("-1.5e2"), Some(-150.0));
        assert_eq!(parse("inf"), None);
        assert_eq!(parse("0x10"), None);
        assert_eq!(parse(" 1"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn rounding_and_sign() {
        assert_eq!(run("abs", vec![num("-12.5")]), num("12.5"));
        assert_eq!(
            run("abs", vec![num("-123456789012345678901")]),
            num("123456789012345678901")
        );
        assert_eq!(run("ceil", vec![num("5.1")]), num("6"));
        assert_eq!(run("floor", vec![num("-5.1")]), num("-6"));
        assert_eq!(run("floor", vec![num("7")]), num("7"));
        assert_eq!(run("signum", vec![num("-4")]), num("-1"));
        assert_eq!(run("signum", vec![num("0")]), num("0"));
        assert_eq!(run("abs", vec![text_value("-3")]), num("3"));
    }

    #[test]
    fn max_and_min_pick_an_argument() {
        assert_eq!(run("max", vec![num("12"), num("54"), num("3")]), num("54"));
        assert_eq!(run("min", vec![num("12"), num("54"), num("3")]), num("3"));
        assert_eq!(run("max", vec![num("1.50")]), num("1.5"));
        assert!(error(&run("max", vec![])).contains("at least 1 argument"));
    }

    #[test]
    fn pow_and_log() {
        assert_eq!(run("pow", vec![num("3"), num("2")]), num("9"));
        assert_eq!(run("pow", vec![num("4"), num("0.5")]), num("2"));
        assert_eq!(run("log", vec![num("16"), num("2")]), num("4"));
        assert!(reason(&run("log", vec![num("0"), num("10")])).contains("not a finite number"));
    }

    #[test]
    fn parseint_reads_every_base() {
        assert_eq!(
            run("parseint", vec![text_value("100"), num("10")]),
            num("100")
        );
        assert_eq!(
            run("parseint", vec![text_value("FF"), num("16")]),
            num("255")
        );
        assert_eq!(
            run("parseint", vec![text_value("-11"), num("2")]),
            num("-3")
        );
        assert_eq!(
            run("parseint", vec![text_value("zA"), num("62")]),
            num("2206")
        );
        assert!(error(&run("parseint", vec![text_value("12"), num("2")])).contains("base 2"));
        assert!(
            error(&run("parseint", vec![text_value("1"), num("63")])).contains("between 2 and 62")
        );
    }

    #[test]
    fn unknown_arguments_give_unknown_numbers() {
        let result = run(
            "abs",
            vec![reference("aws_iam_role.r", "max_session_duration")],
        );
        assert_eq!(
            reason(&result),
            "computed from `aws_iam_role.r.max_session_duration`, known only after apply"
        );
        assert!(error(&run("abs", vec![text_value("x")])).contains("a number is required"));
        assert!(error(&run("abs", vec![null()])).contains("must not be null"));
    }
}
