//! `--format github` as a workflow step shows it: ranges on one line carry their columns,
//! ranges over several lines do not, and beyond the ten annotations of each kind that
//! GitHub shows per step the rest are plain log lines, counted by a final notice.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

/// A template with `roles` open support roles (SUP002, error) and `groups` groups holding
/// AWSSupportAccess (SUP004, warning).
fn template(roles: usize, groups: usize) -> String {
    let mut text = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    for i in 0..roles {
        text.push_str(&format!(
            "  OpenRole{i}:\n    Type: AWS::IAM::Role\n    Properties:\n      \
             AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          \
             - Effect: Allow\n            Principal: \"*\"\n            Action: sts:AssumeRole\n      \
             ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/AWSSupportAccess\n"
        ));
    }
    for i in 0..groups {
        text.push_str(&format!(
            "  OnCall{i}:\n    Type: AWS::IAM::Group\n    Properties:\n      ManagedPolicyArns:\n        \
             - !Sub arn:${{AWS::Partition}}:iam::aws:policy/AWSSupportAccess\n"
        ));
    }
    text
}

fn annotations(roles: usize, groups: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stack.yaml"), template(roles, groups)).unwrap();
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir.path())
        .args(["scan", "stack.yaml", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_most_severe_come_first_and_the_rest_are_counted() {
    // Warnings first in the template: the errors still come first.
    let out = annotations(12, 11);
    let lines: Vec<&str> = out.lines().collect();
    let errors = lines.iter().filter(|l| l.starts_with("::error ")).count();
    let warnings = lines.iter().filter(|l| l.starts_with("::warning ")).count();
    assert_eq!((errors, warnings), (10, 10), "{out}");
    assert!(
        lines[..10].iter().all(|l| l.starts_with("::error ")),
        "{out}"
    );
    // The three that GitHub would drop are plain lines of the log, with their place.
    let plain: Vec<&&str> = lines.iter().filter(|l| !l.starts_with("::")).collect();
    assert_eq!(plain.len(), 3, "{out}");
    assert!(plain[0].starts_with("stack.yaml:"), "{out}");
    assert!(
        plain[0].contains(": error SUP002: Role `OpenRole10`"),
        "{out}"
    );
    assert!(
        plain[2].contains(": warning SUP004: Group `OnCall10`"),
        "{out}"
    );
    let last = lines.last().unwrap();
    assert!(
        last.starts_with(
            "::notice title=supportscan::3 more results are not shown as annotations: GitHub \
             shows at most 10 errors, 10 warnings and 10 notices per step."
        ),
        "{last}"
    );
}

#[test]
fn within_the_limits_every_result_is_an_annotation_and_nothing_is_added() {
    let out = annotations(10, 2);
    assert_eq!(out.lines().count(), 12, "{out}");
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
    assert!(!out.contains("::notice"), "{out}");
}

#[test]
fn one_line_ranges_have_columns_and_longer_ones_do_not() {
    let out = annotations(1, 1);
    // The open trust statement spans three lines: no columns.
    let error = out.lines().find(|l| l.starts_with("::error ")).unwrap();
    assert!(error.contains(",line=9,endLine=11,title="), "{error}");
    // The group's policy ARN is on one line: its columns, the end one inclusive.
    let warning = out.lines().find(|l| l.starts_with("::warning ")).unwrap();
    assert!(
        warning.contains(",line=18,endLine=18,col=11,endColumn=69,"),
        "{warning}"
    );
}
