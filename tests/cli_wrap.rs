//! Prose wrapped to the width (issue 17, item 6), end to end: `COLUMNS` gives the width
//! here, since standard output and error are pipes; without it nothing is wrapped, and
//! `rules list` fits 100 columns.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use unicode_width::UnicodeWidthStr;

/// Runs supportscan with `args`, `COLUMNS` set to `columns` or removed; standard output
/// and standard error.
fn run(args: &[&str], columns: Option<usize>) -> (String, String) {
    let mut command = Command::cargo_bin("supportscan").unwrap();
    command.env_remove("COLUMNS");
    if let Some(columns) = columns {
        command.env("COLUMNS", columns.to_string());
    }
    let output = command.args(args).output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Whether `line` belongs to a code frame or is a location, which are never wrapped.
fn framed(line: &str) -> bool {
    let trimmed = line.trim_start();
    line.contains('│') || trimmed.starts_with("┌─") || trimmed.starts_with("-->")
}

/// The lines of `text` wider than `width` that are prose: not framed, and not one word
/// too long to break (the `= ` of a note aside).
fn too_wide(text: &str, width: usize) -> Vec<&str> {
    text.lines()
        .filter(|line| line.width() > width && !framed(line))
        .filter(|line| {
            let words = line.trim_start().trim_start_matches("= ");
            words.contains(' ')
        })
        .collect()
}

/// The words of `text`, in order: wrapping may move them to other lines, never change one.
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// The text report without its timing ("in 12 ms"), which differs between runs.
fn untimed(text: &str) -> String {
    let mut words: Vec<&str> = words(text);
    while let Some(at) = words.iter().position(|word| *word == "ms:") {
        words.drain(at - 2..=at);
    }
    words.join(" ")
}

const SCAN: [&str; 3] = ["scan", "testdata/examples", "--show-not-evaluable"];

#[test]
fn the_report_is_wrapped_to_columns_but_frames_are_not() {
    let (plain, _) = run(&SCAN, None);
    for width in [60, 80] {
        let (wrapped, _) = run(&SCAN, Some(width));
        assert!(too_wide(&plain, width).len() > 3, "{plain}");
        assert_eq!(too_wide(&wrapped, width), Vec::<&str>::new(), "{wrapped}");
        assert_eq!(untimed(&wrapped), untimed(&plain));
        // The frames are drawn as they were.
        let frames = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|line| framed(line))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(frames(&wrapped), frames(&plain));
        assert!(!frames(&plain).is_empty());
    }
}

#[test]
fn later_lines_go_on_under_the_start_of_the_message_and_the_note() {
    let (wrapped, _) = run(&SCAN, Some(60));
    let under = " ".repeat("error[APP002]: ".len());
    assert!(
        wrapped.contains(&format!(
            "error[APP002]: Role `SupportAppRole` lets everyone in its\n\
             {under}Slack channel use s3:*, which reach AWS\n"
        )),
        "{wrapped}"
    );
    let (narrow, _) = run(&SCAN, Some(40));
    assert!(
        narrow.contains("   = more: supportscan rules explain\n     APP002\n"),
        "{narrow}"
    );
    // Too narrow to align under `error[APP002]: `: a small indent.
    assert!(
        narrow.contains("error[APP002]: Role `SupportAppRole`\n  lets everyone"),
        "{narrow}"
    );
}

#[test]
fn a_pipe_without_columns_gets_one_line_a_message() {
    let (plain, _) = run(&SCAN, None);
    let message = plain
        .lines()
        .find(|line| line.starts_with("error[APP002]: "))
        .unwrap();
    assert!(
        message.ends_with("and remove the broader grants."),
        "{plain}"
    );
}

#[test]
fn a_report_file_is_never_wrapped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    let target = format!("text={}", file.display());
    let (_, _) = run(&["scan", "testdata/examples", "-o", &target], Some(40));
    let written = std::fs::read_to_string(&file).unwrap();
    let (plain, _) = run(&["scan", "testdata/examples"], None);
    assert_eq!(untimed(&written), untimed(&plain));
    assert!(too_wide(&written, 40).len() > 3, "{written}");
    assert!(
        written
            .lines()
            .any(|line| line.starts_with("error[APP002]: ") && line.ends_with("grants.")),
        "{written}"
    );
}

#[test]
fn problems_on_standard_error_are_wrapped_too() {
    let args = [
        "scan",
        "testdata/parse/underindented-support-role.yaml",
        "testdata/cloudformation/managed-policy-typo.template.yaml",
    ];
    let (_, plain) = run(&args, None);
    let (_, wrapped) = run(&args, Some(50));
    assert!(too_wide(&plain, 50).len() > 3, "{plain}");
    assert_eq!(too_wide(&wrapped, 50), Vec::<&str>::new(), "{wrapped}");
    assert_eq!(words(&wrapped), words(&plain));
    // A first word wider than the room beside the header starts the next line.
    assert!(
        wrapped.contains(
            "warning[aws-managed-policy-unknown]: \n  `arn:aws:iam::aws:policy/AWSSupportAcess` is not\n"
        ),
        "{wrapped}"
    );
}

#[test]
fn rules_list_fits_100_columns_and_the_terminal() {
    let (listed, _) = run(&["rules", "list"], None);
    assert!(listed.lines().all(|line| line.width() <= 100), "{listed}");
    let (wide, _) = run(&["rules", "list"], Some(200));
    assert!(wide.lines().any(|line| line.width() > 100), "{wide}");
    assert_eq!(words(&listed), words(&wide));
    // One row a rule once wide enough; every summary is there whole.
    let rows = wide.lines().count();
    let (json, _) = run(&["rules", "list", "--format", "json"], None);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rules = json["rules"].as_array().unwrap();
    assert_eq!(rows, rules.len() + 2, "{wide}");
    for rule in rules {
        let summary = rule["summary"].as_str().unwrap();
        let row = wide
            .lines()
            .find(|line| line.starts_with(rule["id"].as_str().unwrap()))
            .unwrap();
        assert!(row.ends_with(summary), "{row}");
    }
    // Continuation lines start in the summary column.
    let column = listed.lines().next().unwrap().find("SUMMARY").unwrap();
    for line in listed.lines().filter(|line| line.starts_with(' ')) {
        assert_eq!(line.len() - line.trim_start().len(), column, "{line}");
    }
    assert!(listed.lines().any(|line| line.starts_with(' ')), "{listed}");
}

#[test]
fn rules_explain_fills_its_prose_and_keeps_code_blocks() {
    let args = ["rules", "explain", "SUP002"];
    let (plain, _) = run(&args, None);
    let (filled, _) = run(&args, Some(60));
    assert_eq!(words(&filled), words(&plain));
    let code: Vec<&str> = plain
        .lines()
        .filter(|line| line.starts_with("    "))
        .collect();
    assert!(code.len() > 5, "{plain}");
    let wide: Vec<&str> = too_wide(&filled, 60)
        .into_iter()
        .filter(|line| !code.contains(line))
        .collect();
    assert_eq!(wide, Vec::<&str>::new(), "{filled}");
    assert!(too_wide(&plain, 60).len() > 10, "{plain}");
    // Code lines come through as they were, in order.
    let kept: Vec<&str> = filled.lines().filter(|line| code.contains(line)).collect();
    assert_eq!(kept, code);
    // A list item goes on under its text.
    assert!(
        filled
            .contains("- A condition narrows only when its values do: every value\n  of its list"),
        "{filled}"
    );
}

#[test]
fn an_error_that_stops_the_run_goes_on_under_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let target = format!("sarif={}", dir.path().join("missing/x.sarif").display());
    let args = ["scan", "testdata/examples", "-o", &target];
    let (_, plain) = run(&args, None);
    let (_, wrapped) = run(&args, Some(40));
    assert_eq!(plain.lines().count(), 1, "{plain}");
    assert_eq!(words(&wrapped), words(&plain));
    let mut lines = wrapped.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("supportscan: cannot write"),
        "{wrapped}"
    );
    for line in lines {
        assert!(line.starts_with("             ") && !line.starts_with("              "));
        assert!(
            line.width() <= 40 || !line.trim().contains(' '),
            "{wrapped}"
        );
    }
    assert!(wrapped.lines().count() > 2, "{wrapped}");
}
