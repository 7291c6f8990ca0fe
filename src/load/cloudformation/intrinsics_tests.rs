//! Tests of intrinsic function evaluation, through whole templates.

use crate::document::{Entry, Node, NodeValue};
use crate::load::cloudformation::testing::{codes, load, node, property};
use crate::load::{LoadedInput, Pseudo, Reference, TextPart, Unknown, Value, ValueKind};
use crate::source::{FileId, Span};

const SECTIONS: &str = r#"
  "Parameters": {
    "Named": {"Type": "String", "Default": "ops"},
    "Free": {"Type": "String"},
    "Choice": {"Type": "String", "AllowedValues": ["a", "b"]},
    "Names": {"Type": "CommaDelimitedList", "Default": "x, y"},
    "Env": {"Type": "String", "Default": "prod"}
  },
  "Mappings": {
    "Partitions": {"aws": {"Arn": "arn:aws"}, "aws-cn": {"Arn": "arn:aws-cn"}},
    "Accounts": {"prod": {"Id": "111"}, "dev": {"Id": "222"}}
  },
  "Conditions": {
    "Always": {"Fn::Equals": ["a", "a"]},
    "Never": {"Fn::Not": [{"Condition": "Always"}]},
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "InUsEast": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
    "ProdAndNever": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "Never"}]},
    "ProdOrAlways": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "Always"}]},
    "ProdAndAlways": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "Always"}]},
    "MapLookup": {"Fn::Equals": [{"Fn::FindInMap": ["Accounts", "prod", "Id"]}, 111]},
    "CycleA": {"Fn::Not": [{"Condition": "CycleB"}]},
    "CycleB": {"Fn::Not": [{"Condition": "CycleA"}]},
    "Broken": {"Fn::Whatever": [1]}
  },"#;

/// Loads a template whose resource `R` has `{"V": value}` as properties.
fn with_value(value: &str) -> (LoadedInput, Node) {
    let text = format!(
        r#"{{{SECTIONS} "Resources": {{
            "Other": {{"Type": "AWS::IAM::Role"}},
            "R": {{"Type": "Test::Thing::Here", "Properties": {{"V": {value}}}}}}}}}"#
    );
    (load(&text), node(&text))
}

fn evaluate_quietly(value: &str) -> ValueKind {
    let (input, _) = with_value(value);
    assert_eq!(codes(&input), Vec::<&str>::new(), "unexpected problems");
    property(&input, "R", "V").clone()
}

fn warned(value: &str, code: &str) -> ValueKind {
    let (input, _) = with_value(value);
    assert!(
        codes(&input).contains(&code),
        "expected {code} in {:?}",
        input.problems
    );
    property(&input, "R", "V").clone()
}

fn text(value: &str) -> ValueKind {
    ValueKind::Str(value.into())
}

fn texts(kind: &ValueKind) -> Vec<ValueKind> {
    match kind {
        ValueKind::List(items) | ValueKind::OneOf(items) => {
            items.iter().map(|item| item.kind.clone()).collect()
        }
        other => panic!("not a list or choice: {other:?}"),
    }
}

fn reason(kind: &ValueKind) -> &str {
    match kind {
        ValueKind::Unknown(unknown) => &unknown.reason,
        other => panic!("not unknown: {other:?}"),
    }
}

fn reference(address: &str, attribute: Option<&str>) -> ValueKind {
    ValueKind::Reference(Box::new(Reference {
        address: address.into(),
        attribute: attribute.map(Into::into),
        file: None,
    }))
}

fn partition_arn(rest: &str) -> ValueKind {
    ValueKind::Template(vec![
        TextPart::Literal("arn:".into()),
        TextPart::Pseudo(Pseudo::Partition),
        TextPart::Literal(rest.into()),
    ])
}

#[test]
fn ref_to_a_parameter_is_its_default_at_the_ref() {
    let (input, root) = with_value(r#"{"Ref": "Named"}"#);
    let value = input.resources[1].properties.get("V").unwrap();
    assert_eq!(value.kind, text("ops"));
    let written = root.get("Resources").unwrap().get("R").unwrap();
    let expected_span = written.get("Properties").unwrap().get("V").unwrap().span;
    assert_eq!(value.span, expected_span);
}

#[test]
fn ref_to_parameters_without_default() {
    assert_eq!(
        reason(&evaluate_quietly(r#"{"Ref": "Free"}"#)),
        "parameter `Free` has no default"
    );
    assert_eq!(
        texts(&evaluate_quietly(r#"{"Ref": "Choice"}"#)),
        vec![text("a"), text("b")]
    );
    assert_eq!(
        texts(&evaluate_quietly(r#"{"Ref": "Names"}"#)),
        vec![text("x"), text("y")]
    );
}

#[test]
fn ref_to_pseudo_parameters_stays_symbolic() {
    assert_eq!(
        evaluate_quietly(r#"{"Ref": "AWS::Partition"}"#),
        ValueKind::Template(vec![TextPart::Pseudo(Pseudo::Partition)])
    );
    assert_eq!(
        evaluate_quietly(r#"{"Ref": "AWS::AccountId"}"#),
        ValueKind::Template(vec![TextPart::Pseudo(Pseudo::AccountId)])
    );
}

#[test]
fn no_value_drops_map_fields_and_list_items() {
    let (input, _) = with_value(r#"{"Keep": 1, "Drop": {"Ref": "AWS::NoValue"}}"#);
    let value = input.resources[1].properties.get("V").unwrap();
    assert!(value.get("Keep").is_some());
    assert!(value.get("Drop").is_none());
    let list = evaluate_quietly(r#"["a", {"Ref": "AWS::NoValue"}, "b"]"#);
    assert_eq!(texts(&list), vec![text("a"), text("b")]);
    let (input, _) = with_value(r#"{"Ref": "AWS::NoValue"}"#);
    assert!(input.resources[1].properties.get("V").is_none());
}

#[test]
fn ref_to_a_resource_is_a_reference() {
    assert_eq!(
        evaluate_quietly(r#"{"Ref": "Other"}"#),
        reference("Other", None)
    );
}

#[test]
fn ref_to_nothing_is_unknown_and_warned() {
    let kind = warned(r#"{"Ref": "Nowhere"}"#, "cfn-unresolved-reference");
    assert!(reason(&kind).contains("Nowhere"));
    let kind = warned(r#"{"Ref": ["Other"]}"#, "cfn-bad-intrinsic");
    assert_eq!(reason(&kind), "malformed Ref");
}

#[test]
fn get_att_forms() {
    assert_eq!(
        evaluate_quietly(r#"{"Fn::GetAtt": ["Other", "Arn"]}"#),
        reference("Other", Some("Arn"))
    );
    // The string form splits on the first dot only: attributes may contain dots.
    assert_eq!(
        evaluate_quietly(r#"{"Fn::GetAtt": "Other.Endpoint.Address"}"#),
        reference("Other", Some("Endpoint.Address"))
    );
    let computed = evaluate_quietly(r#"{"Fn::GetAtt": ["Other", {"Ref": "Named"}]}"#);
    assert!(reason(&computed).contains("chosen at deploy time"));
}

#[test]
fn get_att_failures() {
    warned(
        r#"{"Fn::GetAtt": ["Nowhere", "Arn"]}"#,
        "cfn-unresolved-reference",
    );
    warned(r#"{"Fn::GetAtt": "NoDot"}"#, "cfn-bad-intrinsic");
    warned(r#"{"Fn::GetAtt": ["Other"]}"#, "cfn-bad-intrinsic");
    warned(r#"{"Fn::GetAtt": [1, "Arn"]}"#, "cfn-bad-intrinsic");
}

#[test]
fn sub_string_form() {
    assert_eq!(evaluate_quietly(r#"{"Fn::Sub": "plain"}"#), text("plain"));
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/X"}"#),
        partition_arn(":iam::aws:policy/X")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Sub": "${Other.Arn}"}"#),
        reference("Other", Some("Arn"))
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Sub": "${Named}-${!Literal}"}"#),
        text("ops-${Literal}")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Sub": "role/${Other}"}"#),
        ValueKind::Template(vec![
            TextPart::Literal("role/".into()),
            TextPart::Reference(Reference {
                address: "Other".into(),
                attribute: None,
                file: None
            }),
        ])
    );
}

#[test]
fn sub_with_variables() {
    let kind = evaluate_quietly(
        r#"{"Fn::Sub": ["${Prefix}/${Named}", {"Prefix": {"Fn::Join": ["-", ["a", "b"]]}}]}"#,
    );
    assert_eq!(kind, text("a-b/ops"));
    // The variable map comes before parameters of the same name.
    let kind = evaluate_quietly(r#"{"Fn::Sub": ["${Named}", {"Named": "local"}]}"#);
    assert_eq!(kind, text("local"));
    let kind =
        evaluate_quietly(r#"{"Fn::Sub": ["${A}-${A}", {"A": {"Fn::If": ["IsProd", "p", "d"]}}]}"#);
    assert_eq!(
        texts(&kind),
        vec![text("p-p"), text("p-d"), text("d-p"), text("d-d")]
    );
}

#[test]
fn sub_keeps_unknown_parts() {
    let kind = evaluate_quietly(r#"{"Fn::Sub": "arn:aws:iam::${Free}:root"}"#);
    assert_eq!(
        kind,
        ValueKind::Template(vec![
            TextPart::Literal("arn:aws:iam::".into()),
            TextPart::Unknown(Unknown::new("parameter `Free` has no default")),
            TextPart::Literal(":root".into()),
        ])
    );
}

#[test]
fn sub_failures() {
    warned(r#"{"Fn::Sub": 3}"#, "cfn-bad-intrinsic");
    warned(r#"{"Fn::Sub": ["${A}", "not a map"]}"#, "cfn-bad-intrinsic");
    let kind = evaluate_quietly(r#"{"Fn::Sub": "${Names}"}"#);
    assert_eq!(reason(&kind), "a list cannot be part of a string");
    let many = r#"{"Fn::Sub": ["${A}${A}${A}${A}${A}", {"A": {"Fn::If": ["IsProd", "p", "d"]}}]}"#;
    assert!(reason(&evaluate_quietly(many)).contains("more than 16"));
}

#[test]
fn sub_with_many_variables_and_references_is_linear() {
    // 100,000 variables and a string that uses each: looked up by scanning the variables,
    // that is 5 billion comparisons (40 s in a release build), far past the guard below;
    // looked up by hash, well under a second. And a 1 MB value used 10,000 times: copied
    // per use, 10 GB. The guard only catches a return to quadratic work or copying (the
    // scaling benchmark, benches/scaling.rs, measures the speed), so it is generous enough
    // for a debug build on a loaded machine.
    let count = 100_000;
    let names: Vec<String> = (0..count).map(|i| format!("V{i}")).collect();
    let string: String = names.iter().map(|name| format!("${{{name}}}")).collect();
    let variables: Vec<String> = names
        .iter()
        .map(|name| format!(r#""{name}": "x""#))
        .collect();
    let started = std::time::Instant::now();
    let kind = evaluate_quietly(&format!(
        r#"{{"Fn::Sub": ["{string}", {{{}}}]}}"#,
        variables.join(",")
    ));
    assert_eq!(kind, text(&"x".repeat(count)));
    let large = "y".repeat(1 << 20);
    let kind = evaluate_quietly(&format!(
        r#"{{"Fn::Sub": ["{}", {{"A": "{large}"}}]}}"#,
        "${A}".repeat(10_000)
    ));
    assert!(reason(&kind).contains("longer than"), "{kind:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn join_forms() {
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Join": [":", ["a", 1, "b"]]}"#),
        text("a:1:b")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Join": ["-", {"Ref": "Names"}]}"#),
        text("x-y")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Join": ["", ["a", {"Ref": "AWS::NoValue"}, "b"]]}"#),
        text("ab")
    );
    assert_eq!(
        evaluate_quietly(
            r#"{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/X"]]}"#
        ),
        partition_arn(":iam::aws:policy/X")
    );
    let kind =
        evaluate_quietly(r#"{"Fn::Join": [",", {"Fn::If": ["IsProd", ["a", "b"], ["c"]]}]}"#);
    assert_eq!(texts(&kind), vec![text("a,b"), text("c")]);
}

#[test]
fn join_failures() {
    let kind = evaluate_quietly(r#"{"Fn::Join": [",", {"Fn::GetAtt": ["Other", "List"]}]}"#);
    assert!(reason(&kind).contains("Fn::Join"));
    let kind = evaluate_quietly(r#"{"Fn::Join": [",", {"Fn::GetAZs": ""}]}"#);
    assert!(reason(&kind).contains("Fn::GetAZs"));
    warned(
        r#"{"Fn::Join": [{"Ref": "Other"}, ["a"]]}"#,
        "cfn-bad-intrinsic",
    );
    warned(r#"{"Fn::Join": ["a"]}"#, "cfn-bad-intrinsic");
}

#[test]
fn select_and_split() {
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Select": ["1", ["a", "b"]]}"#),
        text("b")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Select": [0, {"Ref": "Names"}]}"#),
        text("x")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::Select": [2, {"Fn::Split": [":", "arn:aws:iam"]}]}"#),
        text("iam")
    );
    let split = evaluate_quietly(r#"{"Fn::Split": [",", "a,b"]}"#);
    assert_eq!(texts(&split), vec![text("a"), text("b")]);
}

#[test]
fn select_and_split_failures() {
    let kind = warned(r#"{"Fn::Select": [5, ["a"]]}"#, "cfn-bad-intrinsic");
    assert!(reason(&kind).contains("past the end"));
    warned(r#"{"Fn::Select": ["x", ["a"]]}"#, "cfn-bad-intrinsic");
    let kind = evaluate_quietly(r#"{"Fn::Select": [0, {"Fn::GetAZs": ""}]}"#);
    assert!(reason(&kind).contains("Fn::GetAZs"));
    let kind = evaluate_quietly(r#"{"Fn::Select": [{"Ref": "Free"}, ["a"]]}"#);
    assert!(reason(&kind).contains("index"));
    let kind = evaluate_quietly(r#"{"Fn::Split": [":", {"Fn::GetAtt": ["Other", "Arn"]}]}"#);
    assert!(reason(&kind).contains("Fn::Split"));
    warned(r#"{"Fn::Split": ["", "abc"]}"#, "cfn-bad-intrinsic");
}

#[test]
fn find_in_map_exact_and_by_unknown_key() {
    assert_eq!(
        evaluate_quietly(r#"{"Fn::FindInMap": ["Accounts", {"Ref": "Env"}, "Id"]}"#),
        text("111")
    );
    let kind =
        evaluate_quietly(r#"{"Fn::FindInMap": ["Partitions", {"Ref": "AWS::Partition"}, "Arn"]}"#);
    assert_eq!(texts(&kind), vec![text("arn:aws"), text("arn:aws-cn")]);
    let kind = warned(
        r#"{"Fn::FindInMap": ["Accounts", {"Ref": "Choice"}, "Id"]}"#,
        "cfn-mapping-key-missing",
    );
    assert_eq!(
        reason(&kind),
        "mapping `Accounts` has no value for these keys"
    );
}

#[test]
fn find_in_map_failures_and_default() {
    let kind = warned(
        r#"{"Fn::FindInMap": ["Accounts", "test", "Id"]}"#,
        "cfn-mapping-key-missing",
    );
    assert!(reason(&kind).contains("Accounts"));
    warned(
        r#"{"Fn::FindInMap": ["Nope", "prod", "Id"]}"#,
        "cfn-mapping-key-missing",
    );
    warned(
        r#"{"Fn::FindInMap": ["Accounts", "prod"]}"#,
        "cfn-bad-intrinsic",
    );
    let kind = evaluate_quietly(
        r#"{"Fn::FindInMap": ["Accounts", "test", "Id", {"DefaultValue": "000"}]}"#,
    );
    assert_eq!(kind, text("000"));
}

#[test]
fn if_with_decided_conditions_picks_a_branch() {
    assert_eq!(
        evaluate_quietly(r#"{"Fn::If": ["Always", "yes", "no"]}"#),
        text("yes")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::If": ["Never", "yes", "no"]}"#),
        text("no")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::If": ["ProdAndNever", "yes", "no"]}"#),
        text("no")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::If": ["ProdOrAlways", "yes", "no"]}"#),
        text("yes")
    );
    assert_eq!(
        evaluate_quietly(r#"{"Fn::If": ["MapLookup", "yes", "no"]}"#),
        text("yes")
    );
}

#[test]
fn if_with_undecided_conditions_is_one_of() {
    for condition in ["IsProd", "InUsEast", "ProdAndAlways"] {
        let kind = evaluate_quietly(&format!(r#"{{"Fn::If": ["{condition}", "yes", "no"]}}"#));
        assert_eq!(texts(&kind), vec![text("yes"), text("no")], "{condition}");
    }
    let kind = evaluate_quietly(r#"{"Fn::If": ["IsProd", "x", {"Ref": "AWS::NoValue"}]}"#);
    assert_eq!(texts(&kind), vec![text("x"), ValueKind::Absent]);
}

#[test]
fn if_failures() {
    let kind = warned(
        r#"{"Fn::If": ["CycleA", "yes", "no"]}"#,
        "cfn-condition-cycle",
    );
    assert_eq!(texts(&kind), vec![text("yes"), text("no")]);
    warned(
        r#"{"Fn::If": ["Missing", "yes", "no"]}"#,
        "cfn-unknown-condition",
    );
    warned(
        r#"{"Fn::If": ["Broken", "yes", "no"]}"#,
        "cfn-bad-condition",
    );
    warned(r#"{"Fn::If": ["IsProd", "yes"]}"#, "cfn-bad-intrinsic");
    warned(
        r#"{"Fn::If": [["IsProd"], "yes", "no"]}"#,
        "cfn-bad-intrinsic",
    );
}

#[test]
fn opaque_functions_are_unknown_with_their_name() {
    for (call, name) in [
        (
            r#"{"Fn::ImportValue": "Shared-RoleArn"}"#,
            "Fn::ImportValue",
        ),
        (r#"{"Fn::Base64": "x"}"#, "Fn::Base64"),
        (r#"{"Fn::Cidr": ["10.0.0.0/16", 2, 8]}"#, "Fn::Cidr"),
        (
            r#"{"Fn::Transform": {"Name": "AWS::Include"}}"#,
            "Fn::Transform",
        ),
        (r#"{"Fn::ToJsonString": {"a": 1}}"#, "Fn::ToJsonString"),
        (r#"{"Fn::Length": [1, 2]}"#, "Fn::Length"),
        (r#"{"Fn::GetStackOutput": {}}"#, "Fn::GetStackOutput"),
        (r#"{"Fn::Made::Up": 1}"#, "Fn::Made::Up"),
    ] {
        assert!(reason(&evaluate_quietly(call)).contains(name), "{call}");
    }
    assert!(reason(&evaluate_quietly(r#"{"Fn::ImportValue": "x"}"#)).contains("another stack"));
}

#[test]
fn maps_that_are_not_single_function_calls_are_data() {
    let kind = evaluate_quietly(r#"{"Ref": "Named", "Extra": 1}"#);
    let ValueKind::Map(fields) = kind else {
        panic!("expected a map")
    };
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[0].value.kind, text("Named"));
    let kind = evaluate_quietly(r#"{"Condition": {"StringEquals": {"k": "v"}}}"#);
    assert!(matches!(kind, ValueKind::Map(_)));
}

#[test]
fn dynamic_references_are_unknown() {
    let kind = evaluate_quietly(r#""{{resolve:ssm:/roles/arn}}""#);
    assert!(reason(&kind).contains("{{resolve:ssm:/roles/arn}}"));
    let kind = evaluate_quietly(r#""arn:aws:iam::{{resolve:ssm:/account}}:root""#);
    let ValueKind::Template(parts) = kind else {
        panic!("expected a template")
    };
    assert_eq!(parts.len(), 3);
    assert_eq!(
        evaluate_quietly(r#""{{not a reference}}""#),
        text("{{not a reference}}")
    );
}

/// `{"Fn::Sub": ["${A}", {"A": <inner>}]}` nested `levels` times around a literal.
fn deep_sub(levels: usize) -> Node {
    let span = Span::default();
    let mut inner = Node::new(span, NodeValue::String("end".into()));
    for _ in 0..levels {
        let variables = Node::new(
            span,
            NodeValue::Map(vec![Entry {
                key: "A".into(),
                key_span: span,
                value: inner,
            }]),
        );
        let arguments = Node::new(
            span,
            NodeValue::Seq(vec![
                Node::new(span, NodeValue::String("${A}".into())),
                variables,
            ]),
        );
        inner = Node::new(
            span,
            NodeValue::Map(vec![Entry {
                key: "Fn::Sub".into(),
                key_span: span,
                value: arguments,
            }]),
        );
    }
    inner
}

#[test]
fn deep_nesting_is_cut_off_not_overflowed() {
    for (levels, expect_known) in [(10, true), (300, false)] {
        let template = node(r#"{"Resources": {"R": {"Type": "T::T::T", "Properties": {"V": 0}}}}"#);
        let mut template = template;
        let NodeValue::Map(sections) = &mut template.value else {
            unreachable!()
        };
        let NodeValue::Map(resources) = &mut sections[0].value.value else {
            unreachable!()
        };
        let NodeValue::Map(declaration) = &mut resources[0].value.value else {
            unreachable!()
        };
        let NodeValue::Map(properties) = &mut declaration[1].value.value else {
            unreachable!()
        };
        properties[0].value = deep_sub(levels);
        let input = crate::load::cloudformation::load_template(&template, FileId(0)).unwrap();
        let value: &Value = input.resources[0].properties.get("V").unwrap();
        assert_eq!(value.kind == text("end"), expect_known, "{levels} levels");
    }
}
