//! Scaling benchmarks: inputs that once took quadratic time, each at three sizes, so that a
//! return of the quadratic shows as a hundredfold step where a tenfold one is expected.
//!
//! - `sub_variables`: one `Fn::Sub` with N variables and a string using each once (loaded:
//!   parse and intrinsic evaluation).
//! - `identical_templates`: N copies of one small template (a role and the Slack channel
//!   configuration that uses it) in one scan: load, graph and the built-in rules.
//!
//! Run with `cargo bench --bench scaling`.

// A benchmark whose input cannot be made has nothing to measure: failing loudly is right.
#![allow(clippy::expect_used)]

use divan::{Bencher, black_box};
use supportscan::engine::{Context, RunOptions, load_rules, run_rules};
use supportscan::graph;
use supportscan::inputs::load_files;
use supportscan::source::SourceFile;

fn main() {
    divan::main();
}

/// A template whose role name is a `Fn::Sub` of `count` variables.
fn sub_template(count: usize) -> String {
    let string: String = (0..count).map(|i| format!("${{V{i}}}")).collect();
    let variables: Vec<String> = (0..count).map(|i| format!(r#""V{i}": "x""#)).collect();
    format!(
        r#"{{"Resources": {{"R": {{"Type": "AWS::IAM::Role", "Properties": {{"RoleName": {{"Fn::Sub": ["{string}", {{{}}}]}}, "AssumeRolePolicyDocument": {{"Statement": []}}}}}}}}}}"#,
        variables.join(",")
    )
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 5, sample_size = 1)]
fn sub_variables(bencher: Bencher, count: usize) {
    let text = sub_template(count);
    bencher
        .with_inputs(|| vec![SourceFile::new("sub.template.json", text.clone())])
        .bench_values(|files| load_files(black_box(files)));
}

/// A Support App role and the channel configuration that names it by ARN.
const CHANNEL_TEMPLATE: &str = r#"Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: SupportAppRole
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: supportapp.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAppFullAccess]
  Channel:
    Type: AWS::SupportApp::SlackChannelConfiguration
    Properties:
      TeamId: T0123456789
      ChannelId: C0123456789
      ChannelName: ops
      ChannelRoleArn: !GetAtt AppRole.Arn
      NotifyOnCaseSeverity: high
"#;

/// Linear in the copies: APP001 asks, for every role, about the same list of channels,
/// which each rule run evaluates once and groups by role (src/engine/memo.rs).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 2, sample_size = 1)]
fn identical_templates(bencher: Bencher, copies: usize) {
    let rules = load_rules(true, &[]);
    assert!(rules.problems.is_empty(), "{:?}", rules.problems);
    bencher
        .with_inputs(|| {
            (0..copies)
                .map(|i| {
                    SourceFile::new(format!("t{i}.template.yaml"), CHANNEL_TEMPLATE.to_owned())
                })
                .collect::<Vec<_>>()
        })
        .bench_values(|files| {
            let inputs = load_files(files);
            let graph = graph::build(&inputs.loaded);
            let context = Context::new(&graph, &inputs.files, &inputs.loaded);
            run_rules(&rules.set, &context, RunOptions::default())
                .findings
                .len()
        });
}
