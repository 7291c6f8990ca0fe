//! The terminal report: findings grouped by file, each drawn like a compiler diagnostic
//! (`error[SUP002]: message`, the source line with the offending value underlined, the
//! resource), then a summary line. Problems with inputs are drawn on standard error by
//! `diagnostic`, with the same renderer.
//!
//! Given a width ([`crate::wrap`]), the messages, notes, undecided checks and the summary
//! are wrapped to it; file names and code frames are not.

use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic, Severity};
use codespan_reporting::term::termcolor::{Buffer, ColorSpec, WriteColor};

use super::{Report, Styling};
use crate::counted::plural;
use crate::diagnostic::write_diagnostic;
use crate::engine::{Finding, RuleOrigin};
use crate::lang::Level;
use crate::visible::{self, Visible};

pub(super) fn render(report: &Report<'_>, styling: Styling, width: Option<usize>) -> String {
    let mut buffer = Visible::new(match styling {
        Styling::Plain => Buffer::no_color(),
        Styling::Colour => Buffer::ansi(),
    });
    // Writing to memory cannot fail.
    let _ = write_findings(&mut buffer, report, width);
    if report.show_not_evaluable {
        let _ = write_not_evaluable(&mut buffer, report, width);
    }
    let buffer = buffer.into_inner();
    let mut text = String::from_utf8_lossy(buffer.as_slice()).into_owned();
    for line in summary_lines(report) {
        text.push_str(&crate::wrap::hanging(&line, width, 0));
        text.push('\n');
    }
    text
}

/// Writes the findings, one group per file in the order they were sorted (findings with no
/// file, from account-scope rules, come first).
fn write_findings(
    writer: &mut Visible<Buffer>,
    report: &Report<'_>,
    width: Option<usize>,
) -> io::Result<()> {
    for group in report.findings.chunk_by(|a, b| a.file == b.file) {
        let name = group[0]
            .file
            .and_then(|id| report.files.get(id.0 as usize))
            .map_or_else(|| "The account".to_owned(), |file| file.display_path());
        let name = visible::line(&name);
        writer.set_color(ColorSpec::new().set_bold(true).set_underline(true))?;
        write!(writer, "{name}")?;
        writer.reset()?;
        // The name is never broken; the counts after it go on below, indented by two.
        let counts = counts(group);
        let counts = match width {
            Some(width) => crate::wrap::break_lines(
                &counts,
                width.saturating_sub(crate::wrap::columns(&name) + 2),
                width.saturating_sub(2),
            )
            .join("\n  "),
            None => counts,
        };
        writeln!(writer, ": {counts}\n")?;
        for finding in group {
            write_finding(writer, report, finding, width)?;
        }
    }
    Ok(())
}

fn write_finding(
    writer: &mut dyn WriteColor,
    report: &Report<'_>,
    finding: &Finding,
    width: Option<usize>,
) -> io::Result<()> {
    let severity = match finding.level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Note,
    };
    let rule = report.rules.rule(&finding.rule);
    let mut notes = Vec::new();
    if let Some(address) = &finding.address {
        notes.push(format!("resource: {address}"));
    }
    if finding.conditional {
        notes.push("only under some of the template's conditions".to_owned());
    }
    if let Some(suppressed) = &finding.suppressed {
        notes.push(format!("suppressed: {}", suppressed.reason));
    } else if finding.unchanged {
        notes.push("unchanged since the baseline".to_owned());
    }
    if rule.is_some_and(|rule| matches!(rule.origin, RuleOrigin::BuiltIn(_))) {
        notes.push(format!("more: supportscan rules explain {}", finding.rule));
    }
    let diagnostic = Diagnostic::new(severity)
        .with_code(&finding.rule)
        .with_message(&finding.message)
        .with_notes(notes);
    let label = rule.map_or("", |rule| rule.name.as_str());
    let place = finding.file.map(|file| (file, finding.span));
    write_diagnostic(writer, report.files, diagnostic, place, label, width)
}

/// The checks that could not be decided, one each: rule, resource and file, reason (its
/// later lines indented under the rule).
fn write_not_evaluable(
    writer: &mut Visible<Buffer>,
    report: &Report<'_>,
    width: Option<usize>,
) -> io::Result<()> {
    if report.not_evaluable.is_empty() {
        return Ok(());
    }
    writer.set_color(ColorSpec::new().set_bold(true).set_underline(true))?;
    write!(writer, "Not evaluable")?;
    writer.reset()?;
    writeln!(
        writer,
        ": {}
",
        plural(report.not_evaluable.len(), "check")
    )?;
    for item in report.not_evaluable {
        let subject = item.address.as_deref().unwrap_or("the account");
        let file = item
            .file
            .and_then(|id| report.files.get(id.0 as usize))
            .map(|file| format!(" in {}", file.display_path()))
            .unwrap_or_default();
        let text =
            visible::line(&format!("{} {subject}{file}: {}", item.rule, item.reason)).into_owned();
        match width {
            None => writeln!(writer, "  {text}")?,
            Some(width) => {
                let lines = crate::wrap::break_lines(
                    &text,
                    width.saturating_sub(2),
                    width.saturating_sub(4),
                );
                writeln!(writer, "  {}", lines.join("\n    "))?;
            }
        }
    }
    writeln!(writer)
}

/// "2 findings (1 error, 1 warning); 1 suppressed" for a group of findings, counted as
/// the summary line counts them: suppressed findings apart, not by level.
fn counts(findings: &[Finding]) -> String {
    let found = |wanted: Level| {
        findings
            .iter()
            .filter(|f| f.level == wanted && f.suppressed.is_none())
            .count()
    };
    let mut text = by_level(
        found(Level::Error),
        found(Level::Warning),
        found(Level::Note),
    );
    let suppressed = findings.iter().filter(|f| f.suppressed.is_some()).count();
    if suppressed > 0 {
        text.push_str(&format!("; {suppressed} suppressed"));
    }
    text
}

/// "3 findings (2 errors, 1 note)", or "no findings".
fn by_level(errors: usize, warnings: usize, notes: usize) -> String {
    let found = errors + warnings + notes;
    if found == 0 {
        return "no findings".to_owned();
    }
    let levels: Vec<String> = [(errors, "error"), (warnings, "warning"), (notes, "note")]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, name)| plural(count, name))
        .collect();
    format!("{} ({})", plural(found, "finding"), levels.join(", "))
}

/// The summary: what was scanned and found, then the warning of an empty scan if any.
fn summary_lines(report: &Report<'_>) -> Vec<String> {
    let s = &report.summary;
    let mut kinds = Vec::new();
    for (count, name) in [
        (s.terraform_plans, "Terraform plan"),
        (s.terraform_states, "Terraform state"),
        (s.terraform_source_files, "Terraform source file"),
        (s.cloudformation_templates, "CloudFormation template"),
        (s.account_snapshots, "account snapshot"),
    ] {
        if count > 0 {
            kinds.push(plural(count, name));
        }
    }
    let loaded = if kinds.is_empty() {
        "no inputs".to_owned()
    } else {
        kinds.join(", ")
    };
    let findings = by_level(s.errors, s.warnings, s.notes);
    let not_run = match s.rules_not_run.as_slice() {
        [] => String::new(),
        ids => format!(" ({} not run: needs --account-baseline)", ids.join(", ")),
    };
    let mut line = format!(
        "Scanned {loaded} ({}) with {}{not_run} in {} ms: {findings}.",
        plural(s.resources, "resource"),
        plural(s.rules, "rule"),
        s.elapsed_ms
    );
    if s.suppressed > 0 {
        line.push_str(&format!(" {} suppressed.", plural(s.suppressed, "finding")));
    }
    if s.unchanged > 0 {
        line.push_str(&format!(
            " {} already in the baseline.",
            plural(s.unchanged, "finding")
        ));
    }
    if s.not_evaluable > 0 {
        let listed = if report.show_not_evaluable {
            "listed above"
        } else {
            "--show-not-evaluable lists them"
        };
        line.push_str(&format!(
            " {} could not be decided ({listed}).",
            plural(s.not_evaluable, "check")
        ));
    }
    if s.input_errors > 0 {
        line.push_str(&format!(
            " {} could not be read (see above).",
            plural(s.input_errors, "input")
        ));
    }
    let mut lines = vec![line];
    if let Some(empty) = s.empty_scan() {
        lines.push(format!("warning: {empty}."));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{NotEvaluable, RuleSet};
    use crate::report::Summary;
    use crate::source::{FileId, SourceFile, Span};

    fn finding(file: Option<u32>, span: Option<Span>, message: &str) -> Finding {
        Finding {
            rule: "ACME1".to_owned(),
            level: Level::Warning,
            message: message.to_owned(),
            file: file.map(FileId),
            span,
            address: Some("aws_iam_role.support".to_owned()),
            conditional: false,
            fingerprint: String::new(),
            fingerprint_as_named: None,
            suppressed: None,
            unchanged: false,
            evidence: Vec::new(),
        }
    }

    fn rendered(files: &[SourceFile], findings: &[Finding], styling: Styling) -> String {
        wrapped(files, findings, &[], styling, None)
    }

    fn wrapped(
        files: &[SourceFile],
        findings: &[Finding],
        not_evaluable: &[NotEvaluable],
        styling: Styling,
        width: Option<usize>,
    ) -> String {
        let rules = RuleSet::default();
        let report = Report {
            files,
            problems: &[],
            rules: &rules,
            findings,
            not_evaluable,
            include_suppressed: false,
            baseline: false,
            show_not_evaluable: !not_evaluable.is_empty(),
            root: None,
            category: None,
            summary: Summary {
                not_evaluable: not_evaluable.len(),
                ..Summary::default()
            },
            source_links: None,
        };
        render(&report, styling, width)
    }

    #[test]
    fn notes_undecided_checks_and_the_summary_wrap_under_their_text() {
        // The finding is on line 120: the gutter of line numbers is three wide, and notes
        // start two columns further right than under a one-digit gutter.
        let text = format!("{}Role: x\n", "#\n".repeat(119));
        let at = text.len() - 2;
        let files = vec![SourceFile::new("t.yaml", text)];
        let mut found = finding(Some(0), Some(Span::new(at, at + 1)), "bad");
        found.address = Some("aws_iam_role.support a longer name".to_owned());
        let undecided = [NotEvaluable {
            rule: "SUP001".to_owned(),
            address: None,
            file: Some(FileId(0)),
            reason: "the input could not be read or loaded".to_owned(),
        }];
        let shown = wrapped(&files, &[found], &undecided, Styling::Plain, Some(36));
        assert!(
            shown.contains("    = resource: aws_iam_role.support\n      a longer name\n"),
            "{shown}"
        );
        assert!(
            shown.contains(
                "  SUP001 the account in t.yaml: the\n    input could not be read or\n    loaded\n"
            ),
            "{shown}"
        );
        assert!(
            shown.contains("Scanned no inputs (0 resources) with\n0 rules in 0 ms: no findings."),
            "{shown}"
        );
        let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
        let unwrapped = wrapped(&files, &[], &undecided, Styling::Plain, None);
        assert!(
            lines(&unwrapped).iter().any(|line| line.len() > 36),
            "{unwrapped}"
        );
        for line in lines(&shown).iter().filter(|line| !line.contains('│')) {
            assert!(crate::wrap::columns(line) <= 36, "{line:?} in\n{shown}");
        }
    }

    #[test]
    fn a_minified_plan_gets_the_position_but_no_frame() {
        let line = format!("{{\"a\": \"{}\", \"role\": 1}}", "x".repeat(1000));
        let offset = line.find("\"role\"").unwrap();
        let files = vec![SourceFile::new("plan.json", line)];
        let findings = [finding(
            Some(0),
            Some(Span::new(offset, offset + 6)),
            "too open",
        )];
        let text = rendered(&files, &findings, Styling::Plain);
        assert!(text.contains("warning[ACME1]: too open"), "{text}");
        assert!(text.contains("  --> plan.json:1:1011"), "{text}");
        assert!(
            text.contains("  = resource: aws_iam_role.support"),
            "{text}"
        );
        assert!(!text.contains("xxxxxxxxxx"), "{text}");
    }

    #[test]
    fn findings_without_a_file_are_grouped_under_the_account() {
        let findings = [finding(None, None, "no support role")];
        let text = rendered(&[], &findings, Styling::Plain);
        assert!(
            text.starts_with(
                "The account: 1 finding (1 warning)\n\nwarning[ACME1]: no support role\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let files = vec![SourceFile::new("t.yaml", "Role: x\n".to_owned())];
        let findings = [finding(Some(0), Some(Span::new(6, 7)), "bad")];
        assert!(!rendered(&files, &findings, Styling::Plain).contains('\u{1b}'));
        let coloured = rendered(&files, &findings, Styling::Colour);
        assert!(coloured.contains("\u{1b}["), "{coloured}");
    }
}
