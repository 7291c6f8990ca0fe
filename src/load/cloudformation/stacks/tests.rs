use super::rewrite::{Leaf, rewrite};
use super::*;
use crate::load::cloudformation::testing::node;
use crate::load::cloudformation::{NestedTemplate, load_template};
use crate::load::{Reference, TextPart, Unknown, Value, ValueKind};
use crate::source::{FileId, Span};

#[test]
fn paths_are_normalized_without_the_file_system() {
    let cases = [
        ("stacks/./roles/../app.yaml", "stacks/app.yaml"),
        ("./app.yaml", "app.yaml"),
        ("a/../../b.yaml", "../b.yaml"),
        ("../../x", "../../x"),
    ];
    for (path, expected) in cases {
        assert_eq!(
            normalize(Path::new(path)),
            PathBuf::from(expected),
            "{path}"
        );
    }
}

fn at(kind: ValueKind) -> Value {
    Value::new(Span::new(5, 9), kind)
}

#[test]
fn a_replaced_part_of_a_string_becomes_its_text() {
    let import = Unknown::import("prod-RoleName");
    let mut value = at(ValueKind::Template(vec![
        TextPart::Literal("arn:aws:iam::123456789012:role/".into()),
        TextPart::Unknown(import.clone()),
    ]));
    let mut replace = |leaf: Leaf<'_>, span: Span| match leaf {
        Leaf::Unknown(unknown) if unknown.import.is_some() => {
            Some(Value::new(span, ValueKind::Str("SupportRole".into())))
        }
        _ => None,
    };
    assert!(rewrite(&mut value, &mut replace));
    assert_eq!(
        value.kind,
        ValueKind::Str("arn:aws:iam::123456789012:role/SupportRole".into())
    );
    let mut untouched = at(ValueKind::Unknown(Box::new(Unknown::new("a parameter"))));
    assert!(!rewrite(&mut untouched, &mut replace));
}

#[test]
fn carried_values_keep_naming_the_input_that_declares_the_resource() {
    let local = Reference::local("Role", Some("Arn".into()));
    let elsewhere = Reference {
        file: Some(FileId(7)),
        ..Reference::local("Policy", None)
    };
    let value = at(ValueKind::List(vec![
        at(ValueKind::Reference(Box::new(local))),
        at(ValueKind::Reference(Box::new(elsewhere))),
    ]));
    let carried = value.carried(FileId(2), Span::new(40, 44));
    let files: Vec<Option<FileId>> = carried
        .as_list()
        .unwrap()
        .iter()
        .map(|item| match &item.kind {
            ValueKind::Reference(reference) => reference.file,
            _ => None,
        })
        .collect();
    assert_eq!(files, [Some(FileId(2)), Some(FileId(7))]);
    assert!(
        carried
            .as_list()
            .unwrap()
            .iter()
            .all(|item| item.span == Span::new(40, 44))
    );
}

#[test]
fn nested_stack_templates_are_local_paths_or_elsewhere() {
    let input = load_template(
        &node(
            r#"
Resources:
  Packaged:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/roles.yaml
  Uploaded:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/bucket/roles.yaml
  Cdk:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Join ["", ["https://s3.", !Ref AWS::URLSuffix, "/x.json"]]
    Metadata:
      aws:asset:path: AppCdk1234.nested.template.json
  Sar:
    Type: AWS::Serverless::Application
    Properties:
      Location: {ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/x, SemanticVersion: 1.0.0}
  Computed:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !ImportValue TemplateUrl
"#,
        ),
        FileId(0),
    )
    .unwrap();
    let templates: Vec<(&str, String)> = input
        .stack
        .as_ref()
        .unwrap()
        .nested
        .iter()
        .map(|stack| {
            let shown = match &stack.template {
                NestedTemplate::Local { path, .. } => format!("local {path}"),
                NestedTemplate::Elsewhere(reason) => format!("elsewhere: {reason}"),
            };
            (&*stack.logical_id, shown)
        })
        .collect();
    assert_eq!(templates[0], ("Packaged", "local nested/roles.yaml".into()));
    assert!(
        templates[1]
            .1
            .starts_with("elsewhere: its template is at `https://")
    );
    assert_eq!(
        templates[2],
        ("Cdk", "local AppCdk1234.nested.template.json".into())
    );
    assert!(templates[3].1.contains("Serverless Application Repository"));
    assert!(templates[4].1.contains("known only at deploy time"));
}
