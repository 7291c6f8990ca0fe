//! `--color auto|always|never` and the environment's say (NO_COLOR, CLICOLOR_FORCE,
//! FORCE_COLOR), end to end: standard output is a pipe here, so `auto` alone is plain.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

/// The text report of the examples, run with `args` and `env`, and whether it is coloured.
fn coloured(args: &[&str], env: &[(&str, &str)]) -> bool {
    let mut command = Command::cargo_bin("supportscan").unwrap();
    for name in ["NO_COLOR", "CLICOLOR_FORCE", "FORCE_COLOR", "TERM"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let output = command
        .args(["scan", "testdata/examples"])
        .args(args)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap().contains("\u{1b}[")
}

#[test]
fn the_flag_decides_first() {
    assert!(coloured(&["--color", "always"], &[]));
    assert!(coloured(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!coloured(&["--color", "never"], &[("FORCE_COLOR", "1")]));
}

#[test]
fn auto_follows_the_environment() {
    assert!(!coloured(&[], &[]));
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(coloured(&["--color", "auto"], &[("FORCE_COLOR", "1")]));
    assert!(!coloured(&[], &[("FORCE_COLOR", "0")]));
    assert!(!coloured(&[], &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]));
}

#[test]
fn the_flag_is_taken_after_any_subcommand() {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["rules", "list", "--color", "never"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(output).unwrap().contains('\u{1b}'));
}
