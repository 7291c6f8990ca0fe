//! `supportscan rules explain ID`: a rule's documentation for a terminal, from its
//! metadata and its Markdown help.

use super::ruleset::{Rule, RuleOrigin};

/// The rule's documentation as plain text: a title, the mapping, the description and
/// the help with Markdown headings underlined and code blocks indented.
pub fn explain(rule: &Rule) -> String {
    let meta = &rule.metadata;
    let title = format!("{} {}", rule.id, rule.name);
    let mut out = format!("{title}\n{}\n", "=".repeat(title.chars().count()));
    out.push_str(&format!("{}\n\n", meta.summary.value));
    out.push_str(&format!(
        "Level: {}    Security severity: {:.1}    Scope: {}\n",
        meta.level.value.name(),
        meta.security_severity.value,
        meta.scope.value.name()
    ));
    if !meta.cis.is_empty() {
        let cis: Vec<&str> = meta.cis.iter().map(|c| c.value.as_str()).collect();
        out.push_str(&format!(
            "CIS AWS Foundations Benchmark: {}\n",
            cis.join(", ")
        ));
    }
    if !meta.security_hub.is_empty() {
        let hub: Vec<&str> = meta.security_hub.iter().map(|c| c.value.as_str()).collect();
        out.push_str(&format!("Security Hub: {}\n", hub.join(", ")));
    }
    out.push_str(&format!("Tags: {}\n", meta.tags_with_security().join(", ")));
    if let RuleOrigin::Custom(path) = &rule.origin {
        out.push_str(&format!(
            "Defined in: {}\n",
            crate::source::display_path(path)
        ));
    }
    out.push('\n');
    out.push_str(meta.description.value.trim());
    out.push_str("\n\n");
    out.push_str(&markdown_for_terminal(&meta.help.value));
    out
}

/// Markdown made readable without a renderer: headings underlined, fences dropped and
/// code indented, everything else as written.
fn markdown_for_terminal(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&format!("    {line}\n"));
        } else if let Some(heading) = line.strip_prefix("## ") {
            out.push_str(&format!(
                "{heading}\n{}\n",
                "-".repeat(heading.chars().count())
            ));
        } else if let Some(heading) = line.strip_prefix("### ") {
            out.push_str(&format!("{heading}:\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_headings_and_code_are_made_plain() {
        let shown = markdown_for_terminal(
            "## Why it matters\nText.\n### Terraform\n```hcl\nresource \"x\" {}\n```\n",
        );
        assert_eq!(
            shown,
            "Why it matters\n--------------\nText.\nTerraform:\n    resource \"x\" {}\n"
        );
    }
}
