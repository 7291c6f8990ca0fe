//! The text and Markdown reports of the shipped examples, as reviewed snapshots: a change in
//! what a user sees in a terminal or in a job summary shows up here as a diff.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::time::Duration;

use supportscan::cli::ReportFormat;
use supportscan::engine::{Context, RunOptions, load_rules, run_rules};
use supportscan::report::{Format, Report, SourceLinks, Styling, render_styled};
use supportscan::scan::read_and_link;

/// Scans testdata/examples with the built-in rules and renders the report in `format`
/// (the time is pinned to zero so that the bytes are stable).
fn examples(format: ReportFormat) -> String {
    examples_linked(format, None)
}

/// [`examples`], with locations linked to `links`.
fn examples_linked(format: ReportFormat, source_links: Option<SourceLinks>) -> String {
    examples_rendered(format, source_links, None)
}

/// [`examples_linked`], wrapped to `width` columns when there is one.
fn examples_rendered(
    format: Format,
    source_links: Option<SourceLinks>,
    width: Option<usize>,
) -> String {
    let loaded = load_rules(true, &[]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let scan = read_and_link(&[PathBuf::from("testdata/examples")]);
    assert!(scan.problems.is_empty(), "{:?}", scan.problems);
    let context = Context::new(&scan.graph, &scan.inputs.files, &scan.inputs.loaded);
    let outcome = run_rules(&loaded.set, &context, RunOptions::default());
    render_styled(
        &Report {
            source_links,
            ..Report::of(&scan, &loaded.set, &outcome, Duration::ZERO)
        },
        format,
        Styling::Plain,
        width,
    )
}

#[test]
fn text_report_of_the_examples() {
    insta::assert_snapshot!(examples(ReportFormat::Text));
}

/// In a terminal 60 columns wide: messages, notes and the summary wrapped, frames intact.
#[test]
fn text_report_of_the_examples_at_60_columns() {
    insta::assert_snapshot!(examples_rendered(Format::Text, None, Some(60)));
}

#[test]
fn markdown_report_of_the_examples() {
    insta::assert_snapshot!(examples(ReportFormat::Markdown));
}

/// In a GitHub Actions run the locations link to the lines of the scanned commit.
#[test]
fn markdown_report_of_the_examples_with_links() {
    let links = SourceLinks::new(
        "https://github.com",
        "acme/platform",
        "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c",
        "",
    );
    assert!(links.is_some());
    insta::assert_snapshot!(examples_linked(ReportFormat::Markdown, links));
}
