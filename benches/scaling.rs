//! Scaling benchmarks: inputs that once took quadratic time, each at three sizes, so that a
//! return of the quadratic shows as a hundredfold step where a tenfold one is expected.
//!
//! - `sub_variables`: one `Fn::Sub` with N variables and a string using each once (loaded:
//!   parse and intrinsic evaluation).
//! - `identical_templates`: N copies of one small template (a role and the Slack channel
//!   configuration that uses it) in one scan: load, graph and the built-in rules.
//! - `identical_names`: the same, but the channel and a managed policy name the role by
//!   its name, which every copy declares (the graph's name resolution across inputs).
//!
//! - `terraform_source_resources`: a `.tf` root module of N roles, each with an attachment
//!   that names it by reference and a policy built by `jsonencode`: read, evaluate, load.
//! - `terraform_source_for_each`: one role attached with `for_each` over a map local of N
//!   entries (instances, `each.value`, the map's lexical order).
//!
//! - `snapshot_roles`: an account snapshot of N roles, each with a trust policy and an
//!   attachment, indented as the AWS CLI prints it (`true`: cut into entities by
//!   indentation) and on one line as the IAM API returns it (`false`: cut by bytes).
//!
//! - `line_positions`: the line and column of one offset in every hundred bytes of a text
//!   of N lines (`true`: short lines, as a pretty-printed plan has) or of one line N times
//!   as long (`false`: a plan as `terraform show -json` writes it), from the sparse index
//!   of lines.
//!
//! - `plan_unknown_attributes`: a plan of one role with N planned attributes and N more
//!   unknown until apply, which the loader adds to the planned ones.
//!
//! Run with `cargo bench --bench scaling`.

// A benchmark whose input cannot be made has nothing to measure: failing loudly is right.
#![allow(clippy::expect_used)]

use divan::{Bencher, black_box};
use supportscan::engine::{Context, RunOptions, load_rules, run_rules};
use supportscan::graph;
use supportscan::inputs::load_files;
use supportscan::load::terraform_source::{VariableOptions, load_root};
use supportscan::source::SourceFile;
use supportscan::untrusted::Root;

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

/// The same role, named by its name from a managed policy's `Roles` and from the
/// channel's `ChannelRoleArn` built with `!Sub`: resolved across inputs by name.
const BY_NAME_TEMPLATE: &str = r#"Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: SupportAppRole
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: supportapp.amazonaws.com}
            Action: sts:AssumeRole
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [SupportAppRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: support:DescribeCases
            Resource: "*"
  Channel:
    Type: AWS::SupportApp::SlackChannelConfiguration
    Properties:
      TeamId: T0123456789
      ChannelId: C0123456789
      ChannelName: ops
      ChannelRoleArn: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/SupportAppRole
      NotifyOnCaseSeverity: high
"#;

/// Linear in the copies: APP001 asks, for every role, about the same list of channels,
/// which each rule run evaluates once and groups by role (src/engine/memo.rs).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 2, sample_size = 1)]
fn identical_templates(bencher: Bencher, copies: usize) {
    scan_copies(bencher, CHANNEL_TEMPLATE, copies);
}

/// Linear in the copies: every copy names `SupportAppRole`, declared by all of them, and
/// the graph finds the naming input's role without reading the other declarations
/// (src/graph/build.rs, `Builder::named`).
#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 2, sample_size = 1)]
fn identical_names(bencher: Bencher, copies: usize) {
    scan_copies(bencher, BY_NAME_TEMPLATE, copies);
}

/// Times load, graph and the built-in rules over `copies` copies of `template`.
fn scan_copies(bencher: Bencher, template: &'static str, copies: usize) {
    let rules = load_rules(true, &[]);
    assert!(rules.problems.is_empty(), "{:?}", rules.problems);
    bencher
        .with_inputs(|| {
            (0..copies)
                .map(|i| SourceFile::new(format!("t{i}.template.yaml"), template.to_owned()))
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

/// A scratch root module whose files hold `texts` (`main0.tf`, `main1.tf`, ...).
fn scratch_module(texts: &[String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a scratch directory");
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("main{i}.tf")), text).expect("a .tf file written");
    }
    dir
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 2, sample_size = 1)]
fn terraform_source_resources(bencher: Bencher, count: usize) {
    // Files of 1,000 pairs, as a large root splits its code (one file stays far below the
    // 8 MiB a `.tf` file may have).
    let pair = |i: usize| {
        format!(
            "resource \"aws_iam_role\" \"r{i}\" {{\n  name = \"role-{i}\"\n  assume_role_policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [{{ Effect = \"Allow\", Principal = {{ AWS = \"arn:aws:iam::111122223333:root\" }}, Action = \"sts:AssumeRole\" }}]\n  }})\n}}\nresource \"aws_iam_role_policy_attachment\" \"a{i}\" {{\n  role       = aws_iam_role.r{i}.name\n  policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}}\n"
        )
    };
    let texts: Vec<String> = (0..count.div_ceil(1_000))
        .map(|file| {
            (file * 1_000..count.min((file + 1) * 1_000))
                .map(pair)
                .collect()
        })
        .collect();
    let dir = scratch_module(&texts);
    let root = Root::at(dir.path()).expect("the scratch root");
    bencher.bench(|| {
        load_root(black_box(dir.path()), &root, &VariableOptions::default())
            .loaded
            .len()
    });
}

#[divan::bench(args = [100, 1_000, 10_000], sample_count = 2, sample_size = 1)]
fn terraform_source_for_each(bencher: Bencher, count: usize) {
    let entries: String = (0..count)
        .map(|i| format!("    p{i:05} = \"arn:aws:iam::aws:policy/P{i}\"\n"))
        .collect();
    let text = format!(
        "locals {{\n  policies = {{\n{entries}  }}\n}}\nresource \"aws_iam_role\" \"r\" {{ name = \"r\" }}\nresource \"aws_iam_role_policy_attachment\" \"a\" {{\n  for_each   = local.policies\n  role       = aws_iam_role.r.name\n  policy_arn = each.value\n}}\n"
    );
    let dir = scratch_module(&[text]);
    let root = Root::at(dir.path()).expect("the scratch root");
    bencher.bench(|| {
        load_root(black_box(dir.path()), &root, &VariableOptions::default())
            .loaded
            .len()
    });
}

/// `get-account-authorization-details` with `count` roles, indented by four spaces as the
/// AWS CLI prints it, or on one line.
fn snapshot(count: usize, indented: bool) -> String {
    let role = |i: usize| {
        format!(
            r#"{{
            "Path": "/",
            "RoleName": "role-{i}",
            "Arn": "arn:aws:iam::111122223333:role/role-{i}",
            "AssumeRolePolicyDocument": {{
                "Version": "2012-10-17",
                "Statement": [
                    {{
                        "Effect": "Allow",
                        "Principal": {{"AWS": "arn:aws:iam::111122223333:root"}},
                        "Action": "sts:AssumeRole"
                    }}
                ]
            }},
            "AttachedManagedPolicies": [
                {{
                    "PolicyName": "ReadOnlyAccess",
                    "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"
                }}
            ]
        }}"#
        )
    };
    let roles: Vec<String> = (0..count).map(role).collect();
    let text = format!(
        "{{\n    \"RoleDetailList\": [\n        {}\n    ],\n    \"IsTruncated\": false\n}}\n",
        roles.join(",\n        ")
    );
    match indented {
        true => text,
        false => text.split('\n').map(str::trim_start).collect(),
    }
}

/// `INDENTED`: the snapshot as the CLI prints it (cut by indentation); otherwise on one
/// line (cut by bytes).
#[divan::bench(consts = [true, false], args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn snapshot_roles<const INDENTED: bool>(bencher: Bencher, count: usize) {
    let text = snapshot(count, INDENTED);
    bencher
        .with_inputs(|| vec![SourceFile::new("iam.json", text.clone())])
        .bench_values(|files| {
            let inputs = load_files(black_box(files));
            assert!(inputs.problems.is_empty(), "{:?}", inputs.problems);
            inputs.loaded[0].resources.len()
        });
}

/// `MANY_LINES`: N lines of 36 bytes; otherwise one line of N × 36 bytes. Positions are
/// asked for every hundredth byte, in a fresh file, so that the index is built each time.
#[divan::bench(consts = [true, false], args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn line_positions<const MANY_LINES: bool>(bencher: Bencher, count: usize) {
    let line = if MANY_LINES {
        "    \"name\": \"role-000000\",      \n"
    } else {
        "    \"name\": \"role-000000\",       "
    };
    let text = line.repeat(count);
    bencher
        .with_inputs(|| SourceFile::new("plan.json", text.clone()))
        .bench_values(|file| {
            (0..file.text.len())
                .step_by(100)
                .map(|offset| black_box(file.position(offset as u32)).line as usize)
                .sum::<usize>()
        });
}

/// A plan of one role with `count` planned attributes and `count` unknown until apply.
fn wide_plan(count: usize) -> String {
    let known: Vec<String> = (0..count).map(|i| format!(r#""known_{i}": "v""#)).collect();
    let unknown: Vec<String> = (0..count)
        .map(|i| format!(r#""unknown_{i}": true"#))
        .collect();
    let after = format!(r#"{{"name": "wide", {}}}"#, known.join(", "));
    format!(
        r#"{{"format_version": "1.2", "terraform_version": "1.11.0",
  "planned_values": {{"root_module": {{"resources": [{{"address": "aws_iam_role.wide",
    "mode": "managed", "type": "aws_iam_role", "name": "wide", "values": {after}}}]}}}},
  "resource_changes": [{{"address": "aws_iam_role.wide", "mode": "managed",
    "type": "aws_iam_role", "name": "wide", "change": {{"actions": ["create"],
    "before": null, "after": {after}, "after_unknown": {{{}}}}}}}]}}"#,
        unknown.join(", ")
    )
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn plan_unknown_attributes(bencher: Bencher, count: usize) {
    let text = wide_plan(count);
    bencher
        .with_inputs(|| vec![SourceFile::new("wide.tfplan.json", text.clone())])
        .bench_values(|files| {
            let inputs = load_files(black_box(files));
            assert!(inputs.problems.is_empty(), "{:?}", inputs.problems);
            inputs.loaded[0].resources[0]
                .properties
                .as_map()
                .map_or(0, <[_]>::len)
        });
}
