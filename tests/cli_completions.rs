//! End-to-end runs of `supportscan completions SHELL`: every supported shell gets a script
//! that knows the subcommands and flags, and an unknown shell is a bad flag (exit 2).

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;

fn supportscan() -> Command {
    Command::cargo_bin("supportscan").unwrap()
}

fn completions(shell: &str) -> String {
    let output = supportscan()
        .args(["completions", shell])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).expect("the script is UTF-8")
}

#[test]
fn every_shell_gets_a_script_with_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = completions(shell);
        for word in ["supportscan", "scan", "rules", "explain", "completions"] {
            assert!(script.contains(word), "{shell}: no `{word}` in the script");
        }
        for word in ["fail-on", "account-baseline", "format"] {
            assert!(script.contains(word), "{shell}: no `{word}` in the script");
        }
    }
}

#[test]
fn shells_that_complete_values_offer_the_report_formats() {
    // clap_complete's PowerShell and Elvish scripts complete flags, not their values.
    for shell in ["bash", "zsh", "fish"] {
        let script = completions(shell);
        for word in ["sarif", "github", "warning"] {
            assert!(script.contains(word), "{shell}: no `{word}` in the script");
        }
    }
}

#[test]
fn the_output_is_stable() {
    assert_eq!(completions("zsh"), completions("zsh"));
}

#[cfg(unix)]
#[test]
fn the_bash_script_is_valid_bash() {
    let script = completions("bash");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("supportscan.bash");
    std::fs::write(&path, script).unwrap();
    // `bash -n` parses without running; then sourcing it must register the completion.
    Command::new("bash").arg("-n").arg(&path).assert().success();
    Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p supportscan",
            path.display()
        ))
        .assert()
        .success()
        .stdout(predicate::str::contains("supportscan"));
}

#[test]
fn an_unknown_shell_is_a_bad_flag() {
    supportscan()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("tcsh").and(predicate::str::contains("bash")));
}

#[test]
fn a_shell_is_required() {
    supportscan().arg("completions").assert().code(2);
}
