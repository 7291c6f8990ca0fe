//! The README's promises to a new user: it says how to install supportscan, and its example
//! scan exits 1 as it says (the examples hold findings).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn the_readme_installs_and_explains_the_example_exit_status() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains("cargo install --locked --path ."),
        "no install step"
    );
    assert!(readme.contains("cargo run --release -- scan testdata/examples"));
    assert!(readme.contains("exits with status 1 on purpose"));
}

#[test]
fn the_example_scan_exits_1_with_the_findings_the_readme_names() {
    Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", "testdata/examples"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "4 findings (2 errors, 2 warnings)",
        ));
}
