//! Rendered errors of typical mistakes, as a rule author sees them: file, line, column,
//! the source line and an underline. Snapshots are reviewed, never hand-edited.

use super::{parse, render};
use crate::lang::metadata::Metadata;
use crate::lang::parse_rule_file;
use crate::source::FileId;

const GOOD_HEADER: &str = r#"rule SUP9 example-rule {
  level: error
  security-severity: 7.5
  scope: resource
  summary: "An example"
  description: "An example rule."
  help: "Read the docs."
}
"#;

/// The first problem of `text` (syntax, or else metadata), rendered.
fn rendered(text: &str) -> String {
    let problem = match parse_rule_file(text, FileId(0)) {
        Err(problem) => problem,
        Ok(_) => {
            let header = parse(text).header;
            match Metadata::from_header(&header, FileId(0)) {
                Err(problems) => problems.into_iter().next().expect("a problem"),
                Ok(_) => panic!("no problem in {text}"),
            }
        }
    };
    render(text, &problem)
}

fn body(items: &str) -> String {
    format!("{GOOD_HEADER}\n{items}")
}

macro_rules! snapshot {
    ($name:ident, $text:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(rendered(&$text));
        }
    };
}

snapshot!(
    missing_colon_in_metadata,
    GOOD_HEADER.replace("level: error", "level error")
);
snapshot!(
    unknown_metadata_key,
    GOOD_HEADER.replace("scope: resource", "scope: resource\n  owner: \"secops\"")
);
snapshot!(
    duplicate_metadata_key,
    GOOD_HEADER.replace("help:", "summary: \"Again\"\n  help:")
);
snapshot!(
    missing_required_key,
    GOOD_HEADER.replace("  help: \"Read the docs.\"\n", "")
);
snapshot!(
    bad_level,
    GOOD_HEADER.replace("level: error", "level: critical")
);
snapshot!(bad_rule_id, GOOD_HEADER.replace("SUP9", "sup-9"));
snapshot!(unclosed_string, body("let names = [\"AWSSupportAccess]\n"));
snapshot!(
    unclosed_text_block,
    GOOD_HEADER.replace(
        "help: \"Read the docs.\"",
        "help: \"\"\"\n    ## What it flags\n"
    )
);
snapshot!(
    unclosed_message,
    body(
        "for role in roles {\n  require exists role.name\n    << Role {role.address} has no name.\n}\n"
    )
);
snapshot!(
    unclosed_for_block,
    body("for role in roles {\n  require exists role.name << no name >>\n")
);
snapshot!(
    keyword_as_name,
    body("let empty = roles[ is_support_role(this) ]\n")
);
snapshot!(
    require_without_message,
    body("for role in roles {\n  require exists role.name\n}\n")
);
snapshot!(
    unexpected_token_after_expression,
    body("let open = role.trust statements\n")
);
snapshot!(
    unclosed_parenthesis,
    body("let x = count(roles[ (admits_anyone(this) ]) > 0\n")
);
snapshot!(deep_nesting, body(&format!("let x = {}\n", "(".repeat(70))));
