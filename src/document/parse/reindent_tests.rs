//! Tests of the second reading that accepts under-indented lines inside quoted strings and
//! flow collections: values, spans, warnings, the limit, and the errors it leaves alone.

use super::padding::Padding;
use super::reindent::MAX_CURES;
use super::{Parsed, attempt, parse, parse_fragment};
use crate::document::{Node, NodeValue};
use crate::problem::{Problem, Severity};
use crate::source::{FileId, Position, SourceFile, Span};

const ID: FileId = FileId(3);

/// One reading of `text` as written, without any cure.
fn strict(text: &str) -> Result<Parsed, Problem> {
    attempt(text, text, &Padding::default(), 0, ID, true).map_err(|refusal| refusal.problem)
}

/// The value of a node without its spans, in a JSON-like notation.
fn shape(node: &Node) -> String {
    match &node.value {
        NodeValue::Null => "null".to_owned(),
        NodeValue::Bool(value) => value.to_string(),
        NodeValue::Number(text) => format!("#{text}"),
        NodeValue::String(text) => format!("{text:?}"),
        NodeValue::Seq(items) => {
            let items: Vec<String> = items.iter().map(shape).collect();
            format!("[{}]", items.join(", "))
        }
        NodeValue::Map(entries) => {
            let entries: Vec<String> = entries
                .iter()
                .map(|entry| format!("{:?}: {}", entry.key, shape(&entry.value)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
    }
}

/// Checks that `text` is refused as written, accepted by [`parse`] with `cures`
/// `yaml-indentation` warnings, and read exactly as `well_indented` is read strictly.
fn accepted_as(text: &str, well_indented: &str, cures: usize) -> (SourceFile, Parsed) {
    assert!(strict(text).is_err(), "{text:?} should need a cure");
    let well = strict(well_indented).unwrap();
    let file = SourceFile::new("t.yaml", text.to_owned());
    let parsed = parse(&file, ID).unwrap_or_else(|problem| panic!("{problem:?}"));
    assert_eq!(shape(&parsed.root), shape(&well.root));
    let warnings = indentation_warnings(&parsed);
    assert_eq!(warnings.len(), cures, "{warnings:#?}");
    for warning in warnings {
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(warning.file, Some(ID));
    }
    (file, parsed)
}

fn indentation_warnings(parsed: &Parsed) -> Vec<&Problem> {
    parsed
        .warnings
        .iter()
        .filter(|warning| warning.code == "yaml-indentation")
        .collect()
}

/// Line, column and text of a span.
fn place(file: &SourceFile, span: Span) -> (u32, u32, &str) {
    let Position { line, column } = file.position(span.start);
    (line, column, &file.text[span.range()])
}

fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
    path.iter().fold(node, |node, step| match &node.value {
        NodeValue::Map(_) => node.get(step).unwrap_or_else(|| panic!("no key {step}")),
        NodeValue::Seq(items) => &items[step.parse::<usize>().unwrap()],
        other => panic!("cannot follow {step} into {other:?}"),
    })
}

const POLICY: &str = "Policies:
  - PolicyName: p
    PolicyDocument: !Sub '{
        \"Version\": \"2012-10-17\"
    }'
  - PolicyName: q
";

#[test]
fn a_single_quoted_string_may_close_under_its_key() {
    let well = POLICY.replace("    }'", "      }'");
    let (file, parsed) = accepted_as(POLICY, &well, 1);
    let document = at(
        &parsed.root,
        &["Policies", "0", "PolicyDocument", "Fn::Sub"],
    );
    assert_eq!(document.as_str(), Some("{ \"Version\": \"2012-10-17\" }"));
    let warning = indentation_warnings(&parsed)[0];
    assert_eq!(place(&file, warning.span.unwrap()), (5, 5, "}'"));
    assert!(
        warning.message.contains("column 6 or further"),
        "{}",
        warning.message
    );
    assert!(warning.message.contains("CloudFormation accepts it"));
    assert!(!warning.message.contains("more line"));
    let (line, column, written) = place(&file, document.span);
    assert_eq!((line, column), (3, 26));
    assert!(written.starts_with("'{") && written.ends_with("}'"));
    let next = at(&parsed.root, &["Policies", "1", "PolicyName"]);
    assert_eq!(place(&file, next.span), (6, 17, "q"));
}

#[test]
fn a_double_quoted_string_keeps_escapes_blank_lines_and_folding() {
    let text = "a:\n  b: \"x\\\n y\n\n z \\\"q\\\"\n w\"\nc: 1\n";
    let well = "a:\n  b: \"x\\\n      y\n\n      z \\\"q\\\"\n      w\"\nc: 1\n";
    let (file, parsed) = accepted_as(text, well, 1);
    assert_eq!(
        at(&parsed.root, &["a", "b"]).as_str(),
        Some("xy\nz \"q\" w")
    );
    let warning = indentation_warnings(&parsed)[0];
    assert_eq!(place(&file, warning.span.unwrap()), (3, 2, "y"));
    assert!(
        warning
            .message
            .contains("the same goes for 2 more lines of this string, up to line 6"),
        "{}",
        warning.message
    );
    assert_eq!(place(&file, at(&parsed.root, &["c"]).span), (7, 4, "1"));
}

#[test]
fn a_flow_sequence_and_its_closing_bracket_may_sit_under_the_key() {
    let text = "R:\n  P:\n    Action: [\n      \"a\",\n    \"b\",\n    ]\n    Next: 1\n";
    let well = "R:\n  P:\n    Action: [\n      \"a\",\n     \"b\",\n     ]\n    Next: 1\n";
    let (file, parsed) = accepted_as(text, well, 1);
    let warning = indentation_warnings(&parsed)[0];
    assert_eq!(place(&file, warning.span.unwrap()), (5, 5, "\"b\","));
    assert!(
        warning
            .message
            .contains("the same goes for 1 more line of this collection, line 6"),
        "{}",
        warning.message
    );
    let action = at(&parsed.root, &["R", "P", "Action"]);
    assert_eq!(
        place(&file, action.span),
        (
            3,
            13,
            &text[text.find('[').unwrap()..text.find(']').unwrap() + 1]
        )
    );
    assert_eq!(place(&file, at(action, &["1"]).span), (5, 5, "\"b\""));
    assert_eq!(
        place(&file, at(&parsed.root, &["R", "P", "Next"]).span),
        (7, 11, "1")
    );
}

#[test]
fn a_flow_mapping_written_as_json_under_its_key() {
    let text = "M:\n  Schema: {\"a\": \"x\",\n  \"b\": [1,\n      2],\n  \"c\": {}}\n  Other: x\n";
    let well =
        "M:\n  Schema: {\"a\": \"x\",\n   \"b\": [1,\n      2],\n   \"c\": {}}\n  Other: x\n";
    let (file, parsed) = accepted_as(text, well, 1);
    let warning = indentation_warnings(&parsed)[0];
    assert_eq!(place(&file, warning.span.unwrap()), (3, 3, "\"b\": [1,"));
    assert_eq!(
        place(&file, at(&parsed.root, &["M", "Schema", "c"]).span),
        (5, 8, "{}")
    );
    assert_eq!(
        place(&file, at(&parsed.root, &["M", "Other"]).span),
        (6, 10, "x")
    );
}

#[test]
fn plain_scalars_inside_a_flow_collection_and_a_bracket_on_its_own_line() {
    let text = "x:\n  k: [a,\n  b c,\n  d\n   e]\n  l:\n    [1,\n  2]\n";
    let well = "x:\n  k: [a,\n   b c,\n   d\n   e]\n  l:\n    [1,\n   2]\n";
    let (file, parsed) = accepted_as(text, well, 2);
    assert_eq!(
        shape(at(&parsed.root, &["x", "k"])),
        "[\"a\", \"b c\", \"d e\"]"
    );
    let warnings = indentation_warnings(&parsed);
    assert_eq!(place(&file, warnings[0].span.unwrap()), (3, 3, "b c,"));
    assert_eq!(place(&file, warnings[1].span.unwrap()), (8, 3, "2]"));
}

#[test]
fn a_string_in_a_block_sequence_entry_must_pass_the_entry_key() {
    let text = "- k: 'a\n  b'\n";
    let (file, parsed) = accepted_as(text, "- k: 'a\n   b'\n", 1);
    let warning = indentation_warnings(&parsed)[0];
    assert_eq!(place(&file, warning.span.unwrap()), (2, 3, "b'"));
    assert!(
        warning.message.contains("column 4 or further"),
        "{}",
        warning.message
    );
}

#[test]
fn several_cures_in_one_file_are_reported_in_order_with_other_warnings() {
    let text = "A:\n  s: 'x\n  y'\n  s: 1\n  l: [1,\n  2]\n";
    let well = "A:\n  s: 'x\n   y'\n  s: 1\n  l: [1,\n   2]\n";
    let (file, parsed) = accepted_as(text, well, 2);
    let codes: Vec<(&str, u32)> = parsed
        .warnings
        .iter()
        .map(|warning| {
            (
                warning.code,
                file.position(warning.span.unwrap().start).line,
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("yaml-indentation", 3),
            ("duplicate-key", 4),
            ("yaml-indentation", 6)
        ]
    );
}

#[test]
fn crlf_line_endings_keep_spans_and_the_warning_stops_before_the_line_end() {
    let text = POLICY.replace('\n', "\r\n");
    let well = POLICY.replace("    }'", "      }'").replace('\n', "\r\n");
    let (file, parsed) = accepted_as(&text, &well, 1);
    let warning = indentation_warnings(&parsed)[0];
    assert_eq!(place(&file, warning.span.unwrap()), (5, 5, "}'"));
    let next = at(&parsed.root, &["Policies", "1", "PolicyName"]);
    assert_eq!(place(&file, next.span), (6, 17, "q"));
}

#[test]
fn multi_byte_text_before_a_cure_keeps_offsets_exact() {
    let text = "é: 'ü€\nx'\nñ: [1,\n2]\n𝄞: z\n";
    let well = "é: 'ü€\n x'\nñ: [1,\n 2]\n𝄞: z\n";
    let (file, parsed) = accepted_as(text, well, 2);
    let warnings = indentation_warnings(&parsed);
    assert_eq!(place(&file, warnings[0].span.unwrap()), (2, 1, "x'"));
    assert_eq!(place(&file, warnings[1].span.unwrap()), (4, 1, "2]"));
    assert_eq!(
        place(&file, at(&parsed.root, &["é"]).span),
        (1, 4, "'ü€\nx'")
    );
    assert_eq!(
        place(&file, at(&parsed.root, &["ñ"]).span),
        (3, 4, "[1,\n2]")
    );
    assert_eq!(
        place(&file, at(&parsed.root, &["ñ", "1"]).span),
        (4, 1, "2")
    );
    let entry = parsed.root.entry("𝄞").unwrap();
    assert_eq!(place(&file, entry.key_span), (5, 1, "𝄞"));
    assert_eq!(place(&file, entry.value.span), (5, 4, "z"));
}

/// `count` separate quoted strings, each with one under-indented line.
fn many_cures(count: usize) -> String {
    (0..count).map(|i| format!("k{i}: 'a\nb'\n")).collect()
}

#[test]
fn cures_stop_at_the_limit_with_the_original_error() {
    let text = many_cures(MAX_CURES);
    let well = text.replace("\nb'", "\n b'");
    accepted_as(&text, &well, MAX_CURES);
    let text = many_cures(MAX_CURES + 1);
    let file = SourceFile::new("t.yaml", text.clone());
    assert_eq!(parse(&file, ID).unwrap_err(), strict(&text).unwrap_err());
}

#[test]
fn other_errors_and_errors_a_cure_does_not_fix_are_reported_as_before() {
    for text in [
        // Not an indentation error of a quoted string or flow collection.
        "a:\n  b: 1\n c: 2\n",
        "a: *x\n",
        // Unclosed: there is no end to pad up to.
        "a: 1\nb: 'abc\nc: 2\n",
        "a:\n  b: [1,\n  2\n",
        // Cured, but then another error.
        "a:\n  b: 'x\n  y'\nc: *z\n",
        "a:\n  b: [1,\n  2]\nc: d: e\n",
        "a:\n  b: \"x\n  y\" z\n",
    ] {
        let strict_error = strict(text).unwrap_err();
        let file = SourceFile::new("t.yaml", text.to_owned());
        assert_eq!(parse(&file, ID).unwrap_err(), strict_error, "{text:?}");
    }
}

#[test]
fn padding_outside_strings_and_flow_collections_voids_the_reading() {
    let text = "a:\n- 1\nb: [2,\n 3]\n";
    let mut block_line = Padding::default();
    block_line.add(text, &[(3, 2)]);
    let refusal = attempt(&block_line.apply(text), text, &block_line, 0, ID, true).unwrap_err();
    assert_eq!(refusal.problem.code, "yaml-indentation");
    assert!(refusal.underindented.is_none());
    let mut flow_line = Padding::default();
    flow_line.add(text, &[(text.find(" 3]").unwrap(), 1)]);
    let parsed = attempt(&flow_line.apply(text), text, &flow_line, 0, ID, true).unwrap();
    assert_eq!(shape(&parsed.root), "{\"a\": [#1], \"b\": [#2, #3]}");
}

#[test]
fn fragments_are_cured_with_shifted_spans_and_no_line_numbers() {
    let text = "a:\n  b: [1,\n  2,\n  3]\n";
    let parsed = parse_fragment(text, 100, ID).unwrap();
    let warning = indentation_warnings(&parsed)[0];
    let at = text.find("2,").unwrap();
    assert_eq!(warning.span, Some(Span::new(100 + at, 100 + at + 2)));
    assert!(
        warning
            .message
            .contains("the same goes for 1 more line of this collection."),
        "{}",
        warning.message
    );
}

#[test]
fn a_text_that_parses_at_once_gets_no_indentation_warning() {
    let text = "a:\n  b: 'x\n   y'\n  c: [1,\n   2]\n";
    let file = SourceFile::new("t.yaml", text.to_owned());
    let parsed = parse(&file, ID).unwrap();
    assert!(parsed.warnings.is_empty());
    assert_eq!(shape(&parsed.root), shape(&strict(text).unwrap().root));
}

#[test]
fn a_template_with_pasted_policies_reads_as_its_well_indented_twin() {
    let path = format!(
        "{}/testdata/parse/underindented-support-role.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let well = text
        .replace("\n      }\n", "\n       }\n")
        .replace("\n      ]\n", "\n       ]\n")
        .replace("\n          }'\n", "\n           }'\n");
    let (file, parsed) = accepted_as(&text, &well, 3);
    let lines: Vec<u32> = indentation_warnings(&parsed)
        .iter()
        .map(|warning| file.position(warning.span.unwrap().start).line)
        .collect();
    assert_eq!(lines, [14, 17, 27]);
    let properties = at(&parsed.root, &["Resources", "SupportRole", "Properties"]);
    let statement = at(properties, &["AssumeRolePolicyDocument", "Statement", "0"]);
    assert_eq!(at(statement, &["Action"]).as_str(), Some("sts:AssumeRole"));
    let managed = at(properties, &["ManagedPolicyArns", "0", "Fn::Sub"]);
    assert_eq!(place(&file, managed.span).0, 16);
    let policy = at(properties, &["Policies", "0", "PolicyDocument", "Fn::Sub"]);
    let policy = policy.as_str().unwrap();
    assert!(
        policy.starts_with("{ \"Version\": \"2012-10-17\", \"Statement\": [{"),
        "{policy}"
    );
    assert!(policy.ends_with("}] }"), "{policy}");
    let output = at(&parsed.root, &["Outputs", "RoleArn", "Value"]);
    assert_eq!(place(&file, output.span).0, 30);
}
