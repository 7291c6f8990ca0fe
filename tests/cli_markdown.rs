//! The Markdown report of a GitHub Actions run links each finding to its lines in the
//! scanned commit, named by the run's environment; elsewhere it has no links.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;

use assert_cmd::Command;

const STACK: &str = "Resources:
  OnCall:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
";

const VARIABLES: [&str; 4] = [
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
    "GITHUB_SHA",
    "GITHUB_WORKSPACE",
];

/// The Markdown report of `infra/stack.yaml`, scanned from `infra/` with `env` set.
fn markdown(env: &[(&str, &str)]) -> String {
    let workspace = tempfile::tempdir().unwrap();
    let infra = workspace.path().join("infra");
    fs::create_dir(&infra).unwrap();
    fs::write(infra.join("stack.yaml"), STACK).unwrap();
    let mut command = Command::cargo_bin("supportscan").unwrap();
    command.current_dir(&infra);
    for name in VARIABLES {
        command.env_remove(name);
    }
    command.env("GITHUB_WORKSPACE", workspace.path());
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command
        .args([
            "scan",
            "stack.yaml",
            "--format",
            "markdown",
            "--fail-on",
            "none",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn locations_link_to_the_commit_in_a_github_actions_run() {
    let report = markdown(&[
        ("GITHUB_SERVER_URL", "https://github.example.com"),
        ("GITHUB_REPOSITORY", "acme/platform"),
        ("GITHUB_SHA", "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"),
    ]);
    assert!(
        report.contains(
            "| [stack.yaml:5](https://github.example.com/acme/platform/blob/4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c/infra/stack.yaml#L5) |"
        ),
        "{report}"
    );
    // Code spans of the message stay code.
    assert!(
        report.contains("Group `OnCall` has AWSSupportAccess"),
        "{report}"
    );
}

#[test]
fn without_the_run_s_repository_there_are_no_links() {
    let report = markdown(&[("GITHUB_SHA", "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c")]);
    assert!(report.contains("| stack.yaml:5 |"), "{report}");
    assert!(!report.contains("](http"), "{report}");
}
