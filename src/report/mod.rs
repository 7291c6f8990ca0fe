//! Reports: what a scan found, rendered for a terminal, for scripts (JSON), for GitHub code
//! scanning (SARIF), as GitHub Actions annotations, as Markdown for a job summary or a
//! pull-request comment, as JUnit XML for CI test tabs, or as GitLab's code quality
//! report.
//!
//! Reporters only read a [`Report`]; input problems are part of it, so every format shows
//! them (SARIF as tool execution notifications).

mod codequality;
mod github;
mod json;
mod junit;
mod links;
mod markdown;
mod sarif;
mod text;

use std::time::Duration;

use crate::engine::{Finding, NotEvaluable, RuleSet};
use crate::lang::Level;
use crate::load::InputKind;
use crate::problem::Problem;
use crate::scan::Scan;
use crate::source::{FileId, Position, SourceFile};
use crate::source_root::{Place, SourceRoot, is_absolute};

pub use links::SourceLinks;

/// What a scan produced, ready to be rendered.
pub struct Report<'a> {
    /// The scanned files, indexed by `FileId`.
    pub files: &'a [SourceFile],
    /// Problems with inputs.
    pub problems: &'a [Problem],
    /// The rules that ran (SARIF lists them).
    pub rules: &'a RuleSet,
    /// The findings, sorted.
    pub findings: &'a [Finding],
    /// The checks that could not be decided.
    pub not_evaluable: &'a [NotEvaluable],
    /// Whether SARIF keeps suppressed findings (marked as suppressed).
    pub include_suppressed: bool,
    /// Whether the findings were compared with a `--baseline`.
    pub baseline: bool,
    /// Whether the text report lists the checks that could not be decided.
    pub show_not_evaluable: bool,
    /// The repository root that SARIF and GitHub annotations name files from; with none,
    /// they name them as the scan does (relative to the working directory).
    pub root: Option<&'a SourceRoot>,
    /// The code scanning category SARIF names (`automationDetails.id` `NAME/`); with
    /// none, the uploader's applies.
    pub category: Option<&'a str>,
    /// Counts for the summary line.
    pub summary: Summary,
    /// Where the Markdown report links each finding's lines ([`SourceLinks::from_env`] in
    /// a GitHub Actions run); `None`: no links.
    pub source_links: Option<SourceLinks>,
}

impl<'a> Report<'a> {
    /// The report of `scan` run with `rules`: its files, its problems and the outcome's
    /// findings, suppressed findings left out, no baseline. Callers change the fields
    /// that differ (`Report { baseline: true, ..Report::of(...) }`).
    pub fn of(
        scan: &'a Scan,
        rules: &'a RuleSet,
        outcome: &'a crate::engine::Outcome,
        elapsed: Duration,
    ) -> Report<'a> {
        Report {
            files: &scan.inputs.files,
            problems: &scan.problems,
            rules,
            findings: &outcome.findings,
            not_evaluable: &outcome.not_evaluable,
            include_suppressed: false,
            baseline: false,
            show_not_evaluable: false,
            root: None,
            category: None,
            summary: Summary::of(scan, outcome, elapsed),
            source_links: None,
        }
    }
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// Counts shown in every format's summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Terraform plans loaded.
    pub terraform_plans: usize,
    /// Terraform state files loaded.
    pub terraform_states: usize,
    /// `.tf` files of Terraform root modules read without a plan (those that declare
    /// resources); left out of JSON when there are none.
    #[serde(skip_serializing_if = "is_zero")]
    pub terraform_source_files: usize,
    /// CloudFormation templates loaded.
    pub cloudformation_templates: usize,
    /// Account snapshots loaded (pages of `get-account-authorization-details`, Support App
    /// channel lists); left out of JSON when there are none.
    #[serde(skip_serializing_if = "is_zero")]
    pub account_snapshots: usize,
    /// Files in directory walks that are not infrastructure code.
    pub skipped_files: usize,
    /// Resources declared by the loaded inputs.
    pub resources: usize,
    /// Rules run over them.
    pub rules: usize,
    /// IDs of the selected rules that did not run (account-scope rules, such as SUP001,
    /// without `--account-baseline`).
    pub rules_not_run: Vec<String>,
    /// Findings at level error.
    pub errors: usize,
    /// Findings at level warning.
    pub warnings: usize,
    /// Findings at level note.
    pub notes: usize,
    /// Checks that could not be decided (a value not known before deployment).
    pub not_evaluable: usize,
    /// Findings accepted by a suppression (not counted by level).
    pub suppressed: usize,
    /// Findings already in the `--baseline` (counted by level, not failing the gate).
    pub unchanged: usize,
    /// Error-level problems with inputs.
    pub input_errors: usize,
    /// Warning-level problems with inputs.
    pub input_warnings: usize,
    /// Wall-clock time of the scan in milliseconds.
    pub elapsed_ms: u128,
}

impl Summary {
    /// Counts what `scan` holds.
    pub fn of(scan: &Scan, outcome: &crate::engine::Outcome, elapsed: Duration) -> Summary {
        let level = |wanted: Level| {
            outcome
                .findings
                .iter()
                .filter(|finding| finding.level == wanted && finding.suppressed.is_none())
                .count()
        };
        let inputs = &scan.inputs;
        let count = |kind| inputs.loaded.iter().filter(|l| l.kind == kind).count();
        let errors = scan
            .problems
            .iter()
            .filter(|p| p.severity == crate::problem::Severity::Error)
            .count();
        Summary {
            terraform_plans: count(InputKind::TerraformPlan),
            terraform_states: count(InputKind::TerraformState),
            terraform_source_files: count(InputKind::TerraformSource),
            cloudformation_templates: count(InputKind::CloudFormation),
            account_snapshots: count(InputKind::AccountSnapshot),
            skipped_files: inputs.skipped,
            resources: inputs.loaded.iter().map(|l| l.resources.len()).sum(),
            rules: outcome.rules_run,
            rules_not_run: outcome.not_run.clone(),
            errors: level(Level::Error),
            warnings: level(Level::Warning),
            notes: level(Level::Note),
            not_evaluable: outcome.not_evaluable.len(),
            suppressed: outcome
                .findings
                .iter()
                .filter(|finding| finding.suppressed.is_some())
                .count(),
            unchanged: outcome
                .findings
                .iter()
                .filter(|finding| finding.unchanged && finding.suppressed.is_none())
                .count(),
            input_errors: errors,
            input_warnings: scan.problems.len() - errors,
            elapsed_ms: elapsed.as_millis(),
        }
    }

    /// Files that loaded.
    pub fn loaded_files(&self) -> usize {
        self.terraform_plans
            + self.terraform_states
            + self.terraform_source_files
            + self.cloudformation_templates
            + self.account_snapshots
    }

    /// Why the scan checked nothing, when it did not: no input loaded, or no rule ran. A
    /// gate passed by such a scan proves nothing (a typo'd directory, `--only SUP001`
    /// without `--account-baseline`), so every report says so.
    pub fn empty_scan(&self) -> Option<String> {
        if self.loaded_files() == 0 {
            let skipped = match self.skipped_files {
                0 => String::new(),
                1 => " (1 file skipped as not infrastructure code)".to_owned(),
                n => format!(" ({n} files skipped as not infrastructure code)"),
            };
            return Some(format!(
                "nothing was scanned: the inputs hold no Terraform plan, Terraform state, \
                 Terraform module with resources, CloudFormation template or account \
                 snapshot{skipped}"
            ));
        }
        if self.rules == 0 {
            let why = if self.rules_not_run.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} runs only with --account-baseline)",
                    self.rules_not_run.join(", ")
                )
            };
            return Some(format!("nothing was checked: no rule ran{why}"));
        }
        None
    }

    /// The problem that carries [`Summary::empty_scan`] into every report: a warning, or
    /// with `--fail-on-empty` an error that fails the run.
    pub fn empty_scan_problem(&self, fail_on_empty: bool) -> Option<Problem> {
        let message = self.empty_scan()?;
        let problem = Problem::error_without_place(EMPTY_SCAN, message);
        Some(if fail_on_empty {
            problem
        } else {
            Problem {
                severity: crate::problem::Severity::Warning,
                ..problem
            }
        })
    }
}

/// Problem code of a scan that checked nothing ([`Summary::empty_scan`]).
pub const EMPTY_SCAN: &str = "empty-scan";

/// Whether a rendering may carry terminal colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Styling {
    /// Plain text: files, pipes, tests.
    Plain,
    /// ANSI colours (only the text format has any).
    Colour,
}

impl Styling {
    /// Colour when [`crate::colour::wanted`] allows it on standard output.
    pub fn for_stdout() -> Styling {
        use std::io::IsTerminal;
        if crate::colour::wanted(std::io::stdout().is_terminal()) {
            Styling::Colour
        } else {
            Styling::Plain
        }
    }
}

/// The formats a report is rendered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Readable output for a terminal.
    Text,
    /// A versioned JSON document for scripts.
    Json,
    /// SARIF 2.1.0 for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// Markdown for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
    Markdown,
    /// JUnit XML for the test tabs of GitLab, Jenkins and Azure DevOps.
    Junit,
    /// GitLab's code quality report (Code Climate JSON).
    Codequality,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 7] = [
        Format::Text,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Markdown,
        Format::Junit,
        Format::Codequality,
    ];

    /// The format's name on the command line (`--format sarif`, `--output sarif=FILE`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Markdown => "markdown",
            Format::Junit => "junit",
            Format::Codequality => "codequality",
        }
    }

    /// What the format is for, in a line (`--help` shows it).
    pub fn about(self) -> &'static str {
        match self {
            Format::Text => "Readable output for a terminal",
            Format::Json => "A versioned JSON document for scripts",
            Format::Sarif => "SARIF 2.1.0 for GitHub code scanning",
            Format::Github => "GitHub Actions workflow commands (annotations)",
            Format::Markdown => "Markdown for `$GITHUB_STEP_SUMMARY` or a pull-request comment",
            Format::Junit => "JUnit XML for the test tabs of GitLab, Jenkins and Azure DevOps",
            Format::Codequality => "GitLab code quality (Code Climate JSON)",
        }
    }

    /// The format named `name` (exactly as [`Format::name`] writes it).
    pub fn named(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|format| format.name() == name)
    }
}

/// Renders `report` in `format`, plain.
pub fn render(report: &Report<'_>, format: Format) -> String {
    render_styled(report, format, Styling::Plain, None)
}

/// Renders `report` in `format`, in colour when `styling` allows it and the format has any,
/// its prose wrapped to `width` columns when there is one and the format is text.
pub fn render_styled(
    report: &Report<'_>,
    format: Format,
    styling: Styling,
    width: Option<usize>,
) -> String {
    match format {
        Format::Text => text::render(report, styling, width),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
        Format::Markdown => markdown::render(report),
        Format::Junit => junit::render(report),
        Format::Codequality => codequality::render(report),
    }
}

impl Report<'_> {
    /// Where a file is as machine-read reports name it: from the repository root, or as
    /// the scan names it when the report has no root.
    fn repository_place(&self, file: &SourceFile) -> Place {
        match self.root {
            Some(root) => root.place(&file.path),
            None => {
                let path = file.display_path();
                if is_absolute(&path) {
                    Place::Absolute(path)
                } else {
                    Place::Relative(path)
                }
            }
        }
    }

    fn file(&self, id: Option<FileId>) -> Option<&SourceFile> {
        id.and_then(|id| self.files.get(id.0 as usize))
    }
}

/// Where a finding is: path, start and end.
struct FindingPlace {
    /// The path as the scan names it (relative to the working directory).
    path: Option<String>,
    /// The path from the repository root.
    repository: Option<Place>,
    start: Option<Position>,
    end: Option<Position>,
}

fn finding_place(finding: &Finding, report: &Report<'_>) -> FindingPlace {
    let file = report.file(finding.file);
    let span = finding.span;
    FindingPlace {
        path: file.map(SourceFile::display_path),
        repository: file.map(|file| report.repository_place(file)),
        start: file.zip(span).map(|(f, span)| f.position(span.start)),
        end: file.zip(span).map(|(f, span)| f.position(span.end)),
    }
}

/// Where a problem is, for reporters that show positions as fields.
struct ProblemPlace {
    /// The path as the scan names it (relative to the working directory).
    path: Option<String>,
    /// The path from the repository root.
    repository: Option<Place>,
    position: Option<Position>,
}

fn place_of(problem: &Problem, report: &Report<'_>) -> ProblemPlace {
    let file = report.file(problem.file);
    ProblemPlace {
        path: file.map(SourceFile::display_path),
        repository: file.map(|file| report.repository_place(file)),
        position: file
            .zip(problem.span)
            .map(|(f, span)| f.position(span.start)),
    }
}
