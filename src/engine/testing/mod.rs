//! `supportscan rules test`: every rule is run over the cases of the tests file beside
//! it, and the findings must be exactly the ones the cases expect. `cargo test` runs the
//! same runner over the built-in pack.

pub mod compact;
pub mod suite;

use std::path::{Path, PathBuf};

use super::context::Context;
use super::finding::Finding;
use super::ruleset::{EMBEDDED_RULE_FILES, Rule, RuleOrigin, RuleSource, load_sources};
use super::run::run_in_scope;
use crate::counted::plural;
use crate::diagnostic::render_problem;
use crate::inputs::load_files;
use crate::problem::{Problem, Severity};
use crate::source::{FileId, SourceFile, Span};
use suite::{Case, CaseInput, Expected, RULE_TEST, Suite, read_suite};

const RULE_SUFFIX: &str = ".rule";
/// How tests name the place of a finding without a resource (account-scope rules).
const SCAN: &str = "(scan)";
const TESTS_SUFFIX: &str = ".tests.yaml";

/// Where rule files and their tests are read from.
#[derive(Clone, Debug)]
pub enum Store {
    /// The built-in pack embedded in the binary.
    Embedded,
    /// A directory on disk.
    Dir(PathBuf),
}

impl Store {
    /// Every file of the store: its path relative to the store, with forward slashes.
    fn list(&self) -> Result<Vec<String>, String> {
        match self {
            Store::Embedded => Ok(EMBEDDED_RULE_FILES
                .iter()
                .map(|(path, _)| (*path).to_owned())
                .collect()),
            Store::Dir(dir) => {
                let mut paths = Vec::new();
                let walker = ignore::WalkBuilder::new(dir)
                    .standard_filters(false)
                    .sort_by_file_path(|a, b| a.cmp(b))
                    .build();
                for entry in walker {
                    let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
                    if entry.file_type().is_some_and(|kind| kind.is_file())
                        && let Ok(relative) = entry.path().strip_prefix(dir)
                    {
                        paths.push(crate::source::display_path(relative));
                    }
                }
                Ok(paths)
            }
        }
    }

    /// The text of the file at `path` (relative to the store).
    fn read(&self, path: &str) -> Result<String, String> {
        match self {
            Store::Embedded => EMBEDDED_RULE_FILES
                .iter()
                .find(|(known, _)| *known == path)
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| format!("no file `{path}` in the built-in rule pack")),
            // A tests file's `input:` may name any path: only regular files inside the
            // store are read (a `../` or a symbolic link out of it is refused).
            Store::Dir(dir) => crate::untrusted::Root::at(dir)
                .map_err(crate::untrusted::ReadError::from)
                .and_then(|root| root.read_text(&dir.join(path), crate::inputs::MAX_INPUT_BYTES))
                .map_err(|error| {
                    format!(
                        "cannot read {}: {error}",
                        crate::source::display_path(&dir.join(path))
                    )
                }),
        }
    }

    /// The path shown in messages.
    fn shown(&self, path: &str) -> PathBuf {
        match self {
            Store::Embedded => Path::new("rules").join(path),
            Store::Dir(dir) => dir.join(path),
        }
    }

    fn origin(&self, path: &str) -> RuleOrigin {
        match self {
            Store::Embedded => RuleOrigin::BuiltIn(path.to_owned()),
            Store::Dir(dir) => RuleOrigin::Custom(dir.join(path)),
        }
    }
}

/// The result of one case.
#[derive(Debug)]
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// What went wrong; empty when it passed.
    pub failures: Vec<String>,
}

/// The results of one rule's tests.
#[derive(Debug)]
pub struct RuleResult {
    /// The rule ID.
    pub rule: String,
    /// The tests file.
    pub tests_file: String,
    /// One result per case.
    pub cases: Vec<CaseResult>,
}

/// Everything `rules test` found.
#[derive(Debug, Default)]
pub struct TestReport {
    /// Per rule, in ID order.
    pub rules: Vec<RuleResult>,
    /// Broken rule or tests files, unpaired files: rendered with their places.
    pub problems: Vec<String>,
}

impl TestReport {
    /// Whether every case passed and nothing was broken.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
            && self
                .rules
                .iter()
                .all(|rule| rule.cases.iter().all(|case| case.failures.is_empty()))
    }

    /// The report for a terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for problem in &self.problems {
            out.push_str(problem);
        }
        let (mut passed, mut failed) = (0, 0);
        for rule in &self.rules {
            let bad: Vec<&CaseResult> = rule
                .cases
                .iter()
                .filter(|c| !c.failures.is_empty())
                .collect();
            passed += rule.cases.len() - bad.len();
            failed += bad.len();
            if bad.is_empty() {
                out.push_str(&format!(
                    "ok      {} ({}, {})\n",
                    rule.rule,
                    plural(rule.cases.len(), "case"),
                    rule.tests_file
                ));
            } else {
                out.push_str(&format!(
                    "FAILED  {} ({} of {}, {})\n",
                    rule.rule,
                    bad.len(),
                    plural(rule.cases.len(), "case"),
                    rule.tests_file
                ));
                for case in bad {
                    out.push_str(&format!("  case `{}`:\n", case.name));
                    for failure in &case.failures {
                        out.push_str(&format!("    {failure}\n"));
                    }
                }
            }
        }
        out.push_str(&format!(
            "{}, {} passed, {failed} failed, {}\n",
            plural(self.rules.len(), "rule"),
            plural(passed, "case"),
            plural(self.problems.len(), "broken file")
        ));
        out
    }
}

/// Runs the tests of every rule in `store`.
pub fn test_rules(store: &Store) -> TestReport {
    let mut report = TestReport::default();
    let paths = match store.list() {
        Ok(paths) => paths,
        Err(error) => {
            report.problems.push(format!("error: {error}\n"));
            return report;
        }
    };
    let rule_paths: Vec<&String> = paths.iter().filter(|p| p.ends_with(RULE_SUFFIX)).collect();
    let tests_paths: Vec<&String> = paths.iter().filter(|p| p.ends_with(TESTS_SUFFIX)).collect();
    if let (Store::Dir(dir), true) = (store, rule_paths.is_empty() && tests_paths.is_empty()) {
        report.problems.push(format!(
            "error[{RULE_TEST}]: no rule files (`*{RULE_SUFFIX}`) below {}: name the directory \
             that holds your rules and their `*{TESTS_SUFFIX}` files\n",
            crate::source::display_path(dir)
        ));
        return report;
    }
    for tests in &tests_paths {
        let stem = tests.trim_end_matches(TESTS_SUFFIX);
        if !rule_paths
            .iter()
            .any(|rule| rule.trim_end_matches(RULE_SUFFIX) == stem)
        {
            report.problems.push(format!(
                "error[{RULE_TEST}]: {} has no rule file beside it ({stem}{RULE_SUFFIX})\n",
                store.shown(tests).display()
            ));
        }
    }
    let mut sources = Vec::new();
    for path in &rule_paths {
        match store.read(path) {
            Ok(text) => sources.push(RuleSource {
                path: store.shown(path),
                text,
                origin: store.origin(path),
            }),
            Err(error) => report.problems.push(format!("error: {error}\n")),
        }
    }
    let loaded = load_sources(sources);
    for problem in &loaded.problems {
        report
            .problems
            .push(render_problem(problem, &loaded.set.files));
    }
    for rule in &loaded.set.rules {
        let rule_path = match &rule.origin {
            RuleOrigin::BuiltIn(path) => path.clone(),
            RuleOrigin::Custom(path) => match store {
                Store::Dir(dir) => path
                    .strip_prefix(dir)
                    .map(crate::source::display_path)
                    .unwrap_or_default(),
                Store::Embedded => String::new(),
            },
        };
        let tests_path = format!("{}{TESTS_SUFFIX}", rule_path.trim_end_matches(RULE_SUFFIX));
        if !tests_paths.iter().any(|known| **known == tests_path) {
            report.problems.push(format!(
                "error[{RULE_TEST}]: rule {} has no tests: write {}\n",
                rule.id,
                store.shown(&tests_path).display()
            ));
            continue;
        }
        match run_suite(store, rule, &tests_path) {
            Ok(result) => report.rules.push(result),
            Err(problem) => report.problems.push(problem),
        }
    }
    report
}

/// Runs one rule's tests file.
fn run_suite(store: &Store, rule: &Rule, tests_path: &str) -> Result<RuleResult, String> {
    let text = store.read(tests_path)?;
    let file = SourceFile::new(store.shown(tests_path), text);
    let files = std::slice::from_ref(&file);
    let suite: Suite = read_suite(&file, FileId(0)).map_err(|problems| {
        problems
            .iter()
            .map(|p| render_problem(p, files))
            .collect::<String>()
    })?;
    if suite.rule != rule.id {
        let problem = Problem::error(
            RULE_TEST,
            FileId(0),
            suite.rule_span,
            format!(
                "this file tests `{}`, but the rule beside it is `{}`",
                suite.rule, rule.id
            ),
        );
        return Err(render_problem(&problem, files));
    }
    let directory = Path::new(tests_path)
        .parent()
        .map(crate::source::display_path)
        .unwrap_or_default();
    let cases = suite
        .cases
        .iter()
        .map(|case| CaseResult {
            name: case.name.clone(),
            failures: run_case(store, rule, case, &file, &directory),
        })
        .collect();
    Ok(RuleResult {
        rule: rule.id.clone(),
        tests_file: file.display_path(),
        cases,
    })
}

/// A case's `.tf` module, written to a scratch directory and read as a root module; its
/// files are shown as `<case> <file name>`.
fn source_module(
    module: &[(String, String)],
    shown: &str,
) -> Result<crate::load::terraform_source::LoadedModule, String> {
    let scratch =
        tempfile::tempdir().map_err(|error| format!("cannot make a scratch directory: {error}"))?;
    for (name, text) in module {
        let path = scratch.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("cannot write {name}: {error}"))?;
        }
        std::fs::write(&path, text).map_err(|error| format!("cannot write {name}: {error}"))?;
    }
    let root = crate::untrusted::Root::at(scratch.path())
        .map_err(|error| format!("cannot read the scratch directory: {error}"))?;
    let mut loaded = crate::load::terraform_source::load_root(
        scratch.path(),
        &root,
        &crate::load::terraform_source::VariableOptions::default(),
    );
    for file in &mut loaded.files {
        let name = file
            .path
            .strip_prefix(scratch.path())
            .map(crate::source::display_path)
            .unwrap_or_default();
        *file = SourceFile::new(format!("{shown} {name}"), std::mem::take(&mut file.text));
    }
    Ok(loaded)
}

/// Runs one case; the failures say what differs.
fn run_case(
    store: &Store,
    rule: &Rule,
    case: &Case,
    tests_file: &SourceFile,
    directory: &str,
) -> Vec<String> {
    let shown = format!("{} [{}]", tests_file.display_path(), case.name);
    let mut files: Vec<SourceFile> = case
        .snapshot
        .iter()
        .map(|text| SourceFile::new(format!("{shown} snapshot"), text.clone()))
        .collect();
    files.extend(match &case.input {
        CaseInput::CloudFormation(text) => vec![SourceFile::new(shown.clone(), text.clone())],
        CaseInput::TerraformSource(_) => Vec::new(),
        CaseInput::Terraform(resources) => match compact::plan_json(resources) {
            Ok(plan) => vec![SourceFile::new(shown.clone(), plan)],
            Err(error) => return vec![error],
        },
        CaseInput::Files(paths) => {
            let mut files = Vec::new();
            for path in paths {
                let relative = if directory.is_empty() {
                    path.clone()
                } else {
                    format!("{directory}/{path}")
                };
                match store.read(&relative) {
                    Ok(text) => files.push(SourceFile::new(store.shown(&relative), text)),
                    Err(error) => return vec![error],
                }
            }
            files
        }
    });
    let mut inputs = load_files(files);
    if let CaseInput::TerraformSource(module) = &case.input {
        match source_module(module, &shown) {
            Ok(mut loaded) => {
                loaded.renumber(u32::try_from(inputs.files.len()).unwrap_or(u32::MAX));
                inputs.files.append(&mut loaded.files);
                inputs.loaded.append(&mut loaded.loaded);
                inputs.problems.append(&mut loaded.problems);
            }
            Err(error) => return vec![error],
        }
    }
    let broken: Vec<String> = inputs
        .problems
        .iter()
        .filter(|problem| problem.severity == Severity::Error)
        .map(|problem| {
            format!(
                "input does not load:\n{}",
                render_problem(problem, &inputs.files)
            )
        })
        .collect();
    if !broken.is_empty() {
        return broken;
    }
    let graph = crate::graph::build(&inputs.loaded);
    let context =
        Context::new(&graph, &inputs.files, &inputs.loaded).with_input_problems(&inputs.problems);
    let mut outcome = run_in_scope(rule, &context);
    outcome.normalize();
    let mut failures = compare(&case.expect, &outcome.findings, &inputs.files, tests_file);
    if let Some(expected) = case.not_evaluable
        && expected != outcome.not_evaluable.len()
    {
        let reasons: Vec<String> = outcome
            .not_evaluable
            .iter()
            .map(|item| {
                format!(
                    "{}: {}",
                    item.address.as_deref().unwrap_or(SCAN),
                    item.reason
                )
            })
            .collect();
        failures.push(format!(
            "expected {expected} not-evaluable checks, found {}{}{}",
            outcome.not_evaluable.len(),
            if reasons.is_empty() { "" } else { ": " },
            reasons.join("; ")
        ));
    }
    failures
}

/// Matches expected findings with actual ones, one to one.
fn compare(
    expected: &[Expected],
    findings: &[Finding],
    files: &[SourceFile],
    tests_file: &SourceFile,
) -> Vec<String> {
    let line_of = |finding: &Finding| {
        finding
            .file
            .and_then(|id| files.get(id.0 as usize))
            .zip(finding.span)
            .map(|(file, span): (&SourceFile, Span)| file.position(span.start).line)
    };
    let mut unmatched: Vec<&Finding> = findings.iter().collect();
    let mut failures = Vec::new();
    for want in expected {
        let position = unmatched.iter().position(|finding| {
            finding.address.as_deref().unwrap_or(SCAN) == want.address
                && want.line.is_none_or(|line| line_of(finding) == Some(line))
                && want
                    .message
                    .as_deref()
                    .is_none_or(|part| finding.message.contains(part))
                && want
                    .conditional
                    .is_none_or(|flag| finding.conditional == flag)
        });
        match position {
            Some(index) => {
                unmatched.remove(index);
            }
            None => {
                let line = tests_file.position(want.span.start).line;
                let mut described = format!("missing finding at `{}`", want.address);
                if let Some(line) = want.line {
                    described.push_str(&format!(" line {line}"));
                }
                if let Some(message) = &want.message {
                    described.push_str(&format!(" with message containing {message:?}"));
                }
                if let Some(flag) = want.conditional {
                    described.push_str(&format!(" (conditional: {flag})"));
                }
                if let Some(level) = want.level {
                    described.push_str(&format!(" at level {}", level.name()));
                }
                failures.push(format!(
                    "{described} (expected on line {line} of the tests file)"
                ));
            }
        }
    }
    for finding in unmatched {
        failures.push(format!(
            "unexpected finding at `{}` line {}{}: {}",
            finding.address.as_deref().unwrap_or(SCAN),
            line_of(finding).map_or_else(|| "?".to_owned(), |line| line.to_string()),
            if finding.conditional {
                " (conditional)"
            } else {
                ""
            },
            finding.message
        ));
    }
    failures
}
