//! One scan's understanding of its inputs: the inputs read and loaded, the IAM graph built
//! from them, and every problem found on the way in a stable order.

use std::path::PathBuf;

use crate::graph::{self, Graph};
use crate::inputs::{Inputs, SourceOptions, read_inputs_with_options};
use crate::problem::{Problem, Severity};
use crate::progress::Progress;

/// The inputs of a scan and the graph linked from them.
#[derive(Debug)]
pub struct Scan {
    /// The files read, what loaded, and the problems of reading and loading them.
    pub inputs: Inputs,
    /// The IAM graph of everything that loaded.
    pub graph: Graph,
    /// Problems of the inputs and of linking the graph (policy strings that are not JSON),
    /// ordered by file and position.
    pub problems: Vec<Problem>,
}

impl Scan {
    /// Whether any problem is an error (the scan cannot be trusted: exit status 2).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Reads every input under `paths` and links the graph.
pub fn read_and_link(paths: &[PathBuf]) -> Scan {
    read_and_link_with_progress(paths, &Progress::hidden())
}

/// What a scan reads besides its paths.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// The AWS account to judge (`--account`): inputs of other accounts are left out.
    pub account: Option<String>,
    /// How Terraform source is read.
    pub terraform: SourceOptions,
}

/// [`read_and_link`], showing its stages on `progress`.
pub fn read_and_link_with_progress(paths: &[PathBuf], progress: &Progress) -> Scan {
    read_and_link_with_options(paths, &ReadOptions::default(), progress)
}

/// [`read_and_link_with_progress`] with `options`.
pub fn read_and_link_with_options(
    paths: &[PathBuf],
    options: &ReadOptions,
    progress: &Progress,
) -> Scan {
    let mut inputs = read_inputs_with_options(paths, &options.terraform, progress);
    crate::accounts::select(&mut inputs, options.account.as_deref());
    progress.stage("linking the IAM graph", None);
    link(inputs)
}

/// The scan of inputs already read (from memory, say): the graph linked from them, and
/// the problems of both.
pub fn link(inputs: Inputs) -> Scan {
    let graph = graph::build(&inputs.loaded);
    let mut problems: Vec<Problem> = inputs
        .problems
        .iter()
        .chain(&graph.problems)
        .cloned()
        .collect();
    // Problems without a file (a missing path) first, then by file and position; the sort is
    // stable, so problems at one place keep the order they were found in.
    problems.sort_by_key(|p| (p.file, p.span.map(|span| span.start)));
    Scan {
        inputs,
        graph,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_strings_that_are_not_json_are_problems_of_the_scan() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("stack.yaml");
        std::fs::write(
            &file,
            "Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: '{\"Statement\": ['\n",
        )
        .unwrap();
        let scan = read_and_link(&[file]);
        let codes: Vec<_> = scan.problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, ["policy-invalid-json"]);
        assert!(!scan.has_errors(), "a warning: the rest of the scan stands");
    }
}
