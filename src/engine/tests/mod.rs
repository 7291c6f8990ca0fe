//! Engine tests: rules written in the language, run over small inputs, judged on their
//! findings, positions, messages and not-evaluable results.

mod depth;
mod determinism;
mod semantics;

use std::path::PathBuf;

use super::context::Context;
use super::ruleset::{RuleOrigin, RuleSource, load_sources};
use super::run::{Outcome, RunOptions, run_rules};
use crate::inputs::load_files;
use crate::source::SourceFile;

/// A rule file around `body`, with valid metadata.
pub(super) fn rule_text(id: &str, scope: &str, body: &str) -> String {
    format!(
        "rule {id} test-rule {{\n  level: error\n  security-severity: 5.0\n  scope: {scope}\n  summary: \"s\"\n  description: \"d\"\n  help: \"h\"\n}}\n{body}\n"
    )
}

/// What running rules over inputs gave, with the input files to read positions from.
pub(super) struct Ran {
    pub outcome: Outcome,
    pub files: Vec<SourceFile>,
}

impl Ran {
    /// Each finding as `address line: message`.
    pub fn findings(&self) -> Vec<String> {
        self.outcome
            .findings
            .iter()
            .map(|finding| {
                let line = finding
                    .file
                    .and_then(|id| self.files.get(id.0 as usize))
                    .zip(finding.span)
                    .map_or(0, |(file, span)| file.position(span.start).line);
                format!(
                    "{} {line}: {}",
                    finding.address.as_deref().unwrap_or("-"),
                    finding.message
                )
            })
            .collect()
    }
}

/// Runs the rules `rules` (bodies, resource scope, IDs T1, T2, ...) over the inputs.
pub(super) fn run(rules: &[&str], inputs: &[&str], options: RunOptions) -> Ran {
    let sources = rules
        .iter()
        .enumerate()
        .map(|(index, body)| RuleSource {
            path: PathBuf::from(format!("t{index}.rule")),
            text: rule_text(&format!("T{}", index + 1), "resource", body),
            origin: RuleOrigin::Custom(PathBuf::from(format!("t{index}.rule"))),
        })
        .collect();
    let loaded = load_sources(sources);
    assert!(
        loaded.problems.is_empty(),
        "rule problems: {:?}",
        loaded.problems
    );
    let files = inputs
        .iter()
        .enumerate()
        .map(|(index, text)| SourceFile::new(format!("input{index}.yaml"), (*text).to_owned()))
        .collect();
    let read = load_files(files);
    assert!(
        read.problems.is_empty(),
        "input problems: {:?}",
        read.problems
    );
    let graph = crate::graph::build(&read.loaded);
    let context = Context::new(&graph, &read.files, &read.loaded);
    let outcome = run_rules(&loaded.set, &context, options);
    Ran {
        outcome,
        files: read.files,
    }
}
