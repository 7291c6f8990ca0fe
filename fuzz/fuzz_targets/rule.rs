//! The rule language on arbitrary text: parse, validate the header, check names and types
//! and compile the regular expressions, as `--rules` does for each file, then run a rule
//! that loads over a small template, so that evaluation is fuzzed too.
//!
//! Everything runs on a thread with a quarter of the usual stack: a recursion the nesting
//! limit does not bound (a chain of `not`, `and`, `[*]`) then overflows within the few
//! kilobytes libFuzzer's inputs have, instead of needing megabytes of them.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use supportscan::engine::ruleset::{RuleSource, load_sources};
use supportscan::engine::{Context, RuleOrigin, RunOptions, run_rules};
use supportscan::graph::{self, Graph};
use supportscan::inputs::{Inputs, load_files};
use supportscan::source::SourceFile;

/// Enough for a rule at the nesting limit in a sanitized build.
const STACK: usize = 512 * 1024;

const TEMPLATE: &str = "Resources:\n  Support:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - {Effect: Allow, Principal: {AWS: '*'}, Action: sts:AssumeRole}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]\n";

fn scanned() -> &'static (Inputs, Graph) {
    static SCANNED: OnceLock<(Inputs, Graph)> = OnceLock::new();
    SCANNED.get_or_init(|| {
        let inputs = load_files(vec![SourceFile::new("template.yaml", TEMPLATE.to_owned())]);
        let graph = graph::build(&inputs.loaded);
        (inputs, graph)
    })
}

/// One worker with a small stack, where rules are loaded and run.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .stack_size(STACK)
            .build()
            .ok()
    })
    .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let run = move || {
        let path = std::path::PathBuf::from("custom.rule");
        let loaded = load_sources(vec![RuleSource {
            path: path.clone(),
            text,
            origin: RuleOrigin::Custom(path),
        }]);
        let (inputs, graph) = scanned();
        let context = Context::new(graph, &inputs.files, &inputs.loaded);
        let _ = run_rules(
            &loaded.set,
            &context,
            RunOptions {
                account_baseline: true,
            },
        );
    };
    if let Some(pool) = pool() {
        pool.install(run);
    }
});
