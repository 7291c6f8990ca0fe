//! The whole scan from memory: detect and load one input, link the graph, run the built-in
//! rules (account-scope ones too) and render the text and SARIF reports.

#![no_main]

use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use supportscan::cli::ReportFormat;
use supportscan::engine::{Context, LoadedRules, RunOptions, load_rules, run_rules};
use supportscan::graph;
use supportscan::inputs::load_files;
use supportscan::report::{Report, render};
use supportscan::scan::Scan;
use supportscan_fuzz::input_file;

fn rules() -> &'static LoadedRules {
    static RULES: OnceLock<LoadedRules> = OnceLock::new();
    RULES.get_or_init(|| load_rules(true, &[]))
}

fuzz_target!(|data: &[u8]| {
    let inputs = load_files(vec![input_file(data, "main.tfplan.json")]);
    let graph = graph::build(&inputs.loaded);
    let problems = inputs
        .problems
        .iter()
        .chain(&graph.problems)
        .cloned()
        .collect();
    let scan = Scan {
        inputs,
        graph,
        problems,
    };
    let rules = rules();
    let context = Context::new(&scan.graph, &scan.inputs.files, &scan.inputs.loaded);
    let outcome = run_rules(
        &rules.set,
        &context,
        RunOptions {
            account_baseline: true,
        },
    );
    let report = Report {
        include_suppressed: true,
        ..Report::of(&scan, &rules.set, &outcome, Duration::ZERO)
    };
    let _ = render(&report, ReportFormat::Text);
    let _ = render(&report, ReportFormat::Sarif);
});
