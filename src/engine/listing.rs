//! `supportscan rules list`: the loaded rules as a table for people or JSON for scripts.

use serde::Serialize;

use super::ruleset::{RuleOrigin, RuleSet};

/// The version of the `rules list --format json` document (docs/json.md): additions keep
/// it, a field removed or changed in meaning raises it.
pub const LISTING_SCHEMA_VERSION: u32 = 1;

/// `rules list --format json`: the version of the document, the tool, and the rules.
#[derive(Debug, Serialize)]
pub struct Listing<'a> {
    /// [`LISTING_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool that listed them.
    pub tool: Tool,
    /// The rules, in ID order.
    pub rules: Vec<ListedRule<'a>>,
}

/// The tool's name and version, as every JSON document of supportscan carries them.
#[derive(Debug, Serialize)]
pub struct Tool {
    /// `supportscan`.
    pub name: &'static str,
    /// The package version.
    pub version: &'static str,
}

impl Tool {
    /// This build of supportscan.
    pub fn this() -> Tool {
        Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// One rule as `rules list --format json` shows it.
#[derive(Debug, Serialize)]
pub struct ListedRule<'a> {
    /// The rule ID.
    pub id: &'a str,
    /// The kebab-case name.
    pub name: &'a str,
    /// `error`, `warning` or `note`.
    pub level: &'static str,
    /// SARIF `security-severity`.
    pub security_severity: f64,
    /// `resource` or `account`.
    pub scope: &'static str,
    /// The one-line summary.
    pub summary: &'a str,
    /// The tags, `security` included.
    pub tags: Vec<&'a str>,
    /// CIS AWS Foundations Benchmark controls.
    pub cis: Vec<&'a str>,
    /// Security Hub controls.
    pub security_hub: Vec<&'a str>,
    /// `built-in`, or the custom rule file's path.
    pub source: String,
}

/// The rules of `set` in ID order, as listed.
pub fn listed(set: &RuleSet) -> Listing<'_> {
    Listing {
        schema_version: LISTING_SCHEMA_VERSION,
        tool: Tool::this(),
        rules: rows(set),
    }
}

fn rows(set: &RuleSet) -> Vec<ListedRule<'_>> {
    set.rules
        .iter()
        .map(|rule| {
            let meta = &rule.metadata;
            ListedRule {
                id: &rule.id,
                name: &rule.name,
                level: meta.level.value.name(),
                security_severity: meta.security_severity.value,
                scope: meta.scope.value.name(),
                summary: &meta.summary.value,
                tags: meta.tags_with_security(),
                cis: meta.cis.iter().map(|c| c.value.as_str()).collect(),
                security_hub: meta.security_hub.iter().map(|c| c.value.as_str()).collect(),
                source: match &rule.origin {
                    RuleOrigin::BuiltIn(_) => "built-in".to_owned(),
                    RuleOrigin::Custom(path) => crate::source::display_path(path),
                },
            }
        })
        .collect()
}

/// The width `rules list` fits its table to where the output has none of its own (a pipe,
/// a file): the summaries wrap within it.
pub const TABLE_WIDTH: usize = 100;

/// The fewest columns the summary is given however wide the other columns are: in a
/// narrower terminal the lines run over rather than show a word a line.
const NARROWEST_SUMMARY: usize = 30;

/// The rules as an aligned table with a header line, fitted to `width` columns: a summary
/// that does not fit goes on in its column on the next lines.
pub fn table(set: &RuleSet, width: usize) -> String {
    use crate::visible::line;
    use crate::wrap::{break_lines, columns};
    let rows: Vec<[String; 5]> = rows(set)
        .into_iter()
        .map(|row| {
            [row.id, row.level, row.scope, row.name, row.summary]
                .map(|cell| line(cell).into_owned())
        })
        .collect();
    let header = ["ID", "LEVEL", "SCOPE", "NAME", "SUMMARY"].map(str::to_owned);
    let widths: [usize; 4] = std::array::from_fn(|column| {
        std::iter::once(&header)
            .chain(&rows)
            .map(|row| columns(&row[column]))
            .max()
            .unwrap_or_default()
    });
    let indent: usize = widths.iter().map(|width| width + 2).sum();
    let room = width.saturating_sub(indent).max(NARROWEST_SUMMARY);
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        for (cell, width) in row.iter().zip(widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(width - columns(cell) + 2));
        }
        let summary = break_lines(&row[4], room, room).join(&format!("\n{}", " ".repeat(indent)));
        out.push_str(&summary);
        out.push('\n');
    }
    out.push_str(&crate::counted::plural(rows.len(), "rule"));
    out.push('\n');
    out
}
