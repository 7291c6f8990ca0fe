//! Suppressions: findings a team has decided to accept, each with a reason and maybe an
//! expiry date, from `.supportscan.toml` (rule ID, resource address glob, file glob) and
//! from CloudFormation resource `Metadata`. The engine applies them after the rules ran,
//! never inside a rule: a suppressed finding stays visible as suppressed, an expired
//! suppression suppresses nothing, and one that matches nothing is reported.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;

use crate::engine::Finding;
use crate::load::LoadedInput;
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Problem code of a configuration file that cannot be read or is malformed.
pub const CONFIG_INVALID: &str = "config-invalid";
/// Problem code of a suppression that is refused, expired or unused.
pub const SUPPRESSION: &str = "suppression";

/// The configuration file's name, looked for upward from the current directory.
pub const CONFIG_FILE: &str = ".supportscan.toml";

/// `.supportscan.toml`.
#[derive(Debug, Default)]
pub struct Config {
    /// Treat every scan as an account baseline (as `--account-baseline`).
    pub account_baseline: bool,
    /// The `[[suppress]]` tables as written, each read on its own, so that a malformed one
    /// is refused alone and the others still apply.
    pub suppress: Vec<Entry>,
    /// The file it was read from: its suppressions' problems point into it.
    pub source: Option<SourceFile>,
}

/// The keys of the file, checked as a whole (an unknown key, a `suppress` that is not a
/// list of tables, is a problem with the file).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigKeys {
    #[serde(default)]
    account_baseline: bool,
    #[serde(default)]
    #[allow(dead_code, reason = "read only to check that it is a list of tables")]
    suppress: Vec<toml::Table>,
}

/// One `[[suppress]]` table and where it is written.
#[derive(Debug)]
pub struct Entry {
    /// The table's place in the file.
    pub span: Span,
    /// The table read, or why it cannot be.
    pub read: Result<ConfigSuppression, Refusal>,
}

/// Why a suppression cannot be read, and where.
#[derive(Debug)]
pub struct Refusal {
    /// The offending text.
    pub span: Span,
    /// What is wrong with it.
    pub message: String,
}

/// One `[[suppress]]` table, each value with its place.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigSuppression {
    /// The rule ID.
    pub rule: Spanned<String>,
    /// A glob over resource addresses (default: every resource).
    pub resource: Option<Spanned<String>>,
    /// A glob over input paths as shown (default: every file).
    pub file: Option<Spanned<String>>,
    /// Why the finding is accepted (a suppression without one is refused).
    pub reason: Option<Spanned<String>>,
    /// The last day it applies, `YYYY-MM-DD`.
    pub expires: Option<Spanned<String>>,
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

/// A configuration file that cannot be used: the problem, and the file it points into.
#[derive(Debug)]
pub struct ConfigError {
    /// What is wrong, positioned in `files` when the file could be read.
    pub problem: Problem,
    /// The file, when it could be read.
    pub files: Vec<SourceFile>,
}

/// The configuration file named by `explicit`, else `.supportscan.toml` found upward from
/// the current directory, else the default configuration.
pub fn read_config(explicit: Option<&Path>) -> Result<Config, Box<ConfigError>> {
    let path = match explicit {
        Some(path) => Some(path.to_owned()),
        None => find_upward(),
    };
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let text = std::fs::read_to_string(&path).map_err(|error| ConfigError {
        problem: Problem::error_without_place(
            CONFIG_INVALID,
            format!("cannot read {}: {error}", path.display()),
        ),
        files: Vec::new(),
    })?;
    match toml::from_str::<ConfigKeys>(&text) {
        Ok(keys) => Ok(Config {
            account_baseline: keys.account_baseline,
            suppress: entries(&text),
            source: Some(SourceFile::new(&path, text)),
        }),
        Err(error) => {
            let span = error.span().map_or_else(Span::default, span_of);
            Err(Box::new(ConfigError {
                problem: Problem::error(CONFIG_INVALID, FileId(0), span, error.message()),
                files: vec![SourceFile::new(&path, text)],
            }))
        }
    }
}

/// The `[[suppress]]` tables of a file that parsed, each read on its own.
fn entries(text: &str) -> Vec<Entry> {
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let Some(tables) = root
        .get_ref()
        .get("suppress")
        .and_then(|value| value.get_ref().as_array())
    else {
        return Vec::new();
    };
    tables
        .iter()
        .map(|table| {
            let span = span_of(table.span());
            let read = ConfigSuppression::deserialize(table.clone().into_deserializer()).map_err(
                |error| Refusal {
                    span: error.span().map_or(span, span_of),
                    message: error.message().to_owned(),
                },
            );
            Entry { span, read }
        })
        .collect()
}

fn span_of(range: std::ops::Range<usize>) -> Span {
    Span::new(range.start, range.end)
}

/// `.supportscan.toml` in the current directory or the nearest one above it, named
/// relative to the current directory (`../.supportscan.toml`), as reports show paths.
fn find_upward() -> Option<PathBuf> {
    let start = std::env::current_dir().ok()?;
    let mut relative = PathBuf::new();
    for dir in start.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Some(relative.join(CONFIG_FILE));
        }
        relative.push("..");
    }
    None
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
    /// Where it is written.
    place: (FileId, Span),
    used: bool,
}

/// Marks the findings that a valid, unexpired suppression matches, and returns the
/// problems: refused suppressions (no reason, bad glob or date: errors), expired and
/// unused ones (warnings). Each is positioned where the suppression is written: a
/// metadata suppression in its template, a `[[suppress]]` table in the configuration
/// file, which joins `files` for that.
pub fn apply(
    findings: &mut [Finding],
    config: &Config,
    inputs: &[LoadedInput],
    files: &mut Vec<SourceFile>,
    today: &str,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut rules = Vec::new();
    if let Some(source) = config
        .source
        .as_ref()
        .filter(|_| !config.suppress.is_empty())
    {
        let file = file_id(files, source);
        for (index, entry) in config.suppress.iter().enumerate() {
            if let Some(rule) = config_rule(entry, index + 1, file, today, &mut problems) {
                rules.push(rule);
            }
        }
    }
    metadata_rules(inputs, &mut rules, &mut problems);
    mark(findings, &mut rules, files);
    for rule in rules.iter().filter(|rule| !rule.used) {
        problems.push(Problem::warning(
            SUPPRESSION,
            rule.place.0,
            rule.place.1,
            format!("{} matches no finding: remove it", rule.shown),
        ));
    }
    problems
}

/// The suppression of one `[[suppress]]` table (the `number`th of the file), or `None`
/// and the problem that refuses it or says it expired.
fn config_rule(
    entry: &Entry,
    number: usize,
    file: FileId,
    today: &str,
    problems: &mut Vec<Problem>,
) -> Option<Rule> {
    let at = |span: Span| (file, span);
    let suppression = match &entry.read {
        Ok(suppression) => suppression,
        Err(refusal) => {
            problems.push(refused(
                at(refusal.span),
                &format!("suppression #{number}"),
                &refusal.message,
            ));
            return None;
        }
    };
    let rule = suppression.rule.get_ref();
    let shown = format!("suppression #{number} ({rule})");
    let glob = |pattern: &Option<Spanned<String>>, problems: &mut Vec<Problem>| match pattern {
        None => Some(None),
        Some(pattern) => match Glob::new(pattern.get_ref()) {
            Ok(glob) => Some(Some(glob.compile_matcher())),
            Err(error) => {
                problems.push(refused(
                    at(span_of(pattern.span())),
                    &shown,
                    &format!("bad glob `{}`: {error}", pattern.get_ref()),
                ));
                None
            }
        },
    };
    let resource = glob(&suppression.resource, problems)?;
    let file_glob = glob(&suppression.file, problems)?;
    let reason = suppression
        .reason
        .as_ref()
        .map(|reason| reason.get_ref().as_str());
    if let Some(why) = reason_refusal(reason) {
        let span = suppression
            .reason
            .as_ref()
            .map_or(entry.span, |reason| span_of(reason.span()));
        problems.push(refused(at(span), &shown, why));
        return None;
    }
    if let Some(expires) = &suppression.expires {
        let (file, span) = at(span_of(expires.span()));
        let expires = expires.get_ref();
        if !is_date(expires) {
            problems.push(refused(
                (file, span),
                &shown,
                &format!("`expires = \"{expires}\"` is not a date (YYYY-MM-DD)"),
            ));
            return None;
        }
        if expires.as_str() < today {
            problems.push(Problem::warning(
                SUPPRESSION,
                file,
                span,
                format!(
                    "{shown} expired on {expires}: its findings count again; renew it with a new reason or fix them"
                ),
            ));
            return None;
        }
    }
    Some(Rule {
        rule: rule.clone(),
        target: Target::Globs {
            resource,
            file: file_glob,
        },
        reason: reason.unwrap_or_default().to_owned(),
        in_source: false,
        shown,
        place: at(entry.span),
        used: false,
    })
}

/// The suppressions written in CloudFormation resource `Metadata`; those without a rule
/// ID or a reason are refused.
fn metadata_rules(inputs: &[LoadedInput], rules: &mut Vec<Rule>, problems: &mut Vec<Problem>) {
    for input in inputs {
        for resource in &input.resources {
            for inline in &resource.suppressions {
                let place = (input.file, inline.span);
                let Some(rule) = inline.rule.as_deref() else {
                    problems.push(refused(
                        place,
                        &format!("the suppression on `{}`", resource.address),
                        "write it as `suppress: [{id: RULE_ID, reason: why the finding is accepted}]` under `Metadata: {supportscan: ...}`",
                    ));
                    continue;
                };
                let shown = format!("the suppression of {rule} on `{}`", resource.address);
                let reason = inline.reason.as_deref();
                if let Some(why) = reason_refusal(reason) {
                    problems.push(refused(place, &shown, why));
                    continue;
                }
                rules.push(Rule {
                    rule: rule.to_owned(),
                    target: Target::Resource {
                        file: input.file,
                        address: resource.address.to_string(),
                    },
                    reason: reason.unwrap_or_default().to_owned(),
                    in_source: true,
                    shown,
                    place,
                    used: false,
                });
            }
        }
    }
}

/// Marks each finding that a suppression matches (the first that does), and that
/// suppression as used.
fn mark(findings: &mut [Finding], rules: &mut [Rule], files: &[SourceFile]) {
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
}

/// Why a suppression with this reason is refused, if it is: every suppression, wherever
/// it is written, says why its finding is accepted.
fn reason_refusal(reason: Option<&str>) -> Option<&'static str> {
    match reason {
        None => Some("it has no `reason`; say why the finding is accepted"),
        Some(reason) if reason.trim().is_empty() => {
            Some("its `reason` is empty; say why the finding is accepted")
        }
        Some(_) => None,
    }
}

/// The place of `source` among `files`, where it is added when it is not there yet.
fn file_id(files: &mut Vec<SourceFile>, source: &SourceFile) -> FileId {
    let index = files
        .iter()
        .position(|file| file.path == source.path)
        .unwrap_or_else(|| {
            files.push(SourceFile::new(source.path.clone(), source.text.clone()));
            files.len() - 1
        });
    FileId(u32::try_from(index).unwrap_or(u32::MAX))
}

/// An error: the suppression `shown` at `place` is refused, and why.
fn refused(place: (FileId, Span), shown: &str, why: &str) -> Problem {
    Problem::error(
        SUPPRESSION,
        place.0,
        place.1,
        format!("{shown} is refused: {why}"),
    )
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
    use crate::problem::Severity;

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

    /// The problems of a configuration file holding `text`, each as severity, line,
    /// the text it points at, and message.
    fn problems_of(text: &str) -> Vec<(Severity, u32, String, String)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, text).unwrap();
        let config = read_config(Some(&path)).unwrap();
        let mut files = Vec::new();
        let problems = apply(&mut [], &config, &[], &mut files, "2026-01-01");
        assert_eq!(
            files.len(),
            1,
            "the configuration joins the files it is shown from"
        );
        problems
            .into_iter()
            .map(|problem| {
                assert_eq!(problem.file, Some(FileId(0)));
                let span = problem.span.unwrap();
                (
                    problem.severity,
                    files[0].position(span.start).line,
                    text[span.range()].to_owned(),
                    problem.message,
                )
            })
            .collect()
    }

    #[test]
    fn a_malformed_suppression_is_refused_alone_at_its_place() {
        let text = "[[suppress]]\nrule = \"SUP004\"\nreason = \"kept\"\n\n[[suppress]]\nrule = \"SUP002\"\nreson = \"typo\"\n\n[[suppress]]\nrule = 7\nreason = \"wrong type\"\n";
        let problems = problems_of(text);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        // The second and third are refused, each at what is wrong...
        assert_eq!(problems[0].0, Severity::Error);
        assert_eq!((problems[0].1, problems[0].2.as_str()), (7, "reson"));
        assert!(
            problems[0]
                .3
                .starts_with("suppression #2 is refused: unknown field `reson`"),
            "{}",
            problems[0].3
        );
        assert_eq!(problems[1].0, Severity::Error);
        assert_eq!((problems[1].1, problems[1].2.as_str()), (10, "7"));
        assert!(
            problems[1]
                .3
                .starts_with("suppression #3 is refused: invalid type"),
            "{}",
            problems[1].3
        );
        // ...and the first still applies (it matches nothing here, and is told so).
        assert_eq!(problems[2].0, Severity::Warning);
        assert_eq!(problems[2].1, 1);
        assert_eq!(
            problems[2].3,
            "suppression #1 (SUP004) matches no finding: remove it"
        );
    }

    #[test]
    fn a_missing_or_empty_reason_is_refused_where_it_is_wanted() {
        let text =
            "[[suppress]]\nrule = \"SUP004\"\n\n[[suppress]]\nrule = \"SUP002\"\nreason = \" \"\n";
        let problems = problems_of(text);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert_eq!(problems[0].0, Severity::Error);
        assert_eq!(problems[0].1, 1, "the table without a reason");
        assert_eq!(
            problems[0].3,
            "suppression #1 (SUP004) is refused: it has no `reason`; say why the finding is accepted"
        );
        assert_eq!(problems[1].0, Severity::Error);
        assert_eq!((problems[1].1, problems[1].2.as_str()), (6, "\" \""));
        assert!(
            problems[1].3.contains("its `reason` is empty"),
            "{}",
            problems[1].3
        );
    }

    #[test]
    fn expired_suppressions_and_bad_values_point_at_their_value() {
        let text = "[[suppress]]\nrule = \"SUP004\"\nreason = \"r\"\nexpires = \"2020-01-01\"\n\n\
                    [[suppress]]\nrule = \"SUP004\"\nreason = \"r\"\nexpires = \"soon\"\n\n\
                    [[suppress]]\nrule = \"SUP004\"\nreason = \"r\"\nresource = \"a[\"\n";
        let problems = problems_of(text);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert_eq!(problems[0].0, Severity::Warning);
        assert_eq!(
            (problems[0].1, problems[0].2.as_str()),
            (4, "\"2020-01-01\"")
        );
        assert!(problems[0].3.contains("expired on 2020-01-01"));
        assert_eq!(problems[1].0, Severity::Error);
        assert_eq!((problems[1].1, problems[1].2.as_str()), (9, "\"soon\""));
        assert_eq!(problems[2].0, Severity::Error);
        assert_eq!((problems[2].1, problems[2].2.as_str()), (14, "\"a[\""));
        assert!(problems[2].3.contains("bad glob"), "{}", problems[2].3);
    }

    #[test]
    fn a_config_that_is_not_toml_is_refused_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "[[suppress]]\nrule = \"SUP004\"\nreason = \n").unwrap();
        let error = read_config(Some(&path)).unwrap_err();
        let span = error.problem.span.unwrap();
        assert_eq!(error.problem.file, Some(FileId(0)));
        assert_eq!(error.files[0].position(span.start).line, 3);
    }
}
