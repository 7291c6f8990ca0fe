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

/// The rules as an aligned table with a header line.
pub fn table(set: &RuleSet) -> String {
    let rows = rows(set);
    let id_width = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let name_width = rows.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    let mut out = format!(
        "{:id_width$}  {:7}  {:8}  {:name_width$}  SUMMARY\n",
        "ID", "LEVEL", "SCOPE", "NAME"
    );
    for row in &rows {
        out.push_str(&format!(
            "{:id_width$}  {:7}  {:8}  {:name_width$}  {}\n",
            row.id, row.level, row.scope, row.name, row.summary
        ));
    }
    out.push_str(&crate::counted::plural(rows.len(), "rule"));
    out.push('\n');
    out
}
