//! Tests of the parser through its public functions: spans, scalar types, short forms,
//! duplicate keys, refusals, limits and error positions.

use std::time::{Duration, Instant};

use super::{MAX_DEPTH, Parsed, parse, parse_fragment};
use crate::document::{Node, NodeValue};
use crate::problem::{Problem, Severity};
use crate::source::{FileId, Position, SourceFile, Span};

const ID: FileId = FileId(7);

fn source(text: &str) -> SourceFile {
    SourceFile::new("test.yaml", text.to_owned())
}

fn parsed(file: &SourceFile) -> Parsed {
    match parse(file, ID) {
        Ok(parsed) => parsed,
        Err(problem) => panic!("unexpected error: {problem:?}"),
    }
}

fn ok(text: &str) -> (SourceFile, Parsed) {
    let file = source(text);
    let parsed = parsed(&file);
    (file, parsed)
}

fn refused(text: &str) -> (SourceFile, Problem) {
    let file = source(text);
    let problem = parse(&file, ID).expect_err("the text should be refused");
    assert_eq!(problem.severity, Severity::Error);
    assert_eq!(problem.file, Some(ID));
    (file, problem)
}

fn fixture(name: &str) -> SourceFile {
    let path = format!("{}/testdata/parse/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    SourceFile::new(path, text)
}

/// Follows mapping keys and sequence indexes (written as numbers) from `node`.
fn at<'n>(node: &'n Node, path: &[&str]) -> &'n Node {
    path.iter().fold(node, |node, step| match &node.value {
        NodeValue::Map(_) => node.get(step).unwrap_or_else(|| panic!("no key {step}")),
        NodeValue::Seq(items) => &items[step.parse::<usize>().unwrap()],
        other => panic!("cannot follow {step} into {other:?}"),
    })
}

fn text(file: &SourceFile, span: Span) -> &str {
    &file.text[span.range()]
}

fn position(file: &SourceFile, span: Span) -> (u32, u32) {
    let Position { line, column } = file.position(span.start);
    (line, column)
}

fn string(text: &str) -> NodeValue {
    NodeValue::String(text.into())
}

fn problem_position(file: &SourceFile, problem: &Problem) -> (u32, u32) {
    position(file, problem.span.unwrap())
}

// ---- spans -------------------------------------------------------------------------------

#[test]
fn json_spans_are_exact_after_bom_crlf_tabs_and_multi_byte_text() {
    let file = fixture("support-role-crlf-bom.json");
    assert!(
        !file.text.starts_with('\u{feff}'),
        "SourceFile drops the BOM"
    );
    let parsed = parsed(&file);
    let root = &parsed.root;
    assert_eq!(position(&file, root.span), (1, 1));
    assert!(text(&file, root.span).starts_with('{') && text(&file, root.span).ends_with('}'));

    let description = root.entry("Description").unwrap();
    assert_eq!(text(&file, description.key_span), "\"Description\"");
    assert_eq!(position(&file, description.key_span), (2, 2));
    assert_eq!(text(&file, description.value.span), "\"rôle ✓\"");
    assert_eq!(description.value.value, string("rôle ✓"));

    let properties = at(root, &["Resources", "SupportRole", "Properties"]);
    let arns = properties.entry("ManagedPolicyArns").unwrap();
    assert_eq!(position(&file, arns.key_span), (7, 5));
    assert_eq!(
        text(&file, arns.value.span),
        "[\t\"arn:aws:iam::aws:policy/AWSSupportAccess\"\t]"
    );
    let arn = at(&arns.value, &["0"]);
    assert_eq!(position(&file, arn.span), (7, 28));
    let duration = properties.entry("MaxSessionDuration").unwrap();
    assert_eq!(duration.value.value, NodeValue::Number("3600".into()));
    assert_eq!(position(&file, duration.value.span), (8, 27));
    assert!(parsed.warnings.is_empty());
}

#[test]
fn yaml_spans_cover_scalars_collections_and_keys() {
    let file = fixture("support-role.yaml");
    let parsed = parsed(&file);
    let role = at(&parsed.root, &["Resources", "SupportRole"]);
    let type_entry = role.entry("Type").unwrap();
    assert_eq!(position(&file, type_entry.key_span), (11, 5));
    assert_eq!(text(&file, type_entry.value.span), "AWS::IAM::Role");

    // A block mapping runs from its first key to the end of its last value.
    let statement = at(
        role,
        &["Properties", "AssumeRolePolicyDocument", "Statement", "0"],
    );
    assert_eq!(position(&file, statement.span), (18, 13));
    assert!(text(&file, statement.span).starts_with("Effect: Allow"));
    assert!(text(&file, statement.span).ends_with("Action: sts:AssumeRole"));

    // A block sequence runs from its first `-` to the end of its last item.
    let tags = at(role, &["Properties", "Tags"]);
    assert!(text(&file, tags.span).starts_with("- Key: Team"));
    assert!(text(&file, tags.span).ends_with("!Ref \"AWS::NoValue\"]"));

    // A block scalar runs from its indicator to its last non-blank character.
    let description = at(role, &["Properties", "Description"]);
    assert_eq!(
        text(&file, description.span),
        "|\n        Lets the on-call team open\n        support cases."
    );
    assert_eq!(
        description.value,
        string("Lets the on-call team open\nsupport cases.\n")
    );

    // Multi-byte text earlier in the file does not shift anything.
    let output = at(&parsed.root, &["Outputs", "RoleArn", "Value"]);
    assert_eq!(position(&file, output.span), (36, 12));
    assert_eq!(text(&file, output.span), "!GetAtt SupportRole.Arn");
}

#[test]
fn crlf_yaml_and_multi_byte_keys_keep_exact_offsets() {
    let (file, parsed) = ok("é: \"ü\"\r\nnext:\r\n  - 'x'\r\n  - y\r\n");
    let first = &parsed.root.as_map().unwrap()[0];
    assert_eq!(text(&file, first.key_span), "é");
    assert_eq!(text(&file, first.value.span), "\"ü\"");
    let list = parsed.root.get("next").unwrap();
    assert_eq!(text(&file, list.span), "- 'x'\r\n  - y");
    assert_eq!(position(&file, at(list, &["1"]).span), (4, 5));
}

#[test]
fn a_byte_order_mark_does_not_shift_yaml_positions() {
    let file = SourceFile::new("t.yaml", "\u{feff}a: b\nc: d\n".to_owned());
    let parsed = parsed(&file);
    let entry = parsed.root.entry("c").unwrap();
    assert_eq!(position(&file, entry.key_span), (2, 1));
    assert_eq!(text(&file, entry.value.span), "d");
}

#[test]
fn fragments_are_shifted_by_their_base() {
    let whole = r#"{"prefix": 1, "resource": {"Type": "AWS::IAM::Role", "Tags": [1, 2]}}"#;
    let start = whole.find("{\"Type\"").unwrap();
    let end = whole.rfind('}').unwrap();
    let parsed = parse_fragment(&whole[start..end], start, ID).unwrap();
    assert_eq!(&whole[parsed.root.span.range()], &whole[start..end]);
    let tags = parsed.root.entry("Tags").unwrap();
    assert_eq!(&whole[tags.key_span.range()], "\"Tags\"");
    assert_eq!(&whole[tags.value.span.range()], "[1, 2]");
}

#[test]
fn an_empty_text_is_null() {
    for text in ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n"] {
        let (_, parsed) = ok(text);
        assert_eq!(parsed.root.value, NodeValue::Null, "{text:?}");
    }
    let parsed = parse_fragment("", 40, ID).unwrap();
    assert_eq!(parsed.root.span, Span::new(40, 40));
}

// ---- scalars -----------------------------------------------------------------------------

#[test]
fn plain_scalars_follow_the_core_schema_and_keep_raw_numbers() {
    let (_, parsed) = ok(
        "a: yes\nb: 2012-10-17\nc: 012345678901\nd: ~\ne:\nf: True\ng: 0x1F\n\
         h: .inf\ni: 1.5e3\nj: 'true'\nk: \"12\"\nl: !!str 12\nm: !!int 12\nn: !!bool false\n",
    );
    let value = |key: &str| parsed.root.get(key).unwrap().value.clone();
    assert_eq!(value("a"), string("yes"));
    assert_eq!(value("b"), string("2012-10-17"));
    assert_eq!(value("c"), NodeValue::Number("012345678901".into()));
    assert_eq!(value("d"), NodeValue::Null);
    assert_eq!(value("e"), NodeValue::Null);
    assert_eq!(value("f"), NodeValue::Bool(true));
    assert_eq!(value("g"), NodeValue::Number("0x1F".into()));
    assert_eq!(value("h"), NodeValue::Number(".inf".into()));
    assert_eq!(value("i"), NodeValue::Number("1.5e3".into()));
    assert_eq!(value("j"), string("true"));
    assert_eq!(value("k"), string("12"));
    assert_eq!(value("l"), string("12"));
    assert_eq!(value("m"), NodeValue::Number("12".into()));
    assert_eq!(value("n"), NodeValue::Bool(false));
}

#[test]
fn json_scalars() {
    let (_, parsed) = ok(r#"{"s": "x", "n": -1.5e-3, "t": true, "z": null, "q": "null"}"#);
    let value = |key: &str| parsed.root.get(key).unwrap().value.clone();
    assert_eq!(value("s"), string("x"));
    assert_eq!(value("n"), NodeValue::Number("-1.5e-3".into()));
    assert_eq!(value("t"), NodeValue::Bool(true));
    assert_eq!(value("z"), NodeValue::Null);
    assert_eq!(value("q"), string("null"));
}

#[test]
fn folded_scalars_are_strings() {
    let (file, parsed) = ok("a: >-\n  one\n  two\n\nb: 1\n");
    let node = parsed.root.get("a").unwrap();
    assert_eq!(node.value, string("one two"));
    assert_eq!(text(&file, node.span), ">-\n  one\n  two");
}

#[test]
fn block_scalars_start_at_their_indicator_even_after_a_comment_or_a_tag() {
    let (file, parsed) = ok("a: # a comment with | and >\n  |\n    text\nb: !Sub |\n  x ${A}\n\n");
    let a = parsed.root.get("a").unwrap();
    assert_eq!(text(&file, a.span), "|\n    text");
    let b = parsed.root.get("b").unwrap();
    assert_eq!(text(&file, b.span), "!Sub |\n  x ${A}");
    let inner = b.get("Fn::Sub").unwrap();
    assert_eq!(text(&file, inner.span), "|\n  x ${A}");
    assert_eq!(inner.value, string("x ${A}\n"));
    let (file, parsed) = ok("- >\n  folded\n- plain\n");
    assert_eq!(text(&file, at(&parsed.root, &["0"]).span), ">\n  folded");
}

#[test]
fn a_core_tag_that_does_not_fit_is_refused_at_the_tag() {
    let (file, problem) = refused("a: 1\nb: !!int twelve\n");
    assert_eq!(problem.code, "unsupported-tag");
    assert_eq!(text(&file, problem.span.unwrap()), "!!int");
    assert_eq!(problem_position(&file, &problem), (2, 4));
    let (_, problem) = refused("a: !!binary R0lGODlh\n");
    assert!(
        problem.message.contains("`!!binary`"),
        "{}",
        problem.message
    );
    let (_, problem) = refused("a: !!map [1]\n");
    assert_eq!(problem.code, "unsupported-tag");
    let (_, parsed) = ok("a: !!seq [1]\nb: !!map {c: 1}\n");
    assert!(parsed.root.get("a").unwrap().as_seq().is_some());
}

// ---- CloudFormation short forms ----------------------------------------------------------

#[test]
fn short_forms_become_long_forms_spanning_the_tagged_node() {
    let (file, parsed) = ok("a: !Ref Bucket\nb: !Condition IsProd\n");
    let a = parsed.root.get("a").unwrap();
    assert_eq!(text(&file, a.span), "!Ref Bucket");
    let entry = &a.as_map().unwrap()[0];
    assert_eq!(&*entry.key, "Ref");
    assert_eq!(text(&file, entry.key_span), "!Ref");
    assert_eq!(text(&file, entry.value.span), "Bucket");
    assert_eq!(entry.value.value, string("Bucket"));
    let b = &parsed.root.get("b").unwrap().as_map().unwrap()[0];
    assert_eq!(&*b.key, "Condition");
    assert_eq!(b.value.value, string("IsProd"));
}

#[test]
fn get_att_scalars_split_at_the_first_dot_with_spans() {
    let (file, parsed) =
        ok("a: !GetAtt Stack.Outputs.Name\nb: !GetAtt 'A.B'\nc: !GetAtt [A, B.C]\n");
    let a = parsed.root.get("a").unwrap().get("Fn::GetAtt").unwrap();
    let parts = a.as_seq().unwrap();
    assert_eq!(parts[0].value, string("Stack"));
    assert_eq!(parts[1].value, string("Outputs.Name"));
    assert_eq!(text(&file, parts[0].span), "Stack");
    assert_eq!(text(&file, parts[1].span), "Outputs.Name");
    let b = parsed.root.get("b").unwrap().get("Fn::GetAtt").unwrap();
    assert_eq!(text(&file, b.as_seq().unwrap()[1].span), "B");
    let c = parsed.root.get("c").unwrap().get("Fn::GetAtt").unwrap();
    let parts: Vec<_> = c
        .as_seq()
        .unwrap()
        .iter()
        .map(|n| n.value.clone())
        .collect();
    assert_eq!(parts, [string("A"), string("B.C")]);
    assert_eq!(text(&file, c.span), "[A, B.C]");
}

#[test]
fn get_att_without_a_dot_stays_a_string() {
    let (_, parsed) = ok("a: !GetAtt Lonely\n");
    let value = parsed.root.get("a").unwrap().get("Fn::GetAtt").unwrap();
    assert_eq!(value.value, string("Lonely"));
}

#[test]
fn short_forms_wrap_sequences_and_mappings_in_both_styles() {
    let file = fixture("support-role.yaml");
    let parsed = parsed(&file);
    let condition = at(&parsed.root, &["Conditions", "IsProd"]);
    assert_eq!(
        text(&file, condition.span),
        "!Equals [!Ref \"AWS::AccountId\", \"111122223333\"]"
    );
    let equals = condition.get("Fn::Equals").unwrap();
    assert_eq!(
        text(&file, equals.span),
        "[!Ref \"AWS::AccountId\", \"111122223333\"]"
    );
    assert_eq!(at(equals, &["0", "Ref"]).value, string("AWS::AccountId"));

    let join = at(
        &parsed.root,
        &[
            "Resources",
            "SupportRole",
            "Properties",
            "ManagedPolicyArns",
            "0",
        ],
    );
    let entry = &join.as_map().unwrap()[0];
    assert_eq!(&*entry.key, "Fn::Join");
    assert_eq!(position(&file, entry.key_span), (23, 11));
    assert!(text(&file, entry.value.span).starts_with("- \"\""));
    assert_eq!(
        at(&entry.value, &["1", "1", "Ref"]).value,
        string("AWS::Partition")
    );

    let tag_value = at(
        &parsed.root,
        &[
            "Resources",
            "SupportRole",
            "Properties",
            "Tags",
            "0",
            "Value",
        ],
    );
    let branches = tag_value.get("Fn::If").unwrap().as_seq().unwrap();
    assert_eq!(
        at(&branches[1], &["Fn::GetAtt", "1"]).value,
        string("Outputs.Name")
    );

    let (file, parsed) =
        ok("t: !Transform\n  Name: AWS::Include\n  Parameters: {Location: s3://b/k}\n");
    let transform = parsed.root.get("t").unwrap();
    let entry = &transform.as_map().unwrap()[0];
    assert_eq!(&*entry.key, "Fn::Transform");
    assert_eq!(position(&file, entry.value.span), (2, 3));
    assert_eq!(at(&entry.value, &["Name"]).value, string("AWS::Include"));
    let (_, parsed) = ok("s: !Sub {a: 1}\n");
    assert!(at(&parsed.root, &["s", "Fn::Sub", "a"]).value == NodeValue::Number("1".into()));
}

#[test]
fn an_empty_short_form_wraps_a_null() {
    let (file, parsed) = ok("a: !Ref\nb: 1\n");
    let entry = &parsed.root.get("a").unwrap().as_map().unwrap()[0];
    assert_eq!(text(&file, entry.key_span), "!Ref");
    assert_eq!(entry.value.value, NodeValue::Null);
}

#[test]
fn a_preprocessor_tag_is_read_as_a_function_with_a_warning() {
    let (file, parsed) = ok("Resources:\n  R: !Include ./r.yml\n");
    let include = at(&parsed.root, &["Resources", "R"]);
    assert_eq!(at(include, &["Fn::Include"]).value, string("./r.yml"));
    let [warning] = &parsed.warnings[..] else {
        panic!("{:?}", parsed.warnings)
    };
    assert_eq!(warning.code, "unknown-tag");
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(text(&file, warning.span.unwrap()), "!Include");
    assert_eq!(problem_position(&file, warning), (2, 6));
    assert!(
        warning
            .message
            .contains("`!Include` is not a CloudFormation intrinsic function")
    );
    let (_, parsed) = ok("a: !Sub x\nb: !Contains [[a], b]\n");
    assert!(parsed.warnings.is_empty(), "known functions do not warn");
}

#[test]
fn tags_of_other_handles_are_refused() {
    let (file, problem) = refused("a: !<tag:example.com,2000:x> y\n");
    assert_eq!(problem.code, "unsupported-tag");
    assert_eq!(
        text(&file, problem.span.unwrap()),
        "!<tag:example.com,2000:x>"
    );
    let (_, problem) = refused("%TAG !e! tag:example.com,2000:\n---\na: !e!thing y\n");
    assert_eq!(problem.code, "unsupported-tag");
    assert!(
        problem.message.contains("`!e!thing`"),
        "{}",
        problem.message
    );
    let (file, problem) = refused("a: !<tag:example.com,2000:list> [1]\n");
    assert_eq!(problem.code, "unsupported-tag");
    assert_eq!(problem_position(&file, &problem), (1, 4));
    let (_, parsed) = ok("a: ! [1]\n");
    assert!(
        parsed.root.get("a").unwrap().as_seq().is_some(),
        "`!` changes nothing"
    );
}

// ---- keys --------------------------------------------------------------------------------

#[test]
fn duplicate_keys_keep_the_last_value_and_warn_at_the_second() {
    let file = fixture("duplicate-keys.yaml");
    let parsed = parsed(&file);
    let resources = parsed.root.get("Resources").unwrap().as_map().unwrap();
    let keys: Vec<&str> = resources.iter().map(|entry| &*entry.key).collect();
    assert_eq!(keys, ["SupportRole", "Bucket"]);
    let role = parsed
        .root
        .get("Resources")
        .unwrap()
        .get("SupportRole")
        .unwrap();
    assert_eq!(
        at(role, &["Properties", "RoleName"]).value,
        string("second")
    );
    let [warning] = &parsed.warnings[..] else {
        panic!("{:?}", parsed.warnings)
    };
    assert_eq!(warning.code, "duplicate-key");
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(problem_position(&file, warning), (8, 3));
    assert_eq!(
        warning.message,
        "duplicate key `SupportRole` on line 8: it replaces the value given on line 2; \
         CloudFormation keeps the last one"
    );
    let related = &warning.related[0];
    assert_eq!(position(&file, related.span), (2, 3));
    assert_eq!(related.message, "first defined here");
}

#[test]
fn duplicate_keys_in_json_and_fragments() {
    let (file, parsed) = ok("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}");
    assert_eq!(
        parsed.root.get("a").unwrap().value,
        NodeValue::Number("3".into())
    );
    assert_eq!(problem_position(&file, &parsed.warnings[0]), (3, 2));
    let fragment = parse_fragment("{\"a\": 1, \"a\": 2}", 100, ID).unwrap();
    let warning = &fragment.warnings[0];
    assert_eq!(warning.span, Some(Span::new(109, 112)));
    assert!(
        warning.message.contains("earlier on the same line"),
        "{}",
        warning.message
    );
    let fragment = parse_fragment("{\"a\": 1,\n\n \"a\": 2}", 100, ID).unwrap();
    assert!(fragment.warnings[0].message.contains("2 lines above"));
}

#[test]
fn many_distinct_keys_are_not_duplicates() {
    let text: String = (0..5000).map(|i| format!("k{i}: {i}\n")).collect();
    let (_, parsed) = ok(&format!("{text}k42: again\n"));
    assert_eq!(parsed.root.as_map().unwrap().len(), 5000);
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.root.get("k42").unwrap().value, string("again"));
}

#[test]
fn keys_must_be_plain_text() {
    let (file, problem) = refused("? [a, b]\n: c\n");
    assert_eq!(problem.code, "unsupported-key");
    assert_eq!(problem_position(&file, &problem), (1, 3));
    let (file, problem) = refused("a: 1\n!Ref b: 2\n");
    assert_eq!(problem.code, "unsupported-key");
    assert_eq!(text(&file, problem.span.unwrap()), "!Ref");
    let (_, parsed) = ok("a: [! \"Ref\": x]\n!!str 1: y\n");
    assert_eq!(at(&parsed.root, &["a", "0", "Ref"]).value, string("x"));
    assert_eq!(parsed.root.get("1").unwrap().value, string("y"));
}

// ---- refusals ----------------------------------------------------------------------------

#[test]
fn aliases_are_refused_where_they_are_and_anchors_alone_are_harmless() {
    let (file, problem) = refused("a: &x 1\nb: *x\n");
    assert_eq!(problem.code, "yaml-alias");
    assert_eq!(text(&file, problem.span.unwrap()), "*x");
    assert_eq!(problem_position(&file, &problem), (2, 4));
    let (file, parsed) = ok("a: &x !Ref B\nb: &y\n  - 1\n");
    let a = parsed.root.get("a").unwrap();
    assert_eq!(text(&file, a.span), "&x !Ref B");
    assert_eq!(text(&file, a.as_map().unwrap()[0].key_span), "!Ref");
    assert_eq!(
        at(&parsed.root, &["b", "0"]).value,
        NodeValue::Number("1".into())
    );
}

#[test]
fn an_alias_bomb_is_refused_at_once() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..12 {
        let previous = (b'a' + level - 1) as char;
        let name = (b'a' + level) as char;
        let aliases = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{aliases}]\n"));
    }
    let started = Instant::now();
    let (file, problem) = refused(&bomb);
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(problem.code, "yaml-alias");
    assert_eq!(problem_position(&file, &problem), (2, 8));
}

#[test]
fn merge_keys_are_refused_but_a_quoted_key_is_text() {
    let (file, problem) = refused("base: {a: 1}\nderived:\n  <<: {a: 2}\n");
    assert_eq!(problem.code, "yaml-merge-key");
    assert_eq!(problem_position(&file, &problem), (3, 3));
    assert_eq!(text(&file, problem.span.unwrap()), "<<");
    let (_, parsed) = ok("{\"<<\": 1}");
    assert_eq!(
        parsed.root.get("<<").unwrap().value,
        NodeValue::Number("1".into())
    );
}

#[test]
fn a_second_document_is_refused() {
    let (file, problem) = refused("a: 1\n---\nb: 2\n");
    assert_eq!(problem.code, "multiple-documents");
    assert_eq!(problem_position(&file, &problem), (2, 1));
    let (file, problem) = refused("a: é\n...\né: 2\n");
    assert_eq!(problem.code, "multiple-documents");
    assert_eq!(problem_position(&file, &problem), (3, 1));
    let (_, parsed) = ok("---\na: 1\n...\n");
    assert_eq!(
        parsed.root.get("a").unwrap().value,
        NodeValue::Number("1".into())
    );
}

// ---- depth -------------------------------------------------------------------------------

fn nested_flow(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

#[test]
fn nesting_up_to_the_limit_parses() {
    let (_, parsed) = ok(&nested_flow(MAX_DEPTH));
    let mut node = &parsed.root;
    let mut depth = 1;
    while let Some([inner]) = node.as_seq() {
        node = inner;
        depth += 1;
    }
    assert_eq!(depth, MAX_DEPTH);
}

#[test]
fn nesting_past_the_limit_is_too_deep() {
    let (file, problem) = refused(&nested_flow(MAX_DEPTH + 1));
    assert_eq!(problem.code, "too-deep");
    assert_eq!(problem_position(&file, &problem), (1, MAX_DEPTH as u32 + 1));
}

#[test]
fn a_hundred_thousand_brackets_are_too_deep_not_a_crash() {
    let (_, problem) = refused(&"[".repeat(100_000));
    assert_eq!(problem.code, "too-deep");
    let (_, problem) = refused(&"{\"a\": ".repeat(100_000));
    assert_eq!(problem.code, "too-deep");
}

#[test]
fn deep_block_yaml_is_too_deep_not_a_crash() {
    let (file, problem) = refused(&"- ".repeat(100_000));
    assert_eq!(problem.code, "too-deep");
    assert_eq!(
        problem_position(&file, &problem),
        (1, 2 * MAX_DEPTH as u32 + 1)
    );
    let mappings: String = (0..2_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let (file, problem) = refused(&mappings);
    assert_eq!(problem.code, "too-deep");
    assert_eq!(problem_position(&file, &problem).0, MAX_DEPTH as u32 + 1);
}

// ---- syntax errors -----------------------------------------------------------------------

#[test]
fn a_missing_comma_in_json_is_positioned_at_the_next_entry() {
    // saphyr notices the missing comma at the next entry's colon.
    let (file, problem) = refused("{\n  \"a\": 1\n  \"b\": 2\n}\n");
    assert_eq!(problem.code, "parse-error");
    assert_eq!(problem_position(&file, &problem), (3, 6));
    assert_eq!(text(&file, problem.span.unwrap()), ":");
    assert!(
        problem.message.starts_with("expected `,` or `}`"),
        "{}",
        problem.message
    );
    let (file, problem) = refused("{\"a\": [1, 2}");
    assert_eq!(problem_position(&file, &problem), (1, 12));
}

#[test]
fn bad_yaml_indentation_is_positioned_at_the_line() {
    let (file, problem) = refused("a:\n  b: 1\n c: 2\n");
    assert_eq!(problem.code, "parse-error");
    assert_eq!(problem_position(&file, &problem), (3, 2));
    assert!(
        problem.message.contains("not indented like"),
        "{}",
        problem.message
    );
}

#[test]
fn an_unclosed_quote_is_positioned_at_the_quote() {
    let (file, problem) = refused("a: 1\nb: \"abc\nc: 2\n");
    assert_eq!(problem_position(&file, &problem), (2, 4));
    let (file, problem) = refused("a: 1\nb: 'abc\n");
    assert_eq!(problem_position(&file, &problem), (2, 4));
    assert!(
        problem.message.contains("not closed"),
        "{}",
        problem.message
    );
}

#[test]
fn tab_indentation_is_refused_at_the_tab() {
    let (file, problem) = refused("a:\n\tb: 1\n");
    assert_eq!(problem_position(&file, &problem), (2, 1));
    assert_eq!(text(&file, problem.span.unwrap()), "\t");
    let (file, problem) = refused("a:\n  b:\n  \t\tc: 1\n");
    assert_eq!(problem_position(&file, &problem), (3, 3));
    assert!(
        problem
            .message
            .starts_with("YAML indentation must use spaces")
    );
}

#[test]
fn an_error_after_multi_byte_text_is_positioned_in_code_points() {
    let (file, problem) = refused("{\"é€\": \"☕\" \"x\": 1}");
    assert_eq!(problem_position(&file, &problem), (1, 12));
    assert_eq!(text(&file, problem.span.unwrap()), "\"");
}
