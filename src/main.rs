//! The `supportscan` command: parses the command line, runs the library, and maps the
//! outcome to an exit status (0 clean, 1 findings at or above `--fail-on`, 2 the scan could
//! not be trusted).

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{CommandFactory, Parser};

use supportscan::baseline::{mark_unchanged, read_baseline};
use supportscan::cli::{
    Cli, Command, CompletionsArgs, FailOn, GraphArgs, GraphFormat, InputArgs, ListFormat,
    RulesCommand, RulesExplainArgs, RulesListArgs, RulesTestArgs, ScanArgs,
};
use supportscan::diagnostic::print_problems;
use supportscan::engine::explain::explain;
use supportscan::engine::testing::{Store, test_rules};
use supportscan::engine::{
    Context as RuleContext, LoadedRules, RunOptions, listing, load_rules, run_rules,
};
use supportscan::lang::Level;
use supportscan::output::write_report;
use supportscan::problem::{Problem, Severity};
use supportscan::progress::Progress;
use supportscan::report::{self, Report, Styling};
use supportscan::scan::{ReadOptions, Scan, read_and_link_with_options};
use supportscan::source::FileId;
use supportscan::source_root::SourceRoot;
use supportscan::suppress::{self, read_config};
use supportscan::tfsource;
use supportscan::visible;

fn main() -> ExitCode {
    let cli = Cli::parse();
    supportscan::colour::set_choice(cli.color);
    let result = match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Graph(args) => graph(&args),
        Command::Rules(RulesCommand::List(args)) => rules_list(&args),
        Command::Rules(RulesCommand::Explain(args)) => rules_explain(&args),
        Command::Rules(RulesCommand::Test(args)) => rules_test(&args),
        Command::Completions(args) => completions(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("supportscan: {}", visible::lines(&format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}

fn scan(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    // A broken custom rule file is a problem like a broken input: the other rules still
    // run and the report is written, with it among the problems (exit status 2).
    let mut loaded = load_rules(true, &args.rules);
    print_problems(&loaded.problems, &loaded.set.files);
    let selection = loaded.set.select(&args.only, &args.skip);
    if !selection.is_empty() {
        print_problems(&selection, &loaded.set.files);
        return Ok(ExitCode::from(2));
    }
    let config = match read_config(args.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            print_problems(&[error.problem], &error.files);
            return Ok(ExitCode::from(2));
        }
    };
    let baseline = match args.baseline.as_deref().map(read_baseline).transpose() {
        Ok(baseline) => baseline,
        Err(problem) => {
            print_problems(&[problem], &[]);
            return Ok(ExitCode::from(2));
        }
    };
    let root = std::env::current_dir()
        .and_then(|here| SourceRoot::find(args.source_root.as_deref(), &args.input.paths, &here))
        .with_context(|| match &args.source_root {
            Some(dir) => format!("--source-root {}", dir.display()),
            None => "cannot find the repository root".to_owned(),
        })?;
    let progress = Progress::on_stderr();
    let mut scan = read(&args.input, &progress)?;
    let context = RuleContext::new(&scan.graph, &scan.inputs.files, &scan.inputs.loaded)
        .with_input_problems(&scan.inputs.problems)
        .with_source_root(&root);
    let options = RunOptions {
        account_baseline: args.account_baseline || config.account_baseline,
    };
    progress.stage("running the rules", None);
    let mut outcome = run_rules(&loaded.set, &context, options);
    progress.finish();
    let suppression_problems = suppress::apply(
        &mut outcome.findings,
        &config,
        &scan.inputs.loaded,
        &mut scan.inputs.files,
        &suppress::today(),
    );
    print_problems(&suppression_problems, &scan.inputs.files);
    let suppressions_refused = suppression_problems
        .iter()
        .any(|problem| problem.severity == Severity::Error);
    if let Some(baseline) = &baseline {
        mark_unchanged(&mut outcome.findings, baseline);
    }
    let refused = tfsource::relocate(
        &mut outcome.findings,
        &mut scan.inputs.files,
        &scan.inputs.loaded,
        args.tf_source.as_deref(),
    );
    print_problems(&refused, &scan.inputs.files);
    // Every format shows the problems of inputs, rule files, suppressions and the `.tf`
    // lookup; the summary counts only the inputs'. A rule file's problems are positioned
    // in it, so it joins the files the report can point into, after every file the
    // lookup added.
    let rule_file_ids = scan.inputs.files.len();
    let rule_problems = loaded.problems.iter().map(|problem| Problem {
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
        .chain(suppression_problems.iter().cloned())
        .chain(refused)
        .collect();
    let rules_refused = !loaded.problems.is_empty();
    if rules_refused {
        scan.inputs.files.append(&mut loaded.set.files);
    }
    let empty = report::Summary::of(&scan, &outcome, started.elapsed())
        .empty_scan_problem(args.fail_on_empty);
    if let Some(problem) = &empty {
        print_problems(std::slice::from_ref(problem), &scan.inputs.files);
        problems.push(problem.clone());
    }
    let report = Report {
        problems: &problems,
        include_suppressed: args.include_suppressed,
        show_not_evaluable: args.show_not_evaluable,
        baseline: baseline.is_some(),
        category: args.category.as_deref(),
        root: Some(&root),
        source_links: report::SourceLinks::from_env(),
        ..Report::of(&scan, &loaded.set, &outcome, started.elapsed())
    };
    let styling = match args.output {
        None => Styling::for_stdout(),
        Some(_) => Styling::Plain,
    };
    let rendered = report::render_styled(&report, args.format, styling);
    write_report(args.output.as_deref(), &rendered).with_context(|| match &args.output {
        Some(path) => format!("cannot write {}", path.display()),
        None => "cannot write to standard output".to_owned(),
    })?;
    let failing = outcome
        .findings
        .iter()
        .any(|finding| finding.is_active() && fails(finding.level, args.fail_on));
    Ok(match exit_status(&scan) {
        status if status != ExitCode::SUCCESS => status,
        _ if suppressions_refused || rules_refused => ExitCode::from(2),
        _ if empty.is_some() && args.fail_on_empty => ExitCode::from(2),
        _ if failing => ExitCode::from(1),
        status => status,
    })
}

/// Whether a finding at `level` fails the run under `--fail-on`.
fn fails(level: Level, fail_on: FailOn) -> bool {
    let rank = |level: Level| match level {
        Level::Error => 3,
        Level::Warning => 2,
        Level::Note => 1,
    };
    let threshold = match fail_on {
        FailOn::Error => 3,
        FailOn::Warning => 2,
        FailOn::Note => 1,
        FailOn::None => return false,
    };
    rank(level) >= threshold
}

fn graph(args: &GraphArgs) -> anyhow::Result<ExitCode> {
    let progress = Progress::on_stderr();
    let scan = read(&args.input, &progress)?;
    progress.finish();
    let files = &scan.inputs.files;
    let rendered = match args.format {
        GraphFormat::Text => visible::lines(&scan.graph.to_text(files)).into_owned(),
        GraphFormat::Json => {
            let mut text = serde_json::to_string_pretty(&scan.graph.to_json(files))?;
            text.push('\n');
            text
        }
    };
    write_report(None, &rendered).context("cannot write to standard output")?;
    Ok(exit_status(&scan))
}

fn rules_list(args: &RulesListArgs) -> anyhow::Result<ExitCode> {
    let Some(loaded) = rules(&args.source.rules) else {
        return Ok(ExitCode::from(2));
    };
    let rendered = match args.format {
        ListFormat::Text => visible::lines(&listing::table(&loaded.set)).into_owned(),
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&listing::listed(&loaded.set))?;
            text.push('\n');
            text
        }
    };
    write_report(None, &rendered).context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}

fn rules_explain(args: &RulesExplainArgs) -> anyhow::Result<ExitCode> {
    let Some(loaded) = rules(&args.source.rules) else {
        return Ok(ExitCode::from(2));
    };
    let rules = loaded.set.matching(&args.id).map_err(anyhow::Error::msg)?;
    let pages: Vec<String> = rules.into_iter().map(explain).collect();
    write_report(None, &visible::lines(&pages.join("\n")))
        .context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}

fn rules_test(args: &RulesTestArgs) -> anyhow::Result<ExitCode> {
    let store = match &args.dir {
        Some(dir) => Store::Dir(dir.clone()),
        None => Store::Embedded,
    };
    let report = test_rules(&store);
    write_report(None, &visible::lines(&report.render()))
        .context("cannot write to standard output")?;
    Ok(if !report.problems.is_empty() {
        ExitCode::from(2)
    } else if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Writes the completion script for one shell, generated from the same clap definition
/// that parses the command line, so it never lags behind a new flag.
fn completions(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "supportscan", &mut script);
    let script = String::from_utf8(script).context("the completion script is not UTF-8")?;
    write_report(None, &script).context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the built-in rules and those below `dirs`; prints the problems and gives `None`
/// when any rule file is broken (the run cannot be trusted).
fn rules(dirs: &[std::path::PathBuf]) -> Option<LoadedRules> {
    let loaded = load_rules(true, dirs);
    print_problems(&loaded.problems, &loaded.set.files);
    loaded.problems.is_empty().then_some(loaded)
}

/// Reads every input on a pool of `--jobs` threads, links the graph, and shows the problems
/// found on stderr.
fn read(args: &InputArgs, progress: &Progress) -> anyhow::Result<Scan> {
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let options = ReadOptions {
        account: args.account.clone(),
    };
    let scan = read_and_link_with_options(&args.paths, &options, progress);
    progress.suspend(|| print_problems(&scan.problems, &scan.inputs.files));
    Ok(scan)
}

fn exit_status(scan: &Scan) -> ExitCode {
    if scan.has_errors() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
