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
