//! Time functions on RFC 3339 timestamps: `timeadd` and `timecmp` (policy conditions on
//! `aws:CurrentTime` are sometimes written with them). `timestamp()` itself is known only
//! at apply; `formatdate` is not evaluated.

use super::{Call, Outcome, Stop, string, text};
use crate::load::{Value, ValueKind};

/// A moment as written: seconds since the Unix epoch in UTC, nanoseconds, and the offset
/// from UTC it was written in.
#[derive(Clone, Copy)]
struct Moment {
    seconds: i64,
    nanos: i64,
    /// Seconds east of UTC; `None` for `Z`.
    offset: Option<i64>,
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The number in `text[range]`, which must be all digits.
fn digits(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = text.get(range)?;
    part.bytes()
        .all(|byte| byte.is_ascii_digit())
        .then(|| part.parse().ok())
        .flatten()
}

impl Moment {
    /// Parses `2006-01-02T15:04:05Z07:00`, with optional fractional seconds.
    fn parse(timestamp: &str) -> Result<Moment, Stop> {
        let invalid = || Stop::Error(format!("not a valid RFC3339 timestamp: {timestamp:?}"));
        let bytes = timestamp.as_bytes();
        let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if bytes.len() < 20 || separators.iter().any(|&(at, byte)| bytes[at] != byte) {
            return Err(invalid());
        }
        let field = |range| digits(timestamp, range).ok_or_else(invalid);
        let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
        let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let month_days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let valid_day = usize::try_from(month - 1)
            .ok()
            .and_then(|index| month_days.get(index))
            .is_some_and(|&last| (1..=last).contains(&day));
        if !valid_day || hour > 23 || minute > 59 || second > 59 {
            return Err(invalid());
        }
        let mut rest = &timestamp[19..];
        let mut nanos = 0;
        if let Some(fraction) = rest.strip_prefix('.') {
            let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if length == 0 {
                return Err(invalid());
            }
            let kept = &fraction[..length.min(9)];
            nanos = kept.parse::<i64>().map_err(|_| invalid())? * 10i64.pow(9 - kept.len() as u32);
            rest = &fraction[length..];
        }
        let offset = match rest {
            "Z" => None,
            zone if zone.len() == 6
                && matches!(zone.as_bytes()[0], b'+' | b'-')
                && zone.as_bytes()[3] == b':' =>
            {
                let hours = digits(zone, 1..3).ok_or_else(invalid)?;
                let minutes = digits(zone, 4..6).ok_or_else(invalid)?;
                if hours > 23 || minutes > 59 {
                    return Err(invalid());
                }
                let sign = if zone.starts_with('-') { -1 } else { 1 };
                Some(sign * (hours * 3600 + minutes * 60))
            }
            _ => return Err(invalid()),
        };
        let local = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        Ok(Moment {
            seconds: local - offset.unwrap_or(0),
            nanos,
            offset,
        })
    }

    /// The moment in RFC 3339 form, in its own offset, without fractional seconds (as
    /// Terraform writes `timeadd` results).
    fn format(self) -> String {
        let local = self.seconds + self.offset.unwrap_or(0);
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        let time = local.rem_euclid(86_400);
        let zone = match self.offset {
            None => "Z".to_string(),
            Some(offset) => {
                let sign = if offset < 0 { '-' } else { '+' };
                let offset = offset.abs();
                format!("{sign}{:02}:{:02}", offset / 3600, offset % 3600 / 60)
            }
        };
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}{zone}",
            time / 3600,
            time % 3600 / 60,
            time % 60
        )
    }

    /// Nanoseconds since the epoch.
    fn instant(self) -> i128 {
        i128::from(self.seconds) * 1_000_000_000 + i128::from(self.nanos)
    }
}

/// A Go duration (`1h30m`, `-1.5h`, `300ms`) in nanoseconds.
fn duration(text: &str) -> Result<i128, Stop> {
    let invalid = || Stop::Error(format!("time: invalid duration {text:?}"));
    let (negative, mut rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_length = rest
            .bytes()
            .take_while(|byte| byte.is_ascii_digit() || *byte == b'.')
            .count();
        let number: f64 = rest[..number_length].parse().map_err(|_| invalid())?;
        rest = &rest[number_length..];
        let unit_length = rest
            .char_indices()
            .find(|(_, character)| character.is_ascii_digit() || *character == '.')
            .map_or(rest.len(), |(at, _)| at);
        let scale = match &rest[..unit_length] {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(invalid()),
        };
        total += number * scale;
        rest = &rest[unit_length..];
    }
    // Go's durations are 64-bit counts of nanoseconds.
    if total >= 9.223_372_036_854_775e18 {
        return Err(invalid());
    }
    let nanos = total.round() as i128;
    Ok(if negative { -nanos } else { nanos })
}

/// `timeadd(timestamp, duration)`.
pub(super) fn timeadd(call: Call<'_>) -> Outcome {
    let moment = Moment::parse(&text(call.at(0))?)?;
    let added = moment.instant() + duration(&text(call.at(1))?)?;
    let seconds = i64::try_from(added.div_euclid(1_000_000_000))
        .map_err(|_| Stop::Error("the time is out of range".into()))?;
    let result = Moment {
        seconds,
        nanos: 0,
        offset: moment.offset,
    };
    Ok(string(call.span, result.format()))
}

/// `timecmp(a, b)`: -1, 0 or 1.
pub(super) fn timecmp(call: Call<'_>) -> Outcome {
    let left = Moment::parse(&text(call.at(0))?)?;
    let right = Moment::parse(&text(call.at(1))?)?;
    let order = match left.instant().cmp(&right.instant()) {
        std::cmp::Ordering::Less => "-1",
        std::cmp::Ordering::Equal => "0",
        std::cmp::Ordering::Greater => "1",
    };
    Ok(Value::new(call.span, ValueKind::Number(order.into())))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;

    fn added(timestamp: &str, duration: &str) -> crate::load::Value {
        run("timeadd", vec![text_value(timestamp), text_value(duration)])
    }

    #[test]
    fn timeadd_follows_go() {
        assert_eq!(
            added("2017-11-22T00:00:00Z", "10m"),
            text_value("2017-11-22T00:10:00Z")
        );
        assert_eq!(
            added("2017-11-22T00:00:00Z", "-1h30m"),
            text_value("2017-11-21T22:30:00Z")
        );
        assert_eq!(
            added("2024-02-28T12:00:00+05:30", "24h"),
            text_value("2024-02-29T12:00:00+05:30")
        );
        assert_eq!(
            added("2023-12-31T23:59:59.9Z", "1.5s"),
            text_value("2024-01-01T00:00:01Z")
        );
        assert_eq!(
            added("1969-12-31T23:59:59Z", "1s"),
            text_value("1970-01-01T00:00:00Z")
        );
        assert!(error(&added("2017-11-22", "1h")).contains("RFC3339"));
        assert!(error(&added("2017-02-30T00:00:00Z", "1h")).contains("RFC3339"));
        assert!(error(&added("2017-11-22T00:00:00Z", "1d")).contains("invalid duration"));
        assert!(
            error(&added("2017-11-22T00:00:00Z", "99999999999999h")).contains("invalid duration")
        );
        assert!(
            reason(&run("timeadd", vec![unknown("later"), text_value("1h")])).contains("later")
        );
    }

    #[test]
    fn timecmp_compares_instants() {
        let compare = |a: &str, b: &str| run("timecmp", vec![text_value(a), text_value(b)]);
        assert_eq!(
            compare("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z"),
            num("0")
        );
        assert_eq!(
            compare("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z"),
            num("-1")
        );
        assert_eq!(
            compare("2017-11-22T01:00:00+01:00", "2017-11-22T00:00:00Z"),
            num("0")
        );
        assert_eq!(
            compare("2017-11-22T01:00:01Z", "2017-11-22T01:00:00.5Z"),
            num("1")
        );
    }
}
