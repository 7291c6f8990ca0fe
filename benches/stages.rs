//! Stage benchmarks: parse, load, graph, rules and report, each timed alone over the
//! 20,000-resource Terraform plan and the 500-resource CloudFormation template that
//! bench/generate_plan.py and bench/generate_cfn.py write.
//!
//! Inputs are generated on first use into `target/bench-inputs` (or `$BENCH_INPUTS`), so
//! `cargo bench --bench stages` works on a fresh clone with python3 on the path. Each stage
//! runs over the output of the stages before it, prepared once outside the timing.
//!
//! "parse" is what `detect` does: for a plan, the serde_json probe of the top-level keys,
//! which stops once they make it a plan (the plan loader parses the rest itself, so its
//! parse is part of "load"); for a template, the spanned YAML/JSON parse whose tree the
//! loader reuses.

// A benchmark whose input cannot be made has nothing to measure: failing loudly is right.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use divan::{Bencher, black_box};
use supportscan::detect::{Detected, detect};
use supportscan::document::Node;
use supportscan::engine::{Context, Outcome, RunOptions, run_rules};
use supportscan::graph;
use supportscan::load::{LoadedInput, cloudformation, terraform};
use supportscan::pipeline::{self, Settings};
use supportscan::progress::Progress;
use supportscan::report::{Format, Styling};
use supportscan::source::{FileId, SourceFile};

fn main() {
    divan::main();
}

/// One input carried through every stage once, so that each stage can be timed alone.
struct Prepared {
    file: SourceFile,
    /// The parsed tree of a template (`None` for a plan, which its loader parses itself).
    root: Option<Node>,
    /// The whole scan of the input, as the command runs it.
    scanned: pipeline::Outcome,
}

static PLAN: LazyLock<Prepared> = LazyLock::new(|| {
    prepare(&generated(
        "plan-20000.json",
        &["generate_plan.py", "20000"],
    ))
});

static TEMPLATE: LazyLock<Prepared> = LazyLock::new(|| {
    prepare(&generated(
        "template-500.yaml",
        &["generate_cfn.py", "template", "500"],
    ))
});

/// The path of a generated input, running its generator (`args`, then the path) if the
/// file is not there yet.
fn generated(name: &str, args: &[&str]) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("BENCH_INPUTS")
        .map_or_else(|| root.join("target/bench-inputs"), PathBuf::from);
    let path = dir.join(name);
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("cannot create the bench input directory");
        let (script, rest) = args.split_first().expect("a generator script");
        let status = Command::new("python3")
            .arg(root.join("bench").join(script))
            .args(rest)
            .arg(&path)
            .status()
            .expect("cannot run python3 to generate the bench inputs");
        assert!(status.success(), "{script} failed: {status}");
    }
    path
}

fn prepare(path: &Path) -> Prepared {
    let text = std::fs::read_to_string(path).expect("cannot read the bench input");
    let file = SourceFile::new(path, text);
    let root = match detect(&file, FileId(0)) {
        Detected::CloudFormation(parsed) => Some(parsed.root),
        Detected::TerraformPlan => None,
        _ => panic!("the bench input is neither a plan nor a template"),
    };
    let settings = Settings {
        paths: vec![path.to_path_buf()],
        ..Settings::default()
    };
    let scanned =
        pipeline::run(&settings, &Progress::hidden()).expect("the built-in rules are usable");
    assert_eq!(
        scanned.scan.inputs.loaded.len(),
        1,
        "{:?}",
        scanned.problems
    );
    Prepared {
        file,
        root,
        scanned,
    }
}

fn load(prepared: &Prepared) -> LoadedInput {
    let id = FileId(0);
    match &prepared.root {
        Some(root) => cloudformation::load_template(root, id),
        None => terraform::load_plan(&prepared.file, id),
    }
    .expect("the bench input loads")
}

fn rules(prepared: &Prepared) -> Outcome {
    let scan = &prepared.scanned.scan;
    let context = Context::new(&scan.graph, &scan.inputs.files, &scan.inputs.loaded);
    run_rules(&prepared.scanned.rules, &context, RunOptions::default())
}

fn report(prepared: &Prepared) -> String {
    prepared.scanned.render(Format::Sarif, Styling::Plain, None)
}

/// A bench group timing every stage over one prepared input: divan needs a function per
/// benchmark, and the stages are the same for every input.
macro_rules! stages {
    ($(#[$doc:meta])* $group:ident, $input:ident, $samples:literal) => {
        $(#[$doc])*
        #[divan::bench_group(sample_count = $samples, sample_size = 1)]
        mod $group {
            use super::*;

            #[divan::bench]
            fn parse(bencher: Bencher) {
                let prepared = &*$input;
                bencher.bench(|| detect(black_box(&prepared.file), FileId(0)));
            }

            #[divan::bench]
            fn load(bencher: Bencher) {
                let prepared = &*$input;
                bencher.bench(|| super::load(black_box(prepared)));
            }

            #[divan::bench]
            fn graph(bencher: Bencher) {
                let prepared = &*$input;
                bencher.bench(|| graph::build(black_box(&prepared.scanned.scan.inputs.loaded)));
            }

            #[divan::bench]
            fn rules(bencher: Bencher) {
                let prepared = &*$input;
                bencher.bench(|| super::rules(black_box(prepared)));
            }

            #[divan::bench]
            fn report(bencher: Bencher) {
                let prepared = &*$input;
                bencher.bench(|| super::report(black_box(prepared)));
            }
        }
    };
}

stages!(
    /// The 20,000-resource plan; few samples, as one pass takes tens of milliseconds.
    plan_20k,
    PLAN,
    10
);

stages!(
    /// The 500-resource template (CloudFormation's limit per stack).
    template_500,
    TEMPLATE,
    30
);
