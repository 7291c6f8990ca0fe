//! Tests of the checker: for every check a rule that passes and one that fails (parsed
//! with the real parser), and snapshots of typical check errors as a rule author sees
//! them.

use super::{HEADER, parse, render};
use crate::diagnostic::render_problem;
use crate::lang::{check, check_rule_set};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

/// The check problems of `items` after the test header.
fn problems(items: &str) -> (Vec<Problem>, String) {
    let text = format!("{HEADER}{items}\n");
    let file = parse(&text);
    (check(&file, FileId(0)), text)
}

/// `items` must check clean.
fn clean(items: &str) {
    let (problems, text) = problems(items);
    let rendered: Vec<String> = problems.iter().map(|p| render(&text, p)).collect();
    assert!(rendered.is_empty(), "{}", rendered.join("\n"));
}

/// `items` must give exactly one problem: its message and the text it underlines.
fn error(items: &str) -> (String, String) {
    let (problems, text) = problems(items);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let problem = &problems[0];
    assert_eq!(problem.code, "rule-check");
    let span = problem.span.expect("a span");
    (problem.message.clone(), text[span.range()].to_owned())
}

/// Asserts that `items` fails with a message containing `message` at `underlined`.
fn fails(items: &str, message: &str, underlined: &str) {
    let (found, at) = error(items);
    assert!(found.contains(message), "{found:?} lacks {message:?}");
    assert_eq!(at, underlined, "{found}");
}

#[test]
fn the_specification_example_checks_clean() {
    let text = include_str!("../../../testdata/rules/SUP002-support-role-open-trust.rule");
    let file = parse(text);
    let problems = check(&file, FileId(0));
    let rendered: Vec<String> = problems.iter().map(|p| render(text, p)).collect();
    assert!(rendered.is_empty(), "{}", rendered.join("\n"));
}

#[test]
fn collections_resolve_and_unknown_names_get_a_suggestion() {
    clean("let x = roles\nlet y = permission_sets\nlet z = deleted");
    fails(
        "let x = rols",
        "unknown name `rols`: did you mean `roles`?",
        "rols",
    );
    let (message, _) = error("let x = buckets");
    assert_eq!(message, "unknown name `buckets`");
}

#[test]
fn lets_bind_in_order() {
    clean("let a = roles\nlet b = a");
    fails(
        "let a = b\nlet b = roles",
        "`b` is used before its `let`",
        "b",
    );
    // A `let` of an enclosing block further down is also "before".
    fails(
        "for r in roles { let x = later }\nlet later = 1",
        "`later` is used before its `let`",
        "later",
    );
}

#[test]
fn a_name_is_bound_once_per_block() {
    clean("let a = roles\nfor r in a { let a = r.name }");
    fails(
        "let a = roles\nlet a = users",
        "`a` is already bound in this block",
        "a",
    );
    fails(
        "for r in roles { let r = 1 }",
        "`r` is already bound in this block",
        "r",
    );
    fails(
        "let roles = users",
        "`roles` is a top-level collection",
        "roles",
    );
}

#[test]
fn for_variables_are_scoped_to_their_block() {
    clean("for r in roles { require exists r.name << {r.name} >> }");
    fails("for r in roles { }\nlet x = r", "unknown name `r`", "r");
}

#[test]
fn this_is_bound_only_inside_a_filter() {
    clean("let x = roles[ this.name == \"a\" ]");
    clean("let x = roles[ exists this.trust.statements[ this.sid == \"a\" ] ]");
    fails("let x = this", "`this` is the item a filter tests", "this");
}

#[test]
fn quantifier_variables_are_scoped_to_their_predicate() {
    clean("let x = some r in roles: r.name == \"a\"");
    fails(
        "let x = (all r in roles: true) and r.name == \"a\"",
        "unknown name `r`",
        "r",
    );
}

#[test]
fn quantifiers_need_a_list_and_a_bool_predicate() {
    clean("let x = roles[ all s in this.trust.statements: not admits_anyone(s) ]");
    fails(
        "let x = some r in roles[0]: true",
        "`some` needs a list, found role",
        "roles[0]",
    );
    fails(
        "let x = all r in roles: r.name",
        "`all` needs a bool predicate, found text",
        "r.name",
    );
}

/// Sketches of docs/rules.md rules that need more than the specification's function table:
/// the schema must let them be written.
#[test]
fn the_built_in_rules_can_be_expressed() {
    // SUP003: services a support role trusts.
    clean(
        "for role in roles when is_support_role(role) {\n\
         let services = trusted_services(role.trust)[ lower(this) not in [\"supportapp.amazonaws.com\", \"support.amazonaws.com\"] ]\n\
         require empty services << Role {role.address} trusts {services}. >>\n}",
    );
    // SLR001: the Support service-linked role created, deleted or replaced.
    clean(
        "for gone in deleted when gone.service_linked == \"support.amazonaws.com\" {\n\
         require false at gone << {gone.address} deletes AWSServiceRoleForSupport. >>\n}\n\
         for role in roles when role.service_linked == \"support.amazonaws.com\" and role.change in [\"create\", \"replace\"] {\n\
         require false at role << {role.address} creates it again. >>\n}",
    );
    // APP001 and APP005: channel roles, the Service Quotas service-linked role.
    clean(
        "let quotas_slr = some r in roles: r.service_linked == \"servicequotas.amazonaws.com\"\n\
         for role in roles when role in channels.role or has_aws_managed(role, \"AWSSupportAppFullAccess\") {\n\
         require trusts_service(role.trust, \"supportapp.amazonaws.com\") << m >>\n\
         require not allows(role, \"servicequotas:RequestServiceQuotaIncrease\") or can_create_quotas_slr(role) or quotas_slr << m >>\n}",
    );
    // APP002, APP004, APP006.
    clean(
        "for role in roles when is_support_app_role(role) {\n\
         let extra = beyond(role, app_actions())\n\
         require empty extra[ this.reach == \"other\" ] at extra[0] << {extra.action} >>\n\
         require exists allowed(role, app_actions()) << m >>\n\
         require empty trusted_principals(role.trust)[ lower(this) != \"supportapp.amazonaws.com\" ] << m >>\n}",
    );
}

#[test]
fn fields_resolve_by_the_receivers_type() {
    clean("let x = roles[0].trust.statements[0].principals[0].values");
    clean("let x = \"a\" in roles.name");
    clean("let x = roles[0].resource.properties.MaxSessionDuration.Whatever > 3600");
    fails(
        "let x = roles[0].nmae",
        "role has no field `nmae`: did you mean `name`? (its fields: address, type,",
        "nmae",
    );
    fails(
        "let x = roles[0].name.length",
        "a text has no fields (reading `.length`)",
        "length",
    );
}

#[test]
fn types_flow_through_lets() {
    clean("let r = roles[0]\nlet n = r.name\nlet x = lower(n)");
    fails(
        "let r = roles[0]\nlet s = r.trust\nlet x = s.name",
        "document has no field `name`",
        "name",
    );
}

#[test]
fn calls_are_checked_against_their_signatures() {
    clean("let x = roles[ allows(this, \"support:CreateCase\") ]");
    clean("let x = permission_sets[ has_aws_managed(this, \"AWSSupportAccess\") ]");
    clean("let x = count(beyond(roles[0], app_actions())[ this.reach == \"other\" ]) > 0");
    fails(
        "let x = roles[ is_suport_role(this) ]",
        "unknown function `is_suport_role`: did you mean `is_support_role`? (the functions: is_support_role, is_support_app_role, has_aws_managed, allows,",
        "is_suport_role",
    );
    fails(
        "let x = roles[ allows(this) ]",
        "`allows` takes 2 arguments (`allows(role|user|group|permission_set, text) -> bool`), found 1",
        "allows(this)",
    );
    fails(
        "let x = roles[ allows(this.trust, \"support:CreateCase\") ]",
        "argument 1 of `allows` must be role|user|group|permission_set, found document",
        "this.trust",
    );
    fails(
        "let x = is_support_role(users[0])",
        "argument 1 of `is_support_role` must be role, found user",
        "users[0]",
    );
}

#[test]
fn logical_operators_need_bools() {
    clean("let x = not (true and false or possibly(true))");
    fails(
        "let x = roles and true",
        "`and` needs bools, found list<role>",
        "roles",
    );
    fails("let x = false or 1", "`or` needs bools, found number", "1");
    fails(
        "let x = not \"a\"",
        "`not` needs a bool, found text",
        "\"a\"",
    );
}

#[test]
fn equality_needs_comparable_types() {
    clean("let x = roles[0].name == \"a\" and roles[0].service_linked == null");
    clean("let x = roles[0] == channels[0].role and roles[0].boundary != null");
    fails(
        "let x = roles[0].name == 1",
        "cannot compare text with number",
        "roles[0].name == 1",
    );
    fails(
        "let x = roles[0] != users[0]",
        "cannot compare role with user",
        "roles[0] != users[0]",
    );
}

#[test]
fn ordering_needs_numbers() {
    clean("let x = count(roles) >= 1");
    fails(
        "let x = roles[0].name < 3",
        "ordering comparisons need numbers, found text",
        "roles[0].name",
    );
}

#[test]
fn in_needs_a_list_of_comparable_items() {
    clean("let x = \"sts:AssumeRole\" not in roles[0].trust.statements[0].actions");
    fails(
        "let x = \"a\" in \"abc\"",
        "`in` needs a list on the right, found text",
        "\"abc\"",
    );
    fails(
        "let x = 1 in [\"a\", \"b\"]",
        "cannot look for a number in a list<text>",
        "1",
    );
}

#[test]
fn matches_needs_a_text_and_a_valid_regex() {
    clean("let x = roles[0].name matches /^support-[a-z]+$/i");
    fails(
        "let x = count(roles) matches /a/",
        "`matches` needs a text on the left, found number",
        "count(roles)",
    );
    fails(
        "let x = roles[0].name matches \"a\"",
        "`matches` needs a regular expression `/.../` on the right, found text",
        "\"a\"",
    );
    fails(
        "let x = roles[0].name matches /(a/",
        "invalid regular expression: unclosed group",
        "/(a/",
    );
}

#[test]
fn filters_need_a_list_and_a_bool_predicate() {
    clean("let x = roles[ this.service_linked == \"support.amazonaws.com\" ]");
    fails(
        "let x = roles[ this.name ]",
        "a filter needs a bool predicate, found text",
        "this.name",
    );
    fails(
        "let x = roles[0][ this == null ]",
        "a filter `[...]` needs a list, found role",
        "roles[0]",
    );
}

#[test]
fn every_and_index_need_lists() {
    clean("let x = \"a\" in roles[*].trust.statements[*].actions[*]");
    clean("let x = roles[0].attachments[1].policy.key == \"AWSSupportAccess\"");
    fails(
        "let x = roles[0][*]",
        "`[*]` needs a list, found role",
        "roles[0]",
    );
    fails(
        "let x = roles[0].name[0]",
        "an index `[n]` needs a list, found text",
        "roles[0].name",
    );
}

#[test]
fn for_needs_a_list_and_when_a_bool() {
    clean("for r in roles when is_support_role(r) { }");
    fails(
        "for r in roles[0] { }",
        "`for` needs a list, found role",
        "roles[0]",
    );
    fails(
        "for r in roles when r.name { }",
        "`when` needs a bool, found text",
        "r.name",
    );
}

#[test]
fn require_needs_a_bool_and_at_a_located_value() {
    clean("for r in roles { require exists r.name at r.trust.statements[0] << m >> }");
    fails(
        "require count(roles) << m >>",
        "`require` needs a bool, found number",
        "count(roles)",
    );
    clean("for r in roles { require true at r.name << m >> }");
    fails(
        "for r in roles { require true at r.max_session_duration << m >> }",
        "`at` needs one graph value or text with a position",
        "r.max_session_duration",
    );
    fails(
        "for r in roles { require true at r.attachments << m >> }",
        "found list<attachment>",
        "r.attachments",
    );
}

#[test]
fn empty_needs_a_list() {
    clean("require empty roles and roles is empty << m >>");
    fails(
        "require empty roles[0] << m >>",
        "`empty` needs a list, found role",
        "roles[0]",
    );
    fails(
        "require roles[0].name is empty << m >>",
        "`is empty` needs a list, found text",
        "roles[0].name",
    );
}

#[test]
fn message_interpolations_are_checked() {
    clean("for r in roles { require true << Role {r.address} ({count(r.policies)}) >> }");
    fails(
        "for r in roles { require true << Role {r.adress} >> }",
        "role has no field `adress`: did you mean `address`?",
        "adress",
    );
}

#[test]
fn list_literals_have_one_item_type() {
    clean("let x = [\"a\", \"b\"]\nlet y = []\nlet z = \"a\" in y");
    fails(
        "let x = [\"a\", 1]",
        "the items of a list must have one type: expected text, found number",
        "1",
    );
}

#[test]
fn a_mistake_is_reported_once() {
    // The unknown name makes the rest untyped instead of raising follow-on errors.
    let (found, _) = error("let x = rols.name\nlet y = x[0].whatever and x.other");
    assert!(found.starts_with("unknown name `rols`"), "{found}");
}

/// Two rule files with the same ID.
fn duplicate_files() -> (Vec<SourceFile>, Vec<Problem>) {
    let texts = [
        "rule SUP002 support-role-open-trust {}\n",
        "# copied\nrule SUP002 another-name {}\n",
        "rule SUP003 other {}\n",
    ];
    let files: Vec<SourceFile> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| SourceFile::new(format!("rules/{i}.rule"), (*text).to_owned()))
        .collect();
    let parsed: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| (parse(text), FileId(i as u32)))
        .collect();
    (
        files,
        check_rule_set(parsed.iter().map(|(file, id)| (file, *id))),
    )
}

#[test]
fn rule_ids_are_unique_across_files() {
    let (_, problems) = duplicate_files();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].file, Some(FileId(1)));
    assert_eq!(problems[0].related[0].file, Some(FileId(0)));
    let clean: Vec<_> = ["rule A1 a {}", "rule A2 a {}"]
        .iter()
        .enumerate()
        .map(|(i, text)| (parse(text), FileId(i as u32)))
        .collect();
    assert!(check_rule_set(clean.iter().map(|(file, id)| (file, *id))).is_empty());
}

macro_rules! snapshot {
    ($name:ident, $items:expr) => {
        #[test]
        fn $name() {
            let (problems, text) = problems($items);
            let rendered: Vec<String> = problems.iter().map(|p| render(&text, p)).collect();
            insta::assert_snapshot!(rendered.join("\n"));
        }
    };
}

snapshot!(
    unknown_field_lists_the_valid_ones,
    "for role in roles {\n  require role.trust.statements is empty << {role.nmae} >>\n}"
);
snapshot!(
    unknown_function_lists_the_valid_ones,
    "let open = roles[ is_suport_role(this) ]"
);
snapshot!(
    wrong_argument_type,
    "let open = roles[ admits_anyone(this) ]"
);
snapshot!(
    unknown_name_with_a_suggestion,
    "let support_roles = roles[ is_support_role(this) ]\nfor role in suport_roles { }"
);
snapshot!(
    use_before_let,
    "let admins = roles[ this in support_roles ]\nlet support_roles = roles[ is_support_role(this) ]"
);

#[test]
fn duplicate_rule_id() {
    let (files, problems) = duplicate_files();
    let rendered: Vec<String> = problems.iter().map(|p| render_problem(p, &files)).collect();
    insta::assert_snapshot!(rendered.join("\n"));
}
