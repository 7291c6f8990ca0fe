//! The `supportscan` command: parses the command line, runs the library, and maps the
//! outcome to an exit status (0 clean, 1 findings at or above `--fail-on`, 2 the scan could
//! not be trusted).

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;

use supportscan::cli::{Cli, Command, GraphArgs, GraphFormat, InputArgs, ScanArgs};
use supportscan::diagnostic::print_problems;
use supportscan::inputs::{Inputs, read_inputs};
use supportscan::output::write_report;
use supportscan::report::{self, Report, Summary};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan(&args),
        Command::Graph(args) => graph(&args),
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
    let inputs = read(&args.input)?;
    let summary = Summary::of(&inputs, started.elapsed());
    let report = Report {
        files: &inputs.files,
        problems: &inputs.problems,
        summary,
    };
    let rendered = report::render(&report, args.format);
    write_report(args.output.as_deref(), &rendered).with_context(|| match &args.output {
        Some(path) => format!("cannot write {}", path.display()),
        None => "cannot write to standard output".to_owned(),
    })?;
    Ok(exit_status(&inputs))
}

fn graph(args: &GraphArgs) -> anyhow::Result<ExitCode> {
    let inputs = read(&args.input)?;
    let graph = supportscan::graph::build(&inputs.loaded);
    let rendered = match args.format {
        GraphFormat::Text => graph.to_text(&inputs.files),
        GraphFormat::Json => {
            let mut text = serde_json::to_string_pretty(&graph.to_json(&inputs.files))?;
            text.push('\n');
            text
        }
    };
    write_report(None, &rendered).context("cannot write to standard output")?;
    Ok(exit_status(&inputs))
}

/// Reads every input on a pool of `--jobs` threads and shows input problems on stderr.
fn read(args: &InputArgs) -> anyhow::Result<Inputs> {
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let inputs = read_inputs(&args.paths);
    print_problems(&inputs.problems, &inputs.files);
    Ok(inputs)
}

fn exit_status(inputs: &Inputs) -> ExitCode {
    if inputs.has_errors() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
