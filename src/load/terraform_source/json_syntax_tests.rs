//! The `.tf.json` rewriting: what each JSON form stands for in native syntax, where each
//! place maps back to, and what Terraform refuses.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};

use super::*;

fn native(json: &str) -> (Converted, Body) {
    let converted = convert(json).unwrap_or_else(|invalid| panic!("{invalid:?}"));
    let body = hcl_edit::parser::parse_body(&converted.text)
        .unwrap_or_else(|error| panic!("{error}\n{}", converted.text));
    (converted, body)
}

fn invalid(json: &str) -> Invalid {
    match convert(json) {
        Ok(converted) => panic!("accepted:\n{}", converted.text),
        Err(invalid) => invalid,
    }
}

/// `(type, labels)` of each top-level block.
fn blocks(body: &Body) -> Vec<(String, Vec<String>)> {
    body.iter()
        .filter_map(|structure| match structure {
            Structure::Block(block) => Some((
                block.ident.as_str().to_owned(),
                block
                    .labels
                    .iter()
                    .map(|label| label.as_str().to_owned())
                    .collect(),
            )),
            Structure::Attribute(_) => None,
        })
        .collect()
}

fn first_block<'a>(body: &'a Body, ident: &str) -> &'a Body {
    body.iter()
        .find_map(|structure| match structure {
            Structure::Block(block) if block.ident.as_str() == ident => Some(&block.body),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {ident} block"))
}

fn attribute<'a>(body: &'a Body, key: &str) -> &'a Expression {
    body.iter()
        .find_map(|structure| match structure {
            Structure::Attribute(attribute) if attribute.key.as_str() == key => {
                Some(&attribute.value)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {key} attribute"))
}

#[test]
fn labels_nest_and_arrays_at_any_level_stand_for_several_objects() {
    let (_, body) = native(
        r#"{
  "resource": [
    {"aws_iam_role": {"a": {"name": "a"}, "b": [{"name": "b"}]}},
    {"aws_iam_policy": {"p": {"name": "p"}}}
  ],
  "variable": {"v": {}},
  "locals": [{"x": 1}, {"y": 2}],
  "output": {"o": {"value": "${local.x}"}},
  "module": {"m": {"source": "./m"}},
  "terraform": {"required_version": ">= 1.5"},
  "provider": {"aws": [{"region": "eu-west-1"}]},
  "moved": [{"from": "aws_iam_role.old", "to": "aws_iam_role.a"}]
}"#,
    );
    let strings = |items: &[&str]| items.iter().map(|&item| item.to_owned()).collect();
    assert_eq!(
        blocks(&body),
        [
            ("resource".to_owned(), strings(&["aws_iam_role", "a"])),
            ("resource".to_owned(), strings(&["aws_iam_role", "b"])),
            ("resource".to_owned(), strings(&["aws_iam_policy", "p"])),
            ("variable".to_owned(), strings(&["v"])),
            ("locals".to_owned(), strings(&[])),
            ("locals".to_owned(), strings(&[])),
            ("output".to_owned(), strings(&["o"])),
            ("module".to_owned(), strings(&["m"])),
        ],
        "blocks that declare nothing (terraform, provider, moved) are left out"
    );
}

#[test]
fn schema_blocks_become_blocks_and_other_objects_stay_arguments() {
    let (_, body) = native(
        r#"{
  "resource": {
    "aws_iam_role": {"r": {
      "//": "a comment",
      "name": "r",
      "tags": {"team": "ops"},
      "inline_policy": [{"name": "one", "policy": "{}"}, {"name": "two", "policy": "{}"}],
      "depends_on": ["aws_iam_policy.p"],
      "lifecycle": {"ignore_changes": ["tags"]},
      "count": "${var.enabled ? 1 : 0}"
    }},
    "aws_s3_bucket": {"b": {"logging": {"target_bucket": "x"}}}
  },
  "data": {"aws_iam_policy_document": {"d": {
    "statement": {"actions": ["support:*"], "principals": [{"type": "AWS", "identifiers": ["*"]}]},
    "dynamic": {"statement": {
      "for_each": "${var.denied}",
      "iterator": "denied",
      "content": {"effect": "Deny", "actions": ["${denied.value}"], "condition": {"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}}
    }}
  }}}
}"#,
    );
    let role = first_block(&body, "resource");
    let kinds: Vec<_> = role
        .iter()
        .map(|structure| match structure {
            Structure::Attribute(attribute) => format!("{} =", attribute.key.as_str()),
            Structure::Block(block) => format!("{} {{}}", block.ident.as_str()),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "name =",
            "tags =",
            "inline_policy {}",
            "inline_policy {}",
            "count ="
        ]
    );
    assert!(matches!(attribute(role, "tags"), Expression::Object(_)));
    let bucket = body
        .iter()
        .filter_map(|structure| match structure {
            Structure::Block(block) => Some(&block.body),
            Structure::Attribute(_) => None,
        })
        .nth(1)
        .unwrap();
    assert!(
        matches!(attribute(bucket, "logging"), Expression::Object(_)),
        "a type whose schema is not carried keeps its objects as arguments"
    );
    let document = first_block(&body, "data");
    let statement = first_block(document, "statement");
    assert_eq!(first_block(statement, "principals").iter().count(), 2);
    let dynamic = document
        .iter()
        .find_map(|structure| match structure {
            Structure::Block(block) if block.ident.as_str() == "dynamic" => Some(block),
            _ => None,
        })
        .unwrap();
    assert_eq!(dynamic.labels[0].as_str(), "statement");
    assert!(matches!(
        attribute(&dynamic.body, "iterator"),
        Expression::Variable(name) if name.as_str() == "denied"
    ));
    let content = first_block(&dynamic.body, "content");
    assert_eq!(
        first_block(content, "condition").iter().count(),
        3,
        "blocks nested in a dynamic block's content follow the schema of its label"
    );
}

#[test]
fn strings_are_templates_except_where_terraform_takes_them_literally() {
    let (converted, body) = native(
        r#"{
  "variable": {"v": {"type": "map(string)", "default": {"${not}": "a \"b\" \\ ${literal} %{x}"}}},
  "locals": {
    "quoted": "say \"hi\"\n\tC:\\path $${kept} ${jsonencode({\"k\" = \"v\"})}",
    "whole": "${var.v}",
    "directive": "%{ for x in var.v }${x},%{ endfor }"
  },
  "module": {"m": {"source": "./modules/${x}", "version": "1.0"}}
}"#,
    );
    let text = &converted.text;
    assert!(
        text.contains(r#""$${not}" = "a \"b\" \\ $${literal} %%{x}""#),
        "{text}"
    );
    assert!(
        text.contains(r#""say \"hi\"\n\tC:\\path $${kept} ${jsonencode({"k" = "v"})}""#),
        "{text}"
    );
    assert!(text.contains(r#"source = "./modules/$${x}""#), "{text}");
    assert!(text.contains("type = map(string)"), "{text}");
    let locals = first_block(&body, "locals");
    assert!(matches!(
        attribute(locals, "whole"),
        Expression::StringTemplate(_)
    ));
    assert!(matches!(
        attribute(locals, "directive"),
        Expression::StringTemplate(_)
    ));
}

#[test]
fn every_place_maps_back_to_where_the_json_writes_it() {
    let json = "{\n  \"resource\": {\n    \"aws_iam_role_policy_attachment\": {\n      \"a\": {\n        \"role\": \"${aws_iam_role.r.name}\",\n        \"policy_arn\": \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n      }\n    }\n  }\n}\n";
    let (converted, body) = native(json);
    let attachment = first_block(&body, "resource");
    let back = |expression: &Expression| {
        let range = hcl_edit::Span::span(expression).unwrap();
        let span = converted.map.span(Span::new(range.start, range.end));
        &json[span.start as usize..span.end as usize]
    };
    assert_eq!(
        back(attribute(attachment, "policy_arn")),
        "\"arn:aws:iam::aws:policy/AWSSupportAccess\""
    );
    assert_eq!(
        back(attribute(attachment, "role")),
        "\"${aws_iam_role.r.name}\""
    );
    let key = body
        .iter()
        .find_map(|structure| match structure {
            Structure::Block(block) => block.body.iter().find_map(|inner| match inner {
                Structure::Attribute(attribute) if attribute.key.as_str() == "role" => {
                    Some(hcl_edit::Span::span(&attribute.key).unwrap())
                }
                _ => None,
            }),
            Structure::Attribute(_) => None,
        })
        .unwrap();
    let span = converted.map.span(Span::new(key.start, key.end));
    assert_eq!(&json[span.start as usize..span.end as usize], "\"role\"");
    let labels = match body.iter().next() {
        Some(Structure::Block(block)) => hcl_edit::Span::span(&block.labels[1]).unwrap(),
        _ => panic!("no block"),
    };
    let span = converted.map.span(Span::new(labels.start, labels.end));
    assert_eq!(&json[span.start as usize..span.end as usize], "\"a\"");
}

#[test]
fn what_terraform_refuses_is_an_error_at_its_place() {
    let cases = [
        ("{\"resource\": {,}}", "{\"resource\": {", "not valid JSON"),
        ("[1, 2]", "", "one JSON object"),
        (
            "{\"locals\": {\"a\": \"${unclosed\"}}",
            "{\"locals\": {\"a\": ",
            "not a valid template",
        ),
        (
            "{\"locals\": {\"not a name\": 1}}",
            "{\"locals\": {",
            "not a valid argument name",
        ),
        (
            "{\"variable\": {\"v\": {\"type\": \"${list(string)}\"}}}",
            "{\"variable\": {\"v\": {\"type\": ",
            "is not an expression",
        ),
    ];
    for (json, before, message) in cases {
        let refused = invalid(json);
        assert_eq!(
            refused.span.start as usize,
            before.len(),
            "{json}: {refused:?}"
        );
        assert!(refused.message.contains(message), "{json}: {refused:?}");
    }
}
