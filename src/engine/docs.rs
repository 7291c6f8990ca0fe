//! The rule reference: one Markdown page per rule (docs/rules/ID.md) and the table of
//! rules in the README, generated from the rule files so that they cannot drift from the
//! rules (a test compares them with the checked-in files).

use super::ruleset::{Rule, RuleOrigin, RuleSet};

/// The Markdown page of one rule.
pub fn rule_page(rule: &Rule) -> String {
    let meta = &rule.metadata;
    let mut page = format!(
        "<!-- Generated from the rule file by `UPDATE_RULE_DOCS=1 cargo test --test rule_docs`; do not edit. -->\n\n# {} {}\n\n{}\n\n",
        rule.id, rule.name, meta.summary.value
    );
    page.push_str("| | |\n|---|---|\n");
    page.push_str(&format!("| Level | {} |\n", meta.level.value.name()));
    page.push_str(&format!(
        "| Security severity | {:.1} |\n",
        meta.security_severity.value
    ));
    page.push_str(&format!("| Scope | {} |\n", meta.scope.value.name()));
    if !meta.cis.is_empty() {
        let cis: Vec<&str> = meta.cis.iter().map(|c| c.value.as_str()).collect();
        page.push_str(&format!(
            "| CIS AWS Foundations Benchmark | {} |\n",
            cis.join(", ")
        ));
    }
    if !meta.security_hub.is_empty() {
        let hub: Vec<&str> = meta.security_hub.iter().map(|c| c.value.as_str()).collect();
        page.push_str(&format!("| Security Hub | {} |\n", hub.join(", ")));
    }
    page.push_str(&format!(
        "| Tags | {} |\n",
        meta.tags_with_security().join(", ")
    ));
    if let RuleOrigin::BuiltIn(path) = &rule.origin {
        page.push_str(&format!(
            "| Rule file | [rules/{path}](../../rules/{path}) |\n"
        ));
    }
    page.push('\n');
    page.push_str(meta.description.value.trim());
    page.push_str("\n\n");
    page.push_str(&shift_headings(meta.help.value.trim()));
    page.push('\n');
    page
}

/// The help's headings one level down: the page's title is the only `#`.
fn shift_headings(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            let level = line.chars().take_while(|c| *c == '#').count();
            if level == 1 {
                out.push('#');
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The public address of a built-in rule's page, for reports read away from the
/// repository (a pull-request comment): the page under the `repository` of Cargo.toml.
/// None for user rules, and while the package names no repository, since a relative link
/// in a comment would lead nowhere.
pub fn rule_page_url(rule: &Rule) -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    match &rule.origin {
        RuleOrigin::BuiltIn(_) if !repository.is_empty() => Some(format!(
            "{repository}/blob/v{}/docs/rules/{}.md",
            env!("CARGO_PKG_VERSION"),
            rule.id
        )),
        _ => None,
    }
}

/// The README's table of rules: ID (linked to its page), level, summary.
pub fn rules_table(set: &RuleSet) -> String {
    let mut table = String::from("| ID | Name | Level | What it finds |\n|---|---|---|---|\n");
    for rule in &set.rules {
        table.push_str(&format!(
            "| [{id}](docs/rules/{id}.md) | `{}` | {} | {} |\n",
            rule.name,
            rule.metadata.level.value.name(),
            rule.metadata.summary.value,
            id = rule.id
        ));
    }
    table
}
