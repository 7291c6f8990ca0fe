//! Header syntax and metadata validation.

use super::{parse, parse_error};
use crate::lang::metadata::{Level, Metadata, Scope};
use crate::problem::Problem;
use crate::source::FileId;

const VALID: &str = r#"rule SUP9 valid-rule {
  level: warning
  security-severity: 9
  scope: account
  summary: "One line"
  description: "Long text"
  help: """
    ## What it flags
  """
  tags: ["iam",]
  cis: ["1.17 (v1.4.0 to v4.0.1)"]
  security-hub: []
  help-uri: "https://docs.aws.amazon.com/awssupport/latest/user/support-app-permissions.html"
}
"#;

fn problems(text: &str) -> Vec<(String, String)> {
    let file = parse(text);
    match Metadata::from_header(&file.header, FileId(0)) {
        Ok(metadata) => panic!("expected problems, got {metadata:?}"),
        Err(problems) => problems
            .iter()
            .map(|problem: &Problem| {
                assert_eq!(problem.code, "rule-metadata");
                (
                    problem.message.clone(),
                    text[problem.span.expect("span").range()].to_owned(),
                )
            })
            .collect(),
    }
}

/// VALID with one line replaced.
fn with(line: &str, replacement: &str) -> String {
    assert!(VALID.contains(line), "{line}");
    VALID.replacen(line, replacement, 1)
}

#[test]
fn a_complete_header_validates_into_typed_fields() {
    let file = parse(VALID);
    let metadata = Metadata::from_header(&file.header, FileId(0)).unwrap();
    assert_eq!(metadata.level.value, Level::Warning);
    assert_eq!(&VALID[metadata.level.span.range()], "warning");
    assert_eq!(metadata.security_severity.value, 9.0);
    assert_eq!(metadata.scope.value, Scope::Account);
    assert_eq!(metadata.summary.value, "One line");
    assert_eq!(metadata.help.value, "## What it flags");
    assert_eq!(metadata.tags_with_security(), ["iam", "security"]);
    assert_eq!(metadata.cis[0].value, "1.17 (v1.4.0 to v4.0.1)");
    assert!(metadata.security_hub.is_empty());
    assert_eq!(
        metadata.help_uri.map(|uri| uri.value).as_deref(),
        Some("https://docs.aws.amazon.com/awssupport/latest/user/support-app-permissions.html")
    );
}

#[test]
fn the_spec_example_header_validates() {
    let text = include_str!("../../../testdata/rules/SUP002-support-role-open-trust.rule");
    let metadata = Metadata::from_header(&parse(text).header, FileId(0)).unwrap();
    assert_eq!(metadata.level.value, Level::Error);
    assert_eq!(metadata.security_severity.value, 8.1);
    assert_eq!(
        metadata.tags_with_security(),
        ["security", "iam", "cis-aws-foundations"]
    );
    assert_eq!(metadata.security_hub[0].value, "IAM.18");
    assert!(metadata.description.value.starts_with(
        "A role with the AWSSupportAccess policy lets whoever assumes it open, read and\nchange"
    ));
}

#[test]
fn unknown_duplicate_and_missing_keys_are_each_reported() {
    let text = with("  scope: account\n", "  severity: 3\n  level: note\n");
    let found = problems(&text);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0]
            .0
            .starts_with("unknown metadata key `severity`: the keys are `level`"),
        "{found:?}"
    );
    assert_eq!(found[0].1, "severity");
    assert_eq!(
        found[1].0,
        "duplicate metadata key `level`: give each key once"
    );
    assert_eq!(found[1].1, "level");
    assert_eq!(
        found[2],
        (
            "missing metadata key `scope` in rule `SUP9`: it is required".to_owned(),
            "}".to_owned()
        )
    );
}

#[test]
fn values_of_the_wrong_kind_or_out_of_range() {
    for (line, replacement, message, at) in [
        (
            "  level: warning\n",
            "  level: fatal\n",
            "`fatal` is not a level: write `error`, `warning` or `note`",
            "fatal",
        ),
        (
            "  level: warning\n",
            "  level: \"error\"\n",
            "`level` takes a bare word (`error`, `warning` or `note`), not a string: write `level: error` without quotes",
            "\"error\"",
        ),
        (
            "  level: warning\n",
            "  level: 3\n",
            "`level` takes a bare word (`error`, `warning` or `note`), not a number",
            "3",
        ),
        (
            "  scope: account\n",
            "  scope: region\n",
            "`region` is not a scope: write `resource` or `account`",
            "region",
        ),
        (
            "  security-severity: 9\n",
            "  security-severity: 10.5\n",
            "`security-severity` must be above 0.0 and at most 10.0 (GitHub ignores a rule whose severity is 0.0 when written with one decimal), not 10.5",
            "10.5",
        ),
        (
            "  security-severity: 9\n",
            "  security-severity: 0\n",
            "`security-severity` must be above 0.0 and at most 10.0 (GitHub ignores a rule whose severity is 0.0 when written with one decimal), not 0",
            "0",
        ),
        (
            "  security-severity: 9\n",
            "  security-severity: 0.04\n",
            "`security-severity` must be above 0.0 and at most 10.0 (GitHub ignores a rule whose severity is 0.0 when written with one decimal), not 0.04",
            "0.04",
        ),
        (
            "  security-severity: 9\n",
            "  security-severity: high\n",
            "`security-severity` takes a number above 0.0, at most 10.0, not a bare word",
            "high",
        ),
        (
            "  help-uri: \"https://docs.aws.amazon.com/awssupport/latest/user/support-app-permissions.html\"\n",
            "  help-uri: \"http://example.com/rule\"\n",
            "`help-uri` must be an absolute `https://` URL with a host and no spaces, not `http://example.com/rule`",
            "\"http://example.com/rule\"",
        ),
        (
            "  help-uri: \"https://docs.aws.amazon.com/awssupport/latest/user/support-app-permissions.html\"\n",
            "  help-uri: \"https:///no-host\"\n",
            "`help-uri` must be an absolute `https://` URL with a host and no spaces, not `https:///no-host`",
            "\"https:///no-host\"",
        ),
        (
            "  help-uri: \"https://docs.aws.amazon.com/awssupport/latest/user/support-app-permissions.html\"\n",
            "  help-uri: \"https://example.com/a rule\"\n",
            "`help-uri` must be an absolute `https://` URL with a host and no spaces, not `https://example.com/a rule`",
            "\"https://example.com/a rule\"",
        ),
        (
            "  help-uri: \"https://docs.aws.amazon.com/awssupport/latest/user/support-app-permissions.html\"\n",
            "  help-uri: [\"https://example.com\"]\n",
            "`help-uri` takes a URL string `\"https://...\"`, not a list",
            "[\"https://example.com\"]",
        ),
        (
            "  summary: \"One line\"\n",
            "  summary: \"Two\\nlines\"\n",
            "`summary` must be one line",
            "\"Two\\nlines\"",
        ),
        (
            "  summary: \"One line\"\n",
            "  summary: \"\"\"x\"\"\"\n",
            "`summary` takes a one-line string, not a text block",
            "\"\"\"x\"\"\"",
        ),
        (
            "  description: \"Long text\"\n",
            "  description: \" \"\n",
            "`description` must not be empty",
            "\" \"",
        ),
        (
            "  description: \"Long text\"\n",
            "  description: [\"x\"]\n",
            "`description` takes a string or a text block `\"\"\"...\"\"\"`, not a list",
            "[\"x\"]",
        ),
        (
            "  tags: [\"iam\",]\n",
            "  tags: \"iam\"\n",
            "`tags` takes a list of strings `[\"...\", ...]`, not a string",
            "\"iam\"",
        ),
        (
            "  cis: [\"1.17 (v1.4.0 to v4.0.1)\"]\n",
            "  cis: [\"1.17\", 1.16]\n",
            "`cis` takes strings in its list, not a number",
            "1.16",
        ),
        (
            "  security-hub: []\n",
            "  security-hub: [[\"IAM.18\"]]\n",
            "`security-hub` takes strings in its list, not a list",
            "[\"IAM.18\"]",
        ),
    ] {
        let found = problems(&with(line, replacement));
        assert_eq!(
            found,
            [(message.to_owned(), at.to_owned())],
            "{replacement}"
        );
    }
}

#[test]
fn github_limits_are_checked_at_load_with_a_place() {
    // 10.0 and 0.1 are the ends of what GitHub reads.
    for severity in ["10", "0.1", "0.05"] {
        let text = with(
            "  security-severity: 9\n",
            &format!("  security-severity: {severity}\n"),
        );
        assert!(
            Metadata::from_header(&parse(&text).header, FileId(0)).is_ok(),
            "{severity}"
        );
    }
    // 20 tags fit: 17 tags, `security` added, one CIS control, one Security Hub control.
    let tags = |count: usize| {
        let list: Vec<String> = (0..count).map(|i| format!("\"t{i}\"")).collect();
        format!("  tags: [{}]\n", list.join(", "))
    };
    let fits = with("  tags: [\"iam\",]\n", &tags(17))
        .replace("  security-hub: []\n", "  security-hub: [\"IAM.18\"]\n");
    assert!(Metadata::from_header(&parse(&fits).header, FileId(0)).is_ok());
    let over = with("  tags: [\"iam\",]\n", &tags(18))
        .replace("  security-hub: []\n", "  security-hub: [\"IAM.18\"]\n");
    assert_eq!(
        problems(&over),
        [(
            "this rule has 21 tags, counting `security` (added when missing) and each `cis` \
             and `security-hub` entry; GitHub code scanning keeps at most 20: remove 1 of them"
                .to_owned(),
            "\"IAM.18\"".to_owned()
        )]
    );
    let summary = format!("  summary: \"{}\"\n", "s".repeat(1025));
    let found = problems(&with("  summary: \"One line\"\n", &summary));
    assert_eq!(
        found[0].0,
        "`summary` is 1025 characters long; GitHub code scanning accepts at most 1024: \
         shorten it and put the details in `help`"
    );
    assert_eq!(found[0].1, format!("\"{}\"", "s".repeat(1025)));
    // Characters, not bytes: 1,024 two-byte characters fit.
    let fits = with(
        "  description: \"Long text\"\n",
        &format!("  description: \"{}\"\n", "é".repeat(1024)),
    );
    assert!(Metadata::from_header(&parse(&fits).header, FileId(0)).is_ok());
    let long = with(
        "  description: \"Long text\"\n",
        &format!(
            "  description: \"\"\"\n    {}\n  \"\"\"\n",
            "word ".repeat(206)
        ),
    );
    let found = problems(&long);
    assert!(
        found[0].0.starts_with("`description` is 1029 characters"),
        "{found:?}"
    );
}

#[test]
fn header_syntax_errors() {
    for (text, message, at) in [
        (
            "",
            "expected `rule` to start the rule file (`rule ID name { ... }`), found the end of the file",
            "",
        ),
        (
            "let x = 1",
            "expected `rule` to start the rule file (`rule ID name { ... }`), found the keyword `let`",
            "let",
        ),
        (
            "rule {",
            "expected a rule ID such as `SUP002` after `rule`, found `{`",
            "{",
        ),
        (
            "rule sup2 x {}",
            "`sup2` is not a valid rule ID: write capital letters and digits ending in a digit, such as `SUP002`",
            "sup2",
        ),
        (
            "rule SUP x {}",
            "`SUP` is not a valid rule ID: write capital letters and digits ending in a digit, such as `SUP002`",
            "SUP",
        ),
        (
            "rule SUP2 {}",
            "expected a kebab-case rule name after `rule SUP2`, found `{`",
            "{",
        ),
        (
            "rule SUP2 Open_Trust {}",
            "`Open_Trust` is not a valid rule name: write lower-case words joined by `-`, such as `support-role-open-trust`",
            "Open_Trust",
        ),
        (
            "rule SUP2 open--trust {}",
            "`open--trust` is not a valid rule name: write lower-case words joined by `-`, such as `support-role-open-trust`",
            "open--trust",
        ),
        (
            "rule SUP2 x level: error }",
            "expected `{` to open the metadata of rule `SUP2`, found the keyword `level`",
            "level",
        ),
        (
            "rule SUP2 x { level error }",
            "expected `:` after the metadata key `level`, found `error`",
            "error",
        ),
        (
            "rule SUP2 x { Level: error }",
            "`Level` is not a valid metadata key: write lower-case words joined by `-`, such as `security-severity`",
            "Level",
        ),
        (
            "rule SUP2 x { : error }",
            "expected a metadata key such as `level`, or `}` to end the metadata, found `:`",
            ":",
        ),
        (
            "rule SUP2 x { level: }",
            "expected a value for the metadata key `level` (a string, a text block, a number, a word or a list), found `}`",
            "}",
        ),
        (
            "rule SUP2 x { level: null }",
            "expected a value for the metadata key `level` (a string, a text block, a number, a word or a list), found the keyword `null`",
            "null",
        ),
        (
            "rule SUP2 x { tags: [\"a\" \"b\"] }",
            "expected `,` or `]` in the list of `tags`, found a string",
            "\"b\"",
        ),
        (
            "rule SUP2 x {\n  level: error\n",
            "unclosed `{`: the metadata of rule `SUP2` at 1:13 has no closing `}`",
            "{",
        ),
    ] {
        let problem = parse_error(text);
        assert_eq!(problem.code, "rule-syntax");
        let span = problem.span.expect("span");
        assert_eq!(
            (problem.message.as_str(), &text[span.range()]),
            (message, at),
            "{text}"
        );
    }
}

#[test]
fn deeply_nested_metadata_lists_are_an_error() {
    let text = format!("rule SUP2 x {{ tags: {} }}", "[".repeat(10_000));
    assert!(parse_error(&text).message.starts_with("nested too deeply"));
}
