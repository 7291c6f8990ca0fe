//! The `supportscan` command: parses the command line, runs the library, and maps the
//! outcome to an exit status (0 clean, 1 findings at or above `--fail-on`, 2 the scan could
//! not be trusted).

use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser};

use supportscan::cli::{
    Cli, Command, CompletionsArgs, GraphArgs, GraphFormat, InputArgs, ListFormat, RulesCommand,
    RulesExplainArgs, RulesListArgs, RulesTestArgs, ScanArgs,
};
use supportscan::diagnostic::print_problems;
use supportscan::engine::explain::explain;
use supportscan::engine::testing::{Store, test_rules};
use supportscan::engine::{LoadedRules, listing, load_rules};
use supportscan::inputs::SourceOptions;
use supportscan::load::terraform_source::VariableOptions;
use supportscan::output::{Target, destinations, write_report};
use supportscan::pipeline::{self, Settings, Unusable};
use supportscan::progress::Progress;
use supportscan::report::{SourceLinks, Styling};
use supportscan::scan::{ReadOptions, Scan, read_and_link_with_options};
use supportscan::{visible, wrap};

/// mimalloc instead of the system allocator: a scan allocates and frees millions of small
/// values from several threads, where glibc's per-thread arenas grow a page at a time
/// (one `mprotect` call each, thousands per scan). Its v2 design (the `v2` feature) gives
/// freed pages back within 10 ms, so that a scan's peak memory is its live heap and little
/// more.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
            print_error(&error);
            ExitCode::from(2)
        }
    }
}

/// Ends the run as clap ends it for a wrong flag (exit status 2), with the usage of
/// `scan`.
fn usage_error(message: &str) -> ! {
    let mut command = Cli::command();
    command.build();
    let command = match command.find_subcommand_mut("scan") {
        Some(scan) => scan,
        None => &mut command,
    };
    command
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .exit()
}

/// Shows an error that stops the command (or one of its writes) on standard error,
/// wrapped to [`wrap::stderr_width`] under the text after `supportscan: `.
fn print_error(error: &anyhow::Error) {
    const PREFIX: &str = "supportscan: ";
    let message = format!("{error:#}");
    let text = visible::lines(&message);
    let Some(width) = wrap::stderr_width() else {
        eprintln!("{PREFIX}{text}");
        return;
    };
    let indent = format!("\n{}", " ".repeat(PREFIX.len()));
    let lines: Vec<String> = text
        .lines()
        .map(|line| wrap::hanging(line, Some(width), PREFIX.len()).replace('\n', &indent))
        .collect();
    eprintln!("{PREFIX}{}", lines.join(&indent));
}

fn scan(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    let destinations = match destinations(&args.output, args.format) {
        Ok(destinations) => destinations,
        Err(message) => usage_error(&message),
    };
    let settings = Settings {
        paths: args.input.paths.clone(),
        read: read_options(&args.input, args.tf_source.as_deref()),
        rules: args.rules.clone(),
        only: args.only.clone(),
        skip: args.skip.clone(),
        config: args.config.clone(),
        baseline: args.baseline.clone(),
        account_baseline: args.account_baseline,
        tf_source: args.tf_source.clone(),
        source_root: args.source_root.clone(),
        fail_on_empty: args.fail_on_empty,
        include_suppressed: args.include_suppressed,
        show_not_evaluable: args.show_not_evaluable,
        category: args.category.clone(),
        source_links: SourceLinks::from_env(),
    };
    start_workers(&args.input)?;
    let progress = Progress::on_stderr();
    let outcome = match pipeline::run(&settings, &progress) {
        Ok(outcome) => outcome,
        Err(Unusable::Problems { problems, files }) => {
            print_problems(&problems, &files);
            return Ok(ExitCode::from(2));
        }
        Err(error @ Unusable::SourceRoot { .. }) => return Err(error.into()),
    };
    let mut unwritten = false;
    for destination in destinations {
        // A file has no width: only what goes to standard output is wrapped.
        let (styling, width) = match destination.target {
            Target::Stdout => (Styling::for_stdout(), wrap::stdout_width()),
            Target::File(_) => (Styling::Plain, None),
        };
        let rendered = outcome.render(destination.format, styling, width);
        if let Err(error) = write_report(destination.target.path(), &rendered) {
            let error = anyhow::Error::from(error).context(match &destination.target {
                Target::File(path) => format!("cannot write {}", path.display()),
                Target::Stdout => "cannot write to standard output".to_owned(),
            });
            print_error(&error);
            unwritten = true;
        }
    }
    let status = if unwritten || outcome.untrusted() {
        ExitCode::from(2)
    } else if outcome.failing(args.fail_on.threshold()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends here and the system takes its memory back at once: freeing the
    // scan (every document, value and graph node) piece by piece first would only cost time.
    std::mem::forget(outcome);
    Ok(status)
}

fn graph(args: &GraphArgs) -> anyhow::Result<ExitCode> {
    start_workers(&args.input)?;
    let progress = Progress::on_stderr();
    let scan = read_and_link_with_options(
        &args.input.paths,
        &read_options(&args.input, None),
        &progress,
    );
    progress.problems(&scan.problems, &scan.inputs.files);
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
        ListFormat::Text => listing::table(
            &loaded.set,
            wrap::stdout_width().unwrap_or(listing::TABLE_WIDTH),
        ),
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
    let width = wrap::stdout_width();
    let pages: Vec<String> = rules.into_iter().map(|rule| explain(rule, width)).collect();
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

/// Starts the pool of `--jobs` threads that reading runs on (by default, one per core).
fn start_workers(args: &InputArgs) -> anyhow::Result<()> {
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    Ok(())
}

/// What reading takes from the input flags besides the paths.
/// What reading needs besides the paths; `tf_source` is the configuration of the scanned
/// plans (`scan --tf-source`), which is then not read as source of its own.
fn read_options(args: &InputArgs, tf_source: Option<&std::path::Path>) -> ReadOptions {
    ReadOptions {
        account: args.account.clone(),
        terraform: SourceOptions {
            variables: VariableOptions {
                values: args.variables.clone(),
                files: args.var_files.clone(),
                environment: std::env::vars()
                    .filter_map(|(key, value)| {
                        key.strip_prefix("TF_VAR_")
                            .map(|name| (name.to_owned(), value))
                    })
                    .collect(),
            },
            tf_source: tf_source.map(std::path::Path::to_path_buf),
        },
    }
}

fn exit_status(scan: &Scan) -> ExitCode {
    if scan.has_errors() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
