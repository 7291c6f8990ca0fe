//! `supportscan rules explain ID`: a rule's documentation for a terminal, from its
//! metadata and its Markdown help, its paragraphs and list items filled to the width of
//! the terminal when there is one ([`crate::wrap`]).

use super::ruleset::{Rule, RuleOrigin};
use crate::visible;
use crate::wrap::break_lines;

/// The rule's documentation as plain text: a title, the mapping, the description and
/// the help with Markdown headings underlined and code blocks indented. With a `width`,
/// the prose is filled to it (code blocks are not); without, the lines are as written.
/// The text is made visible ([`crate::visible`]) before it is filled.
pub fn explain(rule: &Rule, width: Option<usize>) -> String {
    let meta = &rule.metadata;
    let title = format!("{} {}", rule.id, rule.name);
    let mut out = format!("{title}\n{}\n", "=".repeat(title.chars().count()));
    let mut facts = vec![
        meta.summary.value.clone(),
        String::new(),
        format!(
            "Level: {}    Security severity: {:.1}    Scope: {}",
            meta.level.value.name(),
            meta.security_severity.value,
            meta.scope.value.name()
        ),
    ];
    if !meta.cis.is_empty() {
        let cis: Vec<&str> = meta.cis.iter().map(|c| c.value.as_str()).collect();
        facts.push(format!("CIS AWS Foundations Benchmark: {}", cis.join(", ")));
    }
    if !meta.security_hub.is_empty() {
        let hub: Vec<&str> = meta.security_hub.iter().map(|c| c.value.as_str()).collect();
        facts.push(format!("Security Hub: {}", hub.join(", ")));
    }
    facts.push(format!("Tags: {}", meta.tags_with_security().join(", ")));
    if let RuleOrigin::Custom(path) = &rule.origin {
        facts.push(format!("Defined in: {}", crate::source::display_path(path)));
    }
    for fact in facts {
        out.push_str(&fill(&visible::line(&fact), width));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(markdown_for_terminal(meta.description.value.trim(), width).trim_end());
    out.push_str("\n\n");
    out.push_str(&markdown_for_terminal(&meta.help.value, width));
    out
}

/// Markdown made readable without a renderer: headings underlined, fences dropped and
/// code indented, paragraphs filled to `width` when there is one.
fn markdown_for_terminal(markdown: &str, width: Option<usize>) -> String {
    let markdown = visible::lines(markdown);
    blocks(&markdown, &|paragraph| fill(paragraph, width))
}

/// A paragraph filled to `width`: each list item (`- `, `* `, `1. `) and the text before
/// the first one joined into one line and broken again, its later lines under its text.
/// Unchanged without a width.
fn fill(paragraph: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return paragraph.to_owned();
    };
    // Items: the indentation of the first line, that of the later lines, the text.
    let mut items: Vec<(usize, usize, Vec<&str>)> = Vec::new();
    for line in paragraph.lines() {
        let text = line.trim_start();
        let lead = line.len() - text.len();
        match (list_marker(text), items.last_mut()) {
            (None, Some(item)) => item.2.push(text),
            (marker, _) => items.push((lead, lead + marker.unwrap_or_default(), vec![text])),
        }
    }
    let filled: Vec<String> = items
        .iter()
        .map(|(lead, hang, lines)| {
            let text = lines.join(" ");
            let lines = break_lines(
                &text,
                width.saturating_sub(*lead),
                width.saturating_sub(*hang),
            );
            format!(
                "{}{}",
                " ".repeat(*lead),
                lines.join(&format!("\n{}", " ".repeat(*hang)))
            )
        })
        .collect();
    filled.join("\n")
}

/// The width of the list marker that starts `line` (`- `, `* `, `12. `), if one does.
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") {
        return Some(2);
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Markdown as plain text, for readers that show no Markdown (SARIF `help.text`): what
/// `rules explain` shows, with the inline markup gone too: code spans lose their
/// backticks, `**bold**` its stars, and a link `[text](url)` reads `text (url)`.
pub fn markdown_as_plain_text(markdown: &str) -> String {
    blocks(markdown, &plain_line)
}

/// The block layout both plain forms share; `prose` renders the lines of a paragraph
/// outside code blocks (together, since a code span may go on over a line break).
fn blocks(markdown: &str, prose: &dyn Fn(&str) -> String) -> String {
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
            None,
        );
        assert_eq!(
            shown,
            "Why it matters\n--------------\nText.\nTerraform:\n    resource \"x\" {}\n"
        );
    }

    #[test]
    fn paragraphs_and_list_items_are_filled_but_code_is_not() {
        let markdown = "## What it flags\nA role whose trust policy\nadmits any principal:\n\n\
                        - `\"Principal\": \"*\"` or\n  `{\"AWS\": \"*\"}`;\n\
                        12. `NotPrincipal` with `Allow` (everyone else).\n\n\
                        ```hcl\nprincipals { identifiers = [\"*\"] type = \"AWS\" }\n```\n";
        assert_eq!(
            markdown_for_terminal(markdown, Some(24)),
            "What it flags\n-------------\nA role whose trust\npolicy admits any\n\
             principal:\n\n- `\"Principal\": \"*\"` or\n  `{\"AWS\": \"*\"}`;\n\
             12. `NotPrincipal` with\n    `Allow` (everyone\n    else).\n\n\
             \x20   principals { identifiers = [\"*\"] type = \"AWS\" }\n"
        );
        // Without a width the lines are as written.
        assert!(markdown_for_terminal(markdown, None).contains("trust policy\nadmits"));
    }

    #[test]
    fn hidden_characters_are_escaped_before_filling() {
        let filled = markdown_for_terminal("aaaa\u{1b}[2Jb cc dd", Some(16));
        assert_eq!(filled, "aaaa\\u{1b}[2Jb\ncc dd\n");
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
