//! Tests of the schema's own consistency: unique names, subtyping, how types print.

use crate::lang::schema::*;

#[test]
fn every_kind_has_fields_and_field_names_are_unique() {
    for kind in KINDS {
        let fields = kind.fields();
        assert!(!fields.is_empty(), "{kind:?}");
        for (i, field) in fields.iter().enumerate() {
            assert!(
                fields[i + 1..].iter().all(|other| other.name != field.name),
                "{kind:?}.{}",
                field.name
            );
        }
    }
}

#[test]
fn function_names_are_unique() {
    let functions = functions();
    for (i, function) in functions.iter().enumerate() {
        assert!(functions[i + 1..].iter().all(|f| f.name != function.name));
    }
}

#[test]
fn types_accept_their_subtypes_only() {
    let principal = Type::OneOf(PRINCIPALS);
    assert!(principal.accepts(&Type::Node(Kind::User)));
    assert!(!principal.accepts(&Type::Node(Kind::Policy)));
    assert!(Type::list(Type::Any).accepts(&Type::list(Type::Text)));
    assert!(!Type::list(Type::Text).accepts(&Type::Text));
    assert!(Type::Text.accepts(&Type::Any));
    assert!(Type::Text.comparable(&Type::Null));
    assert!(!Type::Text.comparable(&Type::Number));
    assert!(!Type::Regex.comparable(&Type::Regex));
}

#[test]
fn types_display_as_rules_write_them() {
    assert_eq!(
        Type::list(Type::Node(Kind::PermissionSet)).to_string(),
        "list<permission_set>"
    );
    assert_eq!(
        Type::OneOf(PRINCIPALS).to_string(),
        "role|user|group|permission_set"
    );
    assert_eq!(
        function("allows").map(Function::signature).as_deref(),
        Some("allows(role|user|group|permission_set, text) -> bool")
    );
}

/// Every example of the generated reference (docs/rule-language.md) type-checks: the
/// collections' and functions' as they are, each field's as a filter of its kind's list
/// (which must itself be a list of that kind).
#[test]
fn every_example_of_the_reference_type_checks() {
    use crate::lang::check;
    use crate::lang::reference::field_example;
    use crate::source::FileId;
    let mut examples: Vec<String> = collections()
        .iter()
        .map(|field| field.example.to_owned())
        .chain(
            functions()
                .iter()
                .map(|function| function.example.to_owned()),
        )
        .collect();
    for kind in KINDS {
        examples.push(format!("for {} in {} {{ }}", "x", kind.reached()));
        examples.extend(kind.fields().iter().map(|field| field_example(kind, field)));
    }
    for (index, example) in examples.iter().enumerate() {
        let item = if example.starts_with("for ") {
            example.clone()
        } else {
            format!("let x{index} = {example}")
        };
        let text = format!("{}{item}\n", super::HEADER);
        let file = super::parse(&text);
        let problems = check(&file, FileId(0));
        assert!(
            problems.is_empty(),
            "{example}: {}",
            problems
                .iter()
                .map(|p| super::render(&text, p))
                .collect::<String>()
        );
    }
}

/// Each kind is reached by a list of that kind: the checker types `reached` as
/// `list<kind>`.
#[test]
fn each_kind_is_reached_by_a_list_of_it() {
    for kind in KINDS {
        let reached = kind.reached();
        let root = reached.split(['.', '(']).next().unwrap_or_default();
        let ty = match collection(root) {
            Some(field) => reached
                .split('.')
                .skip(1)
                .fold(field.ty.clone(), |ty, name| {
                    let item = ty.item().cloned().unwrap_or(ty);
                    match item {
                        Type::Node(of) => of.field(name).map(|f| f.ty.clone()).unwrap(),
                        other => panic!("{reached}: {other} has no fields"),
                    }
                }),
            None => function(root).unwrap().result.clone(),
        };
        let item = ty.item().cloned().unwrap_or(ty);
        assert_eq!(item, Type::Node(kind), "{reached}");
    }
}
