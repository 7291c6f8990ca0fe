//! Validated rule metadata: the header's `key: value` entries checked against the table of
//! docs/rule-language.md ("Metadata") and turned into typed fields.
//!
//! The parser keeps entries as written so that this step can report every mistake of a
//! header at once (an unknown key, a duplicate, a missing key, a value of the wrong kind,
//! a level or scope that does not exist, a severity out of range), each at its own place,
//! as `rule-metadata` problems.
//!
//! GitHub code scanning's limits for rule metadata are checked here too, so that a custom
//! rule cannot make a SARIF upload fail or lose its severity: at most [`MAX_TAGS`] tags
//! (with `security` and the `cis` and `security-hub` entries, which SARIF writes as tags),
//! a summary and a description of at most [`MAX_DESCRIPTION_CHARS`] characters each, and
//! a security severity above 0.0 (GitHub ignores 0.0) and at most 10.0.

use crate::lang::ast::{Header, MetaEntry, MetaValue, MetaValueKind};
use crate::lang::error::RULE_METADATA;
use crate::problem::Problem;
use crate::source::{FileId, Span};

/// A value with the place it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// A rule's SARIF level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// `error`.
    Error,
    /// `warning`.
    Warning,
    /// `note`.
    Note,
}

impl Level {
    /// The level as rules and SARIF write it.
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }

    /// Whether this level is `threshold` or more severe (error above warning above note).
    pub fn at_least(self, threshold: Level) -> bool {
        let rank = |level: Level| match level {
            Level::Error => 3,
            Level::Warning => 2,
            Level::Note => 1,
        };
        rank(self) >= rank(threshold)
    }
}

/// What one finding of a rule stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One finding per offending resource.
    Resource,
    /// One finding per scan (needs `--account-baseline`).
    Account,
}

impl Scope {
    /// The scope as rules write it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Resource => "resource",
            Scope::Account => "account",
        }
    }
}

/// The metadata of one rule, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Metadata {
    /// `level`.
    pub level: Located<Level>,
    /// `security-severity`, above 0.0 and at most 10.0.
    pub security_severity: Located<f64>,
    /// `scope`.
    pub scope: Located<Scope>,
    /// `summary`: one line.
    pub summary: Located<String>,
    /// `description`.
    pub description: Located<String>,
    /// `help`: Markdown.
    pub help: Located<String>,
    /// `tags` as written (see [`Metadata::tags_with_security`]).
    pub tags: Vec<Located<String>>,
    /// `cis`: CIS AWS Foundations Benchmark controls with their versions.
    pub cis: Vec<Located<String>>,
    /// `security-hub`: Security Hub control IDs.
    pub security_hub: Vec<Located<String>>,
    /// `help-uri`: the public page the rule derives from (SARIF `helpUri`), when it has one.
    pub help_uri: Option<Located<String>>,
}

/// The most tags GitHub code scanning keeps for a rule (it drops the rest).
pub const MAX_TAGS: usize = 20;

/// The longest summary or description, in characters, that GitHub code scanning accepts
/// as a rule's short or full description.
pub const MAX_DESCRIPTION_CHARS: usize = 1024;

/// The keys of the table, and whether each is required.
const KEYS: &[(&str, bool)] = &[
    ("level", true),
    ("security-severity", true),
    ("scope", true),
    ("summary", true),
    ("description", true),
    ("help", true),
    ("tags", false),
    ("cis", false),
    ("security-hub", false),
    ("help-uri", false),
];

/// Fields found so far; `None` when absent or invalid.
#[derive(Default)]
struct Fields {
    level: Option<Located<Level>>,
    security_severity: Option<Located<f64>>,
    scope: Option<Located<Scope>>,
    summary: Option<Located<String>>,
    description: Option<Located<String>>,
    help: Option<Located<String>>,
    tags: Vec<Located<String>>,
    cis: Vec<Located<String>>,
    security_hub: Vec<Located<String>>,
    help_uri: Option<Located<String>>,
}

impl Metadata {
    /// Validates a header's entries; every problem found is returned, each at the entry
    /// (or, for a missing key, the header's closing `}`) it is about.
    pub fn from_header(header: &Header, file: FileId) -> Result<Metadata, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut fields = Fields::default();
        let mut seen: Vec<&MetaEntry> = Vec::new();
        for entry in &header.meta {
            let key = entry.key.text.as_str();
            if !KEYS.iter().any(|(known, _)| *known == key) {
                let known: Vec<String> = KEYS.iter().map(|(k, _)| format!("`{k}`")).collect();
                problems.push(Problem::error(
                    RULE_METADATA,
                    file,
                    entry.key.span,
                    format!(
                        "unknown metadata key `{key}`: the keys are {}",
                        known.join(", ")
                    ),
                ));
                continue;
            }
            if let Some(first) = seen.iter().find(|earlier| earlier.key.text == key) {
                problems.push(
                    Problem::error(
                        RULE_METADATA,
                        file,
                        entry.key.span,
                        format!("duplicate metadata key `{key}`: give each key once"),
                    )
                    .with_related(first.key.span, "first given here"),
                );
                continue;
            }
            seen.push(entry);
            if let Err(message) = fields.set(key, &entry.value) {
                problems.push(Problem::error(RULE_METADATA, file, message.0, message.1));
            }
        }
        let closing = Span::new(
            header.span.end.saturating_sub(1) as usize,
            header.span.end as usize,
        );
        for (key, required) in KEYS {
            if *required && !seen.iter().any(|entry| entry.key.text == *key) {
                problems.push(Problem::error(
                    RULE_METADATA,
                    file,
                    closing,
                    format!(
                        "missing metadata key `{key}` in rule `{}`: it is required",
                        header.id.text
                    ),
                ));
            }
        }
        problems.extend(fields.too_many_tags(file));
        match fields.finish() {
            Some(metadata) if problems.is_empty() => Ok(metadata),
            _ => Err(problems),
        }
    }

    /// The tags with `security` added when missing (the spec's rule for `tags`).
    pub fn tags_with_security(&self) -> Vec<&str> {
        let mut tags: Vec<&str> = self.tags.iter().map(|tag| tag.value.as_str()).collect();
        if !tags.contains(&"security") {
            tags.push("security");
        }
        tags
    }
}

/// A value error: where and what.
struct Invalid(Span, String);

impl Fields {
    fn set(&mut self, key: &str, value: &MetaValue) -> Result<(), Invalid> {
        let span = value.span;
        match key {
            "level" => {
                let level = match word(key, value, "`error`, `warning` or `note`")? {
                    "error" => Level::Error,
                    "warning" => Level::Warning,
                    "note" => Level::Note,
                    other => {
                        return Err(Invalid(
                            span,
                            format!("`{other}` is not a level: write `error`, `warning` or `note`"),
                        ));
                    }
                };
                self.level = Some(Located { value: level, span });
            }
            "scope" => {
                let scope = match word(key, value, "`resource` or `account`")? {
                    "resource" => Scope::Resource,
                    "account" => Scope::Account,
                    other => {
                        return Err(Invalid(
                            span,
                            format!("`{other}` is not a scope: write `resource` or `account`"),
                        ));
                    }
                };
                self.scope = Some(Located { value: scope, span });
            }
            "security-severity" => {
                let MetaValueKind::Number(number) = &value.kind else {
                    return Err(wrong_kind(key, value, "a number above 0.0, at most 10.0"));
                };
                let severity = number.as_f64();
                // SARIF carries it with one decimal: what rounds to 0.0 is 0.0 to GitHub.
                let written = (severity * 10.0).round() / 10.0;
                if !(written > 0.0 && severity <= 10.0) {
                    return Err(Invalid(
                        span,
                        format!(
                            "`security-severity` must be above 0.0 and at most 10.0 (GitHub \
                             ignores a rule whose severity is 0.0 when written with one \
                             decimal), not {severity}"
                        ),
                    ));
                }
                self.security_severity = Some(Located {
                    value: severity,
                    span,
                });
            }
            "summary" => {
                let MetaValueKind::String(text) = &value.kind else {
                    return Err(wrong_kind(key, value, "a one-line string"));
                };
                if text.contains('\n') {
                    return Err(Invalid(span, "`summary` must be one line".to_owned()));
                }
                within_github_length(key, text, span)?;
                self.summary = Some(Located {
                    value: non_blank(key, text, span)?,
                    span,
                });
            }
            "description" | "help" => {
                let (MetaValueKind::String(text) | MetaValueKind::TextBlock(text)) = &value.kind
                else {
                    return Err(wrong_kind(
                        key,
                        value,
                        "a string or a text block `\"\"\"...\"\"\"`",
                    ));
                };
                if key == "description" {
                    within_github_length(key, text.trim(), span)?;
                }
                let text = Some(Located {
                    value: non_blank(key, text, span)?,
                    span,
                });
                if key == "help" {
                    self.help = text;
                } else {
                    self.description = text;
                }
            }
            "help-uri" => {
                let MetaValueKind::String(text) = &value.kind else {
                    return Err(wrong_kind(key, value, "a URL string `\"https://...\"`"));
                };
                self.help_uri = Some(Located {
                    value: help_uri(text, span)?,
                    span,
                });
            }
            "tags" => self.tags = strings(key, value)?,
            "cis" => self.cis = strings(key, value)?,
            _ => self.security_hub = strings(key, value)?,
        }
        Ok(())
    }

    /// The problem of a rule with more tags than GitHub keeps, at the first tag too many
    /// (in the order SARIF writes them: `tags`, `security` when added, `cis`,
    /// `security-hub`).
    fn too_many_tags(&self, file: FileId) -> Option<Problem> {
        let added_security = usize::from(!self.tags.iter().any(|tag| tag.value == "security"));
        let total = self.tags.len() + added_security + self.cis.len() + self.security_hub.len();
        if total <= MAX_TAGS {
            return None;
        }
        let written: Vec<&Located<String>> = self
            .tags
            .iter()
            .chain(&self.cis)
            .chain(&self.security_hub)
            .collect();
        let first_too_many = written.get(MAX_TAGS - added_security)?;
        Some(Problem::error(
            RULE_METADATA,
            file,
            first_too_many.span,
            format!(
                "this rule has {total} tags, counting `security`{} and each `cis` and \
                 `security-hub` entry; GitHub code scanning keeps at most {MAX_TAGS}: \
                 remove {} of them",
                if added_security == 1 {
                    " (added when missing)"
                } else {
                    ""
                },
                total - MAX_TAGS
            ),
        ))
    }

    fn finish(self) -> Option<Metadata> {
        Some(Metadata {
            level: self.level?,
            security_severity: self.security_severity?,
            scope: self.scope?,
            summary: self.summary?,
            description: self.description?,
            help: self.help?,
            tags: self.tags,
            cis: self.cis,
            security_hub: self.security_hub,
            help_uri: self.help_uri,
        })
    }
}

fn wrong_kind(key: &str, value: &MetaValue, expected: &str) -> Invalid {
    Invalid(
        value.span,
        format!("`{key}` takes {expected}, not {}", value.kind.describe()),
    )
}

/// The bare word of a `level` or `scope` value.
fn word<'a>(key: &str, value: &'a MetaValue, choices: &str) -> Result<&'a str, Invalid> {
    match &value.kind {
        MetaValueKind::Ident(word) => Ok(word),
        MetaValueKind::String(text) => Err(Invalid(
            value.span,
            format!(
                "`{key}` takes a bare word ({choices}), not a string: write `{key}: {text}` without quotes"
            ),
        )),
        _ => Err(wrong_kind(key, value, &format!("a bare word ({choices})"))),
    }
}

/// Refuses a summary or description longer than GitHub code scanning accepts.
fn within_github_length(key: &str, text: &str, span: Span) -> Result<(), Invalid> {
    let length = text.chars().count();
    if length > MAX_DESCRIPTION_CHARS {
        return Err(Invalid(
            span,
            format!(
                "`{key}` is {length} characters long; GitHub code scanning accepts at most \
                 {MAX_DESCRIPTION_CHARS}: shorten it and put the details in `help`"
            ),
        ));
    }
    Ok(())
}

/// A `help-uri` as SARIF and GitHub take it: an absolute `https://` URL of printable ASCII
/// with a host, no spaces.
fn help_uri(text: &str, span: Span) -> Result<String, Invalid> {
    let host = text
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '#', '?']).next());
    let printable = text.bytes().all(|byte| byte.is_ascii_graphic());
    match host {
        Some(Some(host)) if !host.is_empty() && printable => Ok(text.to_owned()),
        _ => Err(Invalid(
            span,
            format!(
                "`help-uri` must be an absolute `https://` URL with a host and no spaces, not `{}`",
                crate::visible::line(text)
            ),
        )),
    }
}

fn non_blank(key: &str, text: &str, span: Span) -> Result<String, Invalid> {
    if text.trim().is_empty() {
        return Err(Invalid(span, format!("`{key}` must not be empty")));
    }
    Ok(text.to_owned())
}

/// A list of non-empty strings.
fn strings(key: &str, value: &MetaValue) -> Result<Vec<Located<String>>, Invalid> {
    let MetaValueKind::List(items) = &value.kind else {
        return Err(wrong_kind(key, value, "a list of strings `[\"...\", ...]`"));
    };
    items
        .iter()
        .map(|item| match &item.kind {
            MetaValueKind::String(text) => Ok(Located {
                value: non_blank(key, text, item.span)?,
                span: item.span,
            }),
            _ => Err(wrong_kind(key, item, "strings in its list")),
        })
        .collect()
}
