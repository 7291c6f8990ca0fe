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
    blocks(markdown, str::to_owned)
}

/// Markdown as plain text, for readers that show no Markdown (SARIF `help.text`): what
/// `rules explain` shows, with the inline markup gone too: code spans lose their
/// backticks, `**bold**` its stars, and a link `[text](url)` reads `text (url)`.
pub fn markdown_as_plain_text(markdown: &str) -> String {
    blocks(markdown, plain_line)
}

/// The block layout both plain forms share; `prose` renders the lines of a paragraph
/// outside code blocks (together, since a code span may go on over a line break).
fn blocks(markdown: &str, prose: fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if !paragraph.is_empty() {
            out.push_str(&prose(&paragraph.join("\n")));
            out.push('\n');
            paragraph.clear();
        }
    };
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            flush(&mut paragraph, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&format!("    {line}\n"));
        } else if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut paragraph, &mut out);
            let heading = prose(heading);
            out.push_str(&format!(
                "{heading}\n{}\n",
                "-".repeat(heading.chars().count())
            ));
        } else if let Some(heading) = line.strip_prefix("### ") {
            flush(&mut paragraph, &mut out);
            out.push_str(&format!("{}:\n", prose(heading)));
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
            out.push_str(line);
            out.push('\n');
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

/// Prose without its inline markup; the text of code spans is kept as written.
fn plain_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(fence) {
                out.push_str(rest[ticks..ticks + end].trim());
                rest = &rest[ticks + end + ticks..];
                continue;
            }
        } else if let Some(after) = rest.strip_prefix("**") {
            rest = after;
            continue;
        } else if let Some((text, url, after)) = (c == '[').then(|| link(rest)).flatten() {
            out.push_str(&format!("{} ({url})", plain_line(text)));
            rest = after;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `[text](url)` at the start of `text`: the text, the URL and what follows.
fn link(text: &str) -> Option<(&str, &str, &str)> {
    let close = text.find("](")?;
    let inner = &text[1..close];
    let after = &text[close + 2..];
    let end = after.find(')')?;
    let url = &after[..end];
    (!inner.contains('[') && !url.contains(char::is_whitespace))
        .then(|| (inner, url, &after[end + 1..]))
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

    #[test]
    fn plain_text_drops_inline_markup_but_keeps_code_as_written() {
        let shown = markdown_as_plain_text(
            "## What `SUP002` flags\n- **error** when `*` or ``a`b`` is allowed; see \
             [the guide](https://docs.aws.amazon.com/x.html).\nA [bracket] and `accounts/**`.\n\
             ```hcl\nx = \"`**`\"\n```\n",
        );
        assert_eq!(
            shown,
            "What SUP002 flags\n-----------------\n- error when * or a`b is allowed; see the guide \
             (https://docs.aws.amazon.com/x.html).\nA [bracket] and accounts/**.\n    x = \"`**`\"\n"
        );
        // An unclosed code span stays as it is; a closed one may span lines.
        assert_eq!(markdown_as_plain_text("a `b"), "a `b\n");
        assert_eq!(
            markdown_as_plain_text("with `x =\n  \"y\"` set\n\nnext"),
            "with x =\n  \"y\" set\n\nnext\n"
        );
    }
}
