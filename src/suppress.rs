//! Suppressions: findings a team has decided to accept, each with a reason and maybe an
//! expiry date, from `.supportscan.toml` (rule ID, resource address glob, file glob) and
//! from CloudFormation resource `Metadata`. The engine applies them after the rules ran,
//! never inside a rule: a suppressed finding stays visible as suppressed, an expired
//! suppression suppresses nothing, and one that matches nothing is reported.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use crate::engine::Finding;
use crate::load::LoadedInput;
use crate::problem::{Problem, Severity};
use crate::source::{FileId, SourceFile};

/// Problem code of a configuration file that cannot be read or is malformed.
pub const CONFIG_INVALID: &str = "config-invalid";
/// Problem code of a suppression that is refused, expired or unused.
pub const SUPPRESSION: &str = "suppression";

/// The configuration file's name, looked for upward from the current directory.
pub const CONFIG_FILE: &str = ".supportscan.toml";

/// `.supportscan.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Treat every scan as an account baseline (as `--account-baseline`).
    #[serde(default)]
    pub account_baseline: bool,
    /// The `[[suppress]]` tables as written, with where each is written: each is read
    /// into a [`ConfigSuppression`] on its own, so that a malformed one is refused alone
    /// and the others still apply.
    #[serde(default)]
    pub suppress: Vec<toml::Spanned<toml::Value>>,
    /// The file it was read from, for the lines of messages about its suppressions.
    #[serde(skip)]
    pub source: Option<SourceFile>,
}

/// One `[[suppress]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigSuppression {
    /// The rule ID.
    pub rule: String,
    /// A glob over resource addresses (default: every resource).
    pub resource: Option<String>,
    /// A glob over input paths as shown (default: every file).
    pub file: Option<String>,
    /// Why the finding is accepted.
    pub reason: String,
    /// The last day it applies, `YYYY-MM-DD`.
    pub expires: Option<String>,
}

/// Why a finding is suppressed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Suppressed {
    /// The reason given.
    pub reason: String,
    /// Where the suppression is written (`.supportscan.toml`, or the template's
    /// resource metadata): SARIF `external` or `inSource`.
    pub in_source: bool,
}

/// A configuration file read, or the problem with it.
pub fn read_config(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), Problem> {
    let path = match explicit {
        Some(path) => Some(path.to_owned()),
        None => find_upward(),
    };
    let Some(path) = path else {
        return Ok((Config::default(), None));
    };
    let text = std::fs::read_to_string(&path).map_err(|error| {
        Problem::error_without_place(
            CONFIG_INVALID,
            format!("cannot read {}: {error}", path.display()),
        )
    })?;
    let parsed = toml::from_str::<Config>(&text);
    let source = SourceFile::new(&path, text);
    match parsed {
        Ok(config) => Ok((
            Config {
                source: Some(source),
                ..config
            },
            Some(path),
        )),
        Err(error) => {
            let place = error.span().map_or_else(String::new, |span| {
                let position = source.position(span.start as u32);
                format!(":{}:{}", position.line, position.column)
            });
            Err(Problem::error_without_place(
                CONFIG_INVALID,
                format!("{}{place}: {}", path.display(), error.message()),
            ))
        }
    }
}

fn find_upward() -> Option<PathBuf> {
    let start = std::env::current_dir().ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// What a suppression applies to.
enum Target {
    /// `.supportscan.toml`: resource and file globs (none: any).
    Globs {
        resource: Option<GlobMatcher>,
        file: Option<GlobMatcher>,
    },
    /// Resource metadata: that resource of that input.
    Resource { file: FileId, address: String },
}

/// A suppression ready to match findings.
struct Rule {
    rule: String,
    target: Target,
    reason: String,
    in_source: bool,
    /// For an unused-suppression message.
    shown: String,
    /// Where a metadata suppression is written.
    place: Option<(FileId, crate::source::Span)>,
    used: bool,
}

/// Marks the findings that a valid, unexpired suppression matches, and returns the
/// problems: refused suppressions (no reason, bad glob or date), expired and unused ones.
pub fn apply(
    findings: &mut [Finding],
    config: &Config,
    config_path: Option<&Path>,
    inputs: &[LoadedInput],
    files: &[SourceFile],
    today: &str,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let config_name =
        config_path.map_or_else(|| CONFIG_FILE.to_owned(), crate::source::display_path);
    let mut rules = Vec::new();
    for (index, spanned) in config.suppress.iter().enumerate() {
        let place = config.source.as_ref().map_or(String::new(), |source| {
            format!(":{}", source.position(spanned.span().start as u32).line)
        });
        let entry = match spanned.get_ref().clone().try_into::<ConfigSuppression>() {
            Ok(entry) => entry,
            Err(error) => {
                let shown = format!("{config_name}{place}: suppression #{}", index + 1);
                problems.push(refused(&shown, error.message()));
                continue;
            }
        };
        let shown = format!(
            "{config_name}{place}: suppression #{} ({})",
            index + 1,
            entry.rule
        );
        let glob = |pattern: &Option<String>, problems: &mut Vec<Problem>| match pattern {
            None => Some(None),
            Some(pattern) => match Glob::new(pattern) {
                Ok(glob) => Some(Some(glob.compile_matcher())),
                Err(error) => {
                    problems.push(refused(&shown, &format!("bad glob `{pattern}`: {error}")));
                    None
                }
            },
        };
        let (Some(resource), Some(file)) = (
            glob(&entry.resource, &mut problems),
            glob(&entry.file, &mut problems),
        ) else {
            continue;
        };
        if entry.reason.trim().is_empty() {
            problems.push(refused(&shown, "its `reason` is empty"));
            continue;
        }
        if let Some(expires) = &entry.expires {
            if !is_date(expires) {
                problems.push(refused(
                    &shown,
                    &format!("`expires = \"{expires}\"` is not a date (YYYY-MM-DD)"),
                ));
                continue;
            }
            if expires.as_str() < today {
                problems.push(Problem {
                    severity: Severity::Warning,
                    ..Problem::error_without_place(
                        SUPPRESSION,
                        format!(
                            "{shown} expired on {expires}: its findings count again; renew it with a new reason or fix them"
                        ),
                    )
                });
                continue;
            }
        }
        rules.push(Rule {
            rule: entry.rule.clone(),
            target: Target::Globs { resource, file },
            reason: entry.reason.clone(),
            in_source: false,
            shown,
            place: None,
            used: false,
        });
    }
    for input in inputs {
        for resource in &input.resources {
            for inline in &resource.suppressions {
                let Some(reason) = inline.reason.as_deref().filter(|r| !r.trim().is_empty()) else {
                    problems.push(Problem::warning(
                        SUPPRESSION,
                        input.file,
                        inline.span,
                        format!(
                            "the suppression of {} on `{}` has no reason: it is refused; say why the finding is accepted",
                            inline.rule, resource.address
                        ),
                    ));
                    continue;
                };
                rules.push(Rule {
                    rule: inline.rule.to_string(),
                    target: Target::Resource {
                        file: input.file,
                        address: resource.address.to_string(),
                    },
                    reason: reason.to_owned(),
                    in_source: true,
                    shown: format!(
                        "the suppression of {} on `{}`",
                        inline.rule, resource.address
                    ),
                    place: Some((input.file, inline.span)),
                    used: false,
                });
            }
        }
    }
    for finding in findings.iter_mut() {
        let path = finding
            .file
            .and_then(|id| files.get(id.0 as usize))
            .map(SourceFile::display_path)
            .unwrap_or_default();
        let address = finding.address.as_deref().unwrap_or_default();
        if let Some(rule) = rules.iter_mut().find(|rule| {
            rule.rule == finding.rule
                && match &rule.target {
                    Target::Globs { resource, file } => {
                        resource.as_ref().is_none_or(|glob| glob.is_match(address))
                            && file.as_ref().is_none_or(|glob| glob.is_match(&path))
                    }
                    Target::Resource { file, address: on } => {
                        finding.file == Some(*file) && on == address
                    }
                }
        }) {
            rule.used = true;
            finding.suppressed = Some(Suppressed {
                reason: rule.reason.clone(),
                in_source: rule.in_source,
            });
        }
    }
    for rule in rules.iter().filter(|rule| !rule.used) {
        let message = format!("{} matches no finding: remove it", rule.shown);
        problems.push(match rule.place {
            Some((file, span)) => Problem::warning(SUPPRESSION, file, span, message),
            None => Problem {
                severity: Severity::Warning,
                ..Problem::error_without_place(SUPPRESSION, message)
            },
        });
    }
    problems
}

fn refused(shown: &str, why: &str) -> Problem {
    Problem::error_without_place(SUPPRESSION, format!("{shown} is refused: {why}"))
}

/// Whether `text` is a `YYYY-MM-DD` date.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [year, month, day] => {
            year.len() == 4
                && month.len() == 2
                && day.len() == 2
                && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
                && (1..=12).contains(&month.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&day.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_counts_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_780), (2026, 11, 23));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_date("2027-01-31"));
        assert!(!is_date("2027-1-31"));
        assert!(!is_date("2027-13-01"));
        assert!(!is_date("tomorrow"));
    }

    #[test]
    fn a_malformed_suppression_is_refused_alone_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        let text = "[[suppress]]\nrule = \"SUP004\"\nreason = \"kept\"\n\n[[suppress]]\nrule = \"SUP002\"\nreson = \"typo\"\n\n[[suppress]]\nrule = 7\nreason = \"wrong type\"\n";
        std::fs::write(&path, text).unwrap();
        let (config, path) = read_config(Some(&path)).unwrap();
        let problems = apply(&mut [], &config, path.as_deref(), &[], &[], "2026-01-01");
        let messages: Vec<(Severity, &str)> = problems
            .iter()
            .map(|problem| (problem.severity, problem.message.as_str()))
            .collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        // The second and third are refused, each at its own line...
        assert_eq!(messages[0].0, Severity::Error);
        assert!(
            messages[0]
                .1
                .contains(":5: suppression #2 is refused: unknown field `reson`"),
            "{}",
            messages[0].1
        );
        assert_eq!(messages[1].0, Severity::Error);
        assert!(
            messages[1]
                .1
                .contains(":9: suppression #3 is refused: invalid type"),
            "{}",
            messages[1].1
        );
        // ...and the first still applies (it matches nothing here, and is told so).
        assert_eq!(messages[2].0, Severity::Warning);
        assert!(
            messages[2].1.contains("suppression #1 (SUP004)"),
            "{}",
            messages[2].1
        );
    }

    #[test]
    fn a_config_that_is_not_toml_is_refused_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "[[suppress]]\nrule = \"SUP004\"\nreason = \n").unwrap();
        let problem = read_config(Some(&path)).unwrap_err();
        assert!(problem.message.contains(":3:"), "{}", problem.message);
    }
}
