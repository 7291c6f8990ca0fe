//! The whole scan as the command runs it, in one place: settings in, an [`Outcome`] out,
//! reports rendered from it.
//!
//! [`run`] loads and selects the rules, reads the configuration and the baseline, finds
//! the source root ([`prepare`]), reads and links the inputs ([`Prepared::read`]), then
//! runs the rules, applies the suppressions, marks what the baseline already has, points
//! plan findings at their `.tf` blocks and gathers every problem ([`Prepared::check`]).
//! The command line only maps its flags to [`Settings`] and the outcome to files and an
//! exit status; tests, benches and fuzz targets call the same functions.
//!
//! Problems are shown on `progress` as they are found ([`Progress::problems`]: on
//! standard error for the command, nowhere for a hidden progress) and kept in the outcome,
//! which every report shows.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::baseline::{mark_unchanged, read_baseline};
use crate::engine::{self, Context, RuleSet, RunOptions, load_rules, run_rules};
use crate::lang::Level;
use crate::problem::{Problem, Severity};
use crate::progress::Progress;
use crate::report::{self, Format, Report, SourceLinks, Styling, Summary};
use crate::scan::{ReadOptions, Scan, read_and_link_with_options};
use crate::source::{FileId, SourceFile};
use crate::source_root::SourceRoot;
use crate::suppress::{self, Config, read_config};
use crate::tfsource;

/// What one scan reads, runs and reports: the command line's `scan` flags, as the library
/// takes them.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Files or directories to read; `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// What reading needs besides the paths (`--account`).
    pub read: ReadOptions,
    /// Directories of custom rules (`--rules`), added to the built-in pack.
    pub rules: Vec<PathBuf>,
    /// Run only these rules (IDs, names or globs); all when empty.
    pub only: Vec<String>,
    /// Skip these rules (IDs, names or globs).
    pub skip: Vec<String>,
    /// The configuration file (`--config`); without it, `.supportscan.toml` found upward
    /// from the current directory.
    pub config: Option<PathBuf>,
    /// An earlier SARIF report whose findings do not fail the gate (`--baseline`).
    pub baseline: Option<PathBuf>,
    /// Run the account-scope rules (`--account-baseline`, or the configuration's
    /// `account-baseline`).
    pub account_baseline: bool,
    /// Where the `.tf` files of plans are (`--tf-source`); without it, each plan's own
    /// directory.
    pub tf_source: Option<PathBuf>,
    /// The repository root that reports name files from (`--source-root`); without it,
    /// the git top level of the inputs.
    pub source_root: Option<PathBuf>,
    /// A scan that checked nothing is an error, not a warning (`--fail-on-empty`).
    pub fail_on_empty: bool,
    /// SARIF keeps suppressed findings, marked as suppressed (`--include-suppressed`).
    pub include_suppressed: bool,
    /// The text report lists the checks that could not be decided
    /// (`--show-not-evaluable`).
    pub show_not_evaluable: bool,
    /// The code scanning category SARIF names (`--category`).
    pub category: Option<String>,
    /// Where the Markdown report links each finding's lines.
    pub source_links: Option<SourceLinks>,
}

/// Why a scan could not start: a setting that cannot be used. The run cannot be trusted
/// (exit status 2) and writes no report.
#[derive(Debug)]
pub enum Unusable {
    /// The rule selection, the configuration file or the baseline: problems positioned
    /// in `files` (not yet shown on the progress).
    Problems {
        /// What is wrong.
        problems: Vec<Problem>,
        /// The files they point into.
        files: Vec<SourceFile>,
    },
    /// The source root cannot be found or is not a directory.
    SourceRoot {
        /// The `--source-root` given, if any.
        given: Option<PathBuf>,
        /// Why.
        error: std::io::Error,
    },
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::Problems { problems, .. } => {
                let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
                write!(f, "{}", messages.join("; "))
            }
            Unusable::SourceRoot {
                given: Some(dir),
                error,
            } => write!(f, "--source-root {}: {error}", dir.display()),
            Unusable::SourceRoot { given: None, error } => {
                write!(f, "cannot find the repository root: {error}")
            }
        }
    }
}

impl std::error::Error for Unusable {}

/// Everything a scan needs before it reads its inputs, checked: the rules, the
/// configuration, the baseline and the source root. One can check many scans.
#[derive(Debug)]
pub struct Prepared {
    settings: Settings,
    started: Instant,
    rules: Arc<RuleSet>,
    /// Problems of rule files (positioned in `rules.files`): the rules that loaded still
    /// run, but the run cannot be trusted.
    rule_problems: Vec<Problem>,
    config: Config,
    baseline: Option<BTreeSet<String>>,
    root: SourceRoot,
}

/// Loads and selects the rules (their files' problems are shown on `progress`), reads
/// the configuration and the baseline, and finds the source root.
pub fn prepare(settings: &Settings, progress: &Progress) -> Result<Prepared, Unusable> {
    let started = Instant::now();
    // A broken custom rule file is a problem like a broken input: the other rules still
    // run and the report is written, with it among the problems (exit status 2).
    let mut loaded = load_rules(true, &settings.rules);
    progress.problems(&loaded.problems, &loaded.set.files);
    let selection = loaded.set.select(&settings.only, &settings.skip);
    if !selection.is_empty() {
        return Err(Unusable::Problems {
            problems: selection,
            files: loaded.set.files,
        });
    }
    let config = read_config(settings.config.as_deref()).map_err(|error| {
        let error = *error;
        Unusable::Problems {
            problems: vec![error.problem],
            files: error.files,
        }
    })?;
    let baseline = settings
        .baseline
        .as_deref()
        .map(read_baseline)
        .transpose()
        .map_err(|problem| Unusable::Problems {
            problems: vec![problem],
            files: Vec::new(),
        })?;
    let root = std::env::current_dir()
        .and_then(|here| SourceRoot::find(settings.source_root.as_deref(), &settings.paths, &here))
        .map_err(|error| Unusable::SourceRoot {
            given: settings.source_root.clone(),
            error,
        })?;
    Ok(Prepared {
        settings: settings.clone(),
        started,
        rules: Arc::new(loaded.set),
        rule_problems: loaded.problems,
        config,
        baseline,
        root,
    })
}

/// The whole scan: [`prepare`], [`Prepared::read`] and [`Prepared::check`].
pub fn run(settings: &Settings, progress: &Progress) -> Result<Outcome, Unusable> {
    let prepared = prepare(settings, progress)?;
    let scan = prepared.read(progress);
    Ok(prepared.check(scan, progress))
}

impl Prepared {
    /// Reads every input of the settings and links the graph; the problems found are
    /// shown on `progress`.
    pub fn read(&self, progress: &Progress) -> Scan {
        let scan = read_and_link_with_options(&self.settings.paths, &self.settings.read, progress);
        progress.problems(&scan.problems, &scan.inputs.files);
        scan
    }

    /// Runs the rules over `scan` and settles its findings: suppressions, baseline marks,
    /// `.tf` places; every problem on the way is shown on `progress` and kept.
    pub fn check(&self, mut scan: Scan, progress: &Progress) -> Outcome {
        let settings = &self.settings;
        let context = Context::new(&scan.graph, &scan.inputs.files, &scan.inputs.loaded)
            .with_input_problems(&scan.inputs.problems)
            .with_source_root(&self.root);
        let options = RunOptions {
            account_baseline: settings.account_baseline || self.config.account_baseline,
        };
        progress.stage("running the rules", None);
        let mut results = run_rules(&self.rules, &context, options);
        progress.finish();
        let suppression_problems = suppress::apply(
            &mut results.findings,
            &self.config,
            &scan.inputs.loaded,
            &mut scan.inputs.files,
            &suppress::today(),
        );
        progress.problems(&suppression_problems, &scan.inputs.files);
        let suppressions_refused = suppression_problems
            .iter()
            .any(|problem| problem.severity == Severity::Error);
        if let Some(baseline) = &self.baseline {
            mark_unchanged(&mut results.findings, baseline);
        }
        let refused = tfsource::relocate(
            &mut results.findings,
            &mut scan.inputs.files,
            &scan.inputs.loaded,
            settings.tf_source.as_deref(),
        );
        progress.problems(&refused, &scan.inputs.files);
        // Every format shows the problems of inputs, rule files, suppressions and the `.tf`
        // lookup; the summary counts only the inputs'. A rule file's problems are positioned
        // in it, so it joins the files the report can point into, after every file the
        // lookup added.
        let rule_file_ids = scan.inputs.files.len();
        let rule_problems = self.rule_problems.iter().map(|problem| Problem {
            file: problem.file.and_then(|id| {
                u32::try_from(rule_file_ids)
                    .ok()
                    .map(|first| FileId(first + id.0))
            }),
            ..problem.clone()
        });
        let mut problems: Vec<Problem> = scan
            .problems
            .iter()
            .cloned()
            .chain(rule_problems)
            .chain(suppression_problems)
            .chain(refused)
            .collect();
        let rules_refused = !self.rule_problems.is_empty();
        if rules_refused {
            scan.inputs.files.extend(self.rules.files.iter().cloned());
        }
        let empty = Summary::of(&scan, &results, self.started.elapsed())
            .empty_scan_problem(settings.fail_on_empty);
        if let Some(problem) = &empty {
            progress.problems(std::slice::from_ref(problem), &scan.inputs.files);
            problems.push(problem.clone());
        }
        Outcome {
            elapsed: self.started.elapsed(),
            scan,
            rules: Arc::clone(&self.rules),
            results,
            problems,
            root: self.root.clone(),
            baseline: self.baseline.is_some(),
            include_suppressed: settings.include_suppressed,
            show_not_evaluable: settings.show_not_evaluable,
            category: settings.category.clone(),
            source_links: settings.source_links.clone(),
            refused: suppressions_refused || rules_refused,
            empty_fails: empty.is_some() && settings.fail_on_empty,
        }
    }
}

/// What a scan found, ready to be rendered in any format and judged for the exit status.
#[derive(Debug)]
pub struct Outcome {
    /// The inputs read, their graph and their problems; the files include those the
    /// scan pointed into on the way (the configuration, `.tf` files, broken rule files).
    pub scan: Scan,
    /// The rules that ran.
    pub rules: Arc<RuleSet>,
    /// The findings (suppressed and baseline marks applied, plan findings at their `.tf`
    /// blocks) and the checks that could not be decided.
    pub results: engine::Outcome,
    /// Every problem, in report order: inputs, rule files, suppressions, the `.tf`
    /// lookup, an empty scan.
    pub problems: Vec<Problem>,
    /// The repository root reports name files from.
    pub root: SourceRoot,
    /// How long the scan took, from [`prepare`] to the end of [`Prepared::check`].
    pub elapsed: Duration,
    baseline: bool,
    include_suppressed: bool,
    show_not_evaluable: bool,
    category: Option<String>,
    source_links: Option<SourceLinks>,
    /// A rule file or a suppression was refused.
    refused: bool,
    /// The scan checked nothing and the settings make that an error.
    empty_fails: bool,
}

impl Outcome {
    /// The report of the scan, as every format renders it.
    pub fn report(&self) -> Report<'_> {
        Report {
            problems: &self.problems,
            include_suppressed: self.include_suppressed,
            show_not_evaluable: self.show_not_evaluable,
            baseline: self.baseline,
            category: self.category.as_deref(),
            root: Some(&self.root),
            source_links: self.source_links.clone(),
            ..Report::of(&self.scan, &self.rules, &self.results, self.elapsed)
        }
    }

    /// The report in `format`, in colour when `styling` allows it, wrapped to `width`
    /// columns when there is one (the text format).
    pub fn render(&self, format: Format, styling: Styling, width: Option<usize>) -> String {
        report::render_styled(&self.report(), format, styling, width)
    }

    /// Whether the scan cannot be trusted (exit status 2): an input could not be read, a
    /// rule file or a suppression was refused, or it checked nothing under
    /// [`Settings::fail_on_empty`].
    pub fn untrusted(&self) -> bool {
        self.scan.has_errors() || self.refused || self.empty_fails
    }

    /// Whether an active finding (not suppressed, not in the baseline) is at `threshold`
    /// or above; never with no threshold.
    pub fn failing(&self, threshold: Option<Level>) -> bool {
        threshold.is_some_and(|threshold| {
            self.results
                .findings
                .iter()
                .any(|finding| finding.is_active() && finding.level.at_least(threshold))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> Settings {
        Settings {
            paths: vec![PathBuf::from("testdata/examples")],
            ..Settings::default()
        }
    }

    #[test]
    fn the_examples_fail_at_error_and_are_trusted() {
        let outcome = run(&examples(), &Progress::hidden()).unwrap();
        assert!(!outcome.untrusted());
        assert!(outcome.failing(Some(Level::Error)));
        assert!(!outcome.failing(None));
        assert_eq!(outcome.results.findings.len(), 4);
        let text = outcome.render(Format::Text, Styling::Plain, None);
        assert!(text.contains("4 findings (2 errors, 2 warnings)"), "{text}");
    }

    #[test]
    fn a_selection_that_names_no_rule_is_unusable() {
        let settings = Settings {
            only: vec!["NOPE999".to_owned()],
            ..examples()
        };
        let error = run(&settings, &Progress::hidden()).unwrap_err();
        assert!(
            matches!(&error, Unusable::Problems { problems, .. } if problems.len() == 1),
            "{error:?}"
        );
        assert!(error.to_string().contains("NOPE999"), "{error}");
    }

    #[test]
    fn a_missing_input_makes_the_scan_untrusted() {
        let settings = Settings {
            paths: vec![PathBuf::from("testdata/no-such-dir")],
            ..Settings::default()
        };
        let outcome = run(&settings, &Progress::hidden()).unwrap();
        assert!(outcome.untrusted());
        let empty = outcome
            .problems
            .iter()
            .find(|problem| problem.code == report::EMPTY_SCAN)
            .unwrap();
        assert_eq!(empty.severity, Severity::Warning);
    }

    #[test]
    fn an_empty_scan_is_untrusted_only_when_it_must_not_be_empty() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings {
            paths: vec![dir.path().to_path_buf()],
            ..Settings::default()
        };
        assert!(!run(&settings, &Progress::hidden()).unwrap().untrusted());
        let settings = Settings {
            fail_on_empty: true,
            ..settings
        };
        assert!(run(&settings, &Progress::hidden()).unwrap().untrusted());
    }

    /// The fuzz target keeps one in a static.
    #[test]
    fn prepared_scans_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Prepared>();
    }

    #[test]
    fn one_prepared_scan_checks_many() {
        let prepared = prepare(&examples(), &Progress::hidden()).unwrap();
        let first = prepared.check(prepared.read(&Progress::hidden()), &Progress::hidden());
        let second = prepared.check(prepared.read(&Progress::hidden()), &Progress::hidden());
        assert_eq!(first.results.findings, second.results.findings);
    }
}
