//! The `supportscan` command: parses the command line, runs the library, and maps the
//! outcome to an exit status (0 clean, 1 findings at or above `--fail-on`, 2 the scan could
//! not be trusted).

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;

use supportscan::cli::{
    Cli, Command, GraphArgs, GraphFormat, InputArgs, ListFormat, RulesCommand, RulesListArgs,
    ScanArgs,
};
use supportscan::diagnostic::print_problems;
use supportscan::engine::{LoadedRules, listing, load_rules};
use supportscan::output::write_report;
use supportscan::report::{self, Report, Summary};
use supportscan::scan::{Scan, read_and_link};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Graph(args) => graph(&args),
        Command::Rules(RulesCommand::List(args)) => rules_list(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("supportscan: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn scan(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let scan = read(&args.input)?;
    let summary = Summary::of(&scan, started.elapsed());
    let report = Report {
        files: &scan.inputs.files,
        problems: &scan.problems,
        summary,
    };
    let rendered = report::render(&report, args.format);
    write_report(args.output.as_deref(), &rendered).with_context(|| match &args.output {
        Some(path) => format!("cannot write {}", path.display()),
        None => "cannot write to standard output".to_owned(),
    })?;
    Ok(exit_status(&scan))
}

fn graph(args: &GraphArgs) -> anyhow::Result<ExitCode> {
    let scan = read(&args.input)?;
    let files = &scan.inputs.files;
    let rendered = match args.format {
        GraphFormat::Text => scan.graph.to_text(files),
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
        ListFormat::Text => listing::table(&loaded.set),
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&listing::listed(&loaded.set))?;
            text.push('\n');
            text
        }
    };
    write_report(None, &rendered).context("cannot write to standard output")?;
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
fn read(args: &InputArgs) -> anyhow::Result<Scan> {
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let scan = read_and_link(&args.paths);
    print_problems(&scan.problems, &scan.inputs.files);
    Ok(scan)
}

fn exit_status(scan: &Scan) -> ExitCode {
    if scan.has_errors() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
