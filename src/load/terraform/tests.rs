//! Tests of the Terraform loader over the hand-written fixtures in `testdata/terraform/`,
//! shaped like real `terraform show -json` output and state files.

use super::{graph_needs_properties, load_plan, load_state};
use crate::load::value::{Reference, Value, ValueKind};
use crate::load::{Change, LoadedInput, Mode, Resource};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

pub(super) fn fixture(name: &str) -> SourceFile {
    let path = format!("{}/testdata/terraform/{name}", env!("CARGO_MANIFEST_DIR"));
    SourceFile::new(&path, std::fs::read_to_string(&path).unwrap())
}

fn plan(name: &str) -> LoadedInput {
    load_plan(&fixture(name), FileId(0)).unwrap()
}

fn plan_error(text: &str) -> (SourceFile, Problem) {
    let file = SourceFile::new("plan.json", text.to_owned());
    let problem = load_plan(&file, FileId(0)).unwrap_err();
    (file, problem)
}

pub(super) fn resource<'a>(input: &'a LoadedInput, address: &str) -> &'a Resource {
    input
        .resources
        .iter()
        .find(|resource| &*resource.address == address)
        .unwrap_or_else(|| panic!("no {address}"))
}

pub(super) fn property<'a>(input: &'a LoadedInput, address: &str, key: &str) -> &'a ValueKind {
    &resource(input, address)
        .properties
        .get(key)
        .unwrap_or_else(|| panic!("{address} has no {key}"))
        .kind
}

fn reference(address: &str, attribute: &str) -> ValueKind {
    ValueKind::Reference(Box::new(Reference {
        address: address.into(),
        attribute: Some(attribute.into()),
        file: None,
    }))
}

fn instance(address: &str) -> ValueKind {
    ValueKind::Reference(Box::new(Reference {
        address: address.into(),
        attribute: None,
        file: None,
    }))
}

fn unknown_reason(kind: &ValueKind) -> &str {
    match kind {
        ValueKind::Unknown(unknown) => &unknown.reason,
        other => panic!("expected unknown, found {other:?}"),
    }
}

fn text_at<'a>(file: &'a SourceFile, resource: &Resource) -> &'a str {
    &file.text[resource.span.range()]
}

#[test]
fn actions_map_to_changes() {
    let input = plan("plan_actions.json");
    let changes: Vec<(&str, Change)> = input
        .resources
        .iter()
        .map(|r| (&*r.address, r.change))
        .collect();
    assert_eq!(
        changes,
        vec![
            ("aws_iam_role.created", Change::Create),
            ("aws_iam_policy.updated", Change::Update),
            ("aws_iam_user.removed", Change::Delete),
            ("aws_iam_role.replaced", Change::Replace),
            ("aws_iam_role.replaced_first", Change::Replace),
            ("aws_s3_bucket.logs", Change::NoOp),
            ("aws_iam_group.forgotten", Change::Forget),
            ("aws_iam_role.kept_old", Change::Replace),
            ("data.aws_iam_policy_document.deferred", Change::Read),
            ("data.aws_caller_identity.current", Change::Read),
        ]
    );
    assert!(input.problems.is_empty());
}

#[test]
fn properties_are_after_the_change_or_before_a_deletion() {
    let input = plan("plan_actions.json");
    assert_eq!(
        property(&input, "aws_iam_role.replaced", "name"),
        &ValueKind::Str("v2".into())
    );
    assert_eq!(
        property(&input, "aws_iam_role.replaced_first", "name"),
        &ValueKind::Str("a2".into())
    );
    assert_eq!(
        property(&input, "aws_iam_user.removed", "name"),
        &ValueKind::Str("old-user".into())
    );
    assert_eq!(
        property(&input, "aws_iam_group.forgotten", "name"),
        &ValueKind::Str("ops".into())
    );
    assert_eq!(
        property(&input, "aws_iam_role.kept_old", "name"),
        &ValueKind::Str("k2".into())
    );
    // Policies stay JSON-encoded strings.
    assert_eq!(
        property(&input, "aws_iam_policy.updated", "policy"),
        &ValueKind::Str("{\"Version\":\"2012-10-17\"}".into())
    );
    // Computed attributes of a new resource are unknown (no configuration sets them).
    assert_eq!(
        unknown_reason(property(&input, "aws_iam_role.created", "arn")),
        "known only after apply"
    );
}

#[test]
fn other_resources_are_counted_with_empty_properties() {
    let input = plan("plan_actions.json");
    let bucket = resource(&input, "aws_s3_bucket.logs");
    assert_eq!(bucket.properties.kind, ValueKind::Map(Vec::new()));
    assert_eq!(bucket.mode, Mode::Managed);
    assert!(graph_needs_properties("aws_iam_role"));
    assert!(graph_needs_properties(
        "awscc_supportapp_slack_channel_configuration"
    ));
    assert!(graph_needs_properties("aws_partition"));
    assert!(!graph_needs_properties("aws_s3_bucket"));
    assert!(!graph_needs_properties("aws_iam"));
}

#[test]
fn spans_cover_the_resource_objects() {
    let file = fixture("plan_actions.json");
    let input = load_plan(&file, FileId(0)).unwrap();
    for resource in &input.resources {
        let text = text_at(&file, resource);
        assert!(
            text.starts_with('{') && text.ends_with('}'),
            "{}",
            resource.address
        );
        assert!(
            text.contains(&format!("\"address\": \"{}\"", resource.address)),
            "{text}"
        );
        // The values are the `after` object inside it, each attribute at its own text.
        let values = resource.properties.span;
        assert!(
            resource.span.start <= values.start && values.end <= resource.span.end,
            "{}",
            resource.address
        );
        if values != resource.span {
            assert!(
                file.text[values.range()].starts_with('{'),
                "{}",
                resource.address
            );
            // Attributes known only after apply are added at the object's place.
            let planned = resource.properties.as_map().unwrap().iter();
            for field in planned.filter(|field| field.key_span != values) {
                let key = &file.text[field.key_span.range()];
                assert_eq!(key, format!("\"{}\"", field.key), "{}", resource.address);
                let value = &file.text[field.value.span.range()];
                let parsed: serde_json::Value = serde_json::from_str(value).unwrap();
                assert!(!parsed.is_object() || value.starts_with('{'), "{value}");
            }
        }
    }
    // The read data source comes from resource_changes, not from the stale prior state.
    let deferred = resource(&input, "data.aws_iam_policy_document.deferred");
    assert!(text_at(&file, deferred).contains("read_because_dependency_pending"));
    assert_eq!(
        input
            .resources
            .iter()
            .filter(|r| &*r.address == "data.aws_iam_policy_document.deferred")
            .count(),
        1
    );
}

#[test]
fn deposed_objects_are_skipped() {
    let input = plan("plan_actions.json");
    let replaced: Vec<_> = input
        .resources
        .iter()
        .filter(|r| &*r.address == "aws_iam_role.replaced_first")
        .collect();
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].change, Change::Replace);
}

#[test]
fn data_sources_read_during_planning_come_from_prior_state() {
    let input = plan("plan_actions.json");
    let identity = resource(&input, "data.aws_caller_identity.current");
    assert_eq!(identity.mode, Mode::Data);
    assert_eq!(identity.change, Change::Read);
    assert_eq!(
        property(&input, "data.aws_caller_identity.current", "account_id"),
        &ValueKind::Str("111122223333".into())
    );
    // Managed resources of the prior state are not emitted a second time.
    assert_eq!(
        input
            .resources
            .iter()
            .filter(|r| &*r.address == "aws_s3_bucket.logs")
            .count(),
        1
    );
}

#[test]
fn deferred_data_sources_keep_their_known_arguments() {
    let input = plan("plan_actions.json");
    let statements = resource(&input, "data.aws_iam_policy_document.deferred")
        .properties
        .get("statement")
        .unwrap();
    let actions = statements.as_list().unwrap()[0]
        .get("actions")
        .unwrap()
        .as_list()
        .unwrap();
    assert_eq!(actions[0].as_str(), Some("support:*"));
    assert_eq!(
        unknown_reason(property(
            &input,
            "data.aws_iam_policy_document.deferred",
            "json"
        )),
        "known only after apply"
    );
}

#[test]
fn unknown_references_resolve_to_the_single_instance() {
    let input = plan("plan_unknowns_modules.json");
    assert_eq!(
        property(&input, "aws_iam_role_policy_attachment.app", "role"),
        &reference("aws_iam_role.app", "name")
    );
    assert_eq!(
        property(&input, "aws_iam_role.app", "assume_role_policy"),
        &reference("data.aws_iam_policy_document.trust", "json")
    );
}

#[test]
fn count_index_and_each_key_pick_the_same_instance() {
    let input = plan("plan_unknowns_modules.json");
    assert_eq!(
        property(&input, "aws_iam_role_policy_attachment.per_role[1]", "role"),
        &instance("aws_iam_role.many[1]")
    );
    assert_eq!(
        property(&input, "aws_iam_role_policy.inline[\"a\"]", "role"),
        &instance("aws_iam_role.keyed[\"a\"]")
    );
    // Key "c" has no role: never guess another instance.
    assert_eq!(
        unknown_reason(property(
            &input,
            "aws_iam_role_policy.inline[\"c\"]",
            "role"
        )),
        "known only after apply (depends on `aws_iam_role.keyed`, instance key unknown)"
    );
}

#[test]
fn explicit_keys_in_references_win() {
    let input = plan("plan_unknowns_modules.json");
    assert_eq!(
        property(&input, "aws_iam_user_policy_attachment.explicit", "user"),
        &reference("aws_iam_user.u[\"alice\"]", "name")
    );
    assert_eq!(
        property(
            &input,
            "aws_iam_user_policy_attachment.explicit",
            "policy_arn"
        ),
        &reference("aws_iam_policy.from_local", "arn")
    );
}

#[test]
fn nested_block_elements_resolve_through_block_configuration() {
    let input = plan("plan_unknowns_modules.json");
    let statement = &resource(&input, "data.aws_iam_policy_document.trust")
        .properties
        .get("statement")
        .unwrap()
        .as_list()
        .unwrap()[0];
    let principal = &statement.get("principals").unwrap().as_list().unwrap()[0];
    assert_eq!(principal.get("type").unwrap().as_str(), Some("AWS"));
    let identifiers = principal.get("identifiers").unwrap().as_list().unwrap();
    assert_eq!(
        identifiers[0].kind,
        reference("aws_iam_role.many[0]", "arn")
    );
}

#[test]
fn locals_stay_unknown_with_a_reason() {
    let input = plan("plan_unknowns_modules.json");
    assert_eq!(
        unknown_reason(property(&input, "aws_iam_policy.from_local", "policy")),
        "known only after apply (computed from `local.policy`)"
    );
}

#[test]
fn module_relative_references_and_variables_follow_module_calls() {
    let input = plan("plan_unknowns_modules.json");
    let address = "module.team[\"ops\"].module.access.aws_iam_role_policy_attachment.support[0]";
    assert_eq!(
        property(&input, address, "role"),
        &reference("module.team[\"ops\"].aws_iam_role.this", "name")
    );
    // var.policy_arn -> module.team's var.support_policy_arn -> the root variable's value.
    assert_eq!(
        property(&input, address, "policy_arn"),
        &ValueKind::Str("arn:aws:iam::aws:policy/AWSSupportAccess".into())
    );
}

#[test]
fn module_outputs_lead_to_the_resource_inside() {
    let input = plan("plan_unknowns_modules.json");
    assert_eq!(
        property(
            &input,
            "aws_iam_user_policy_attachment.from_module",
            "policy_arn"
        ),
        &reference("module.policies.aws_iam_policy.support", "arn")
    );
}

#[test]
fn every_reference_names_an_emitted_resource() {
    let input = plan("plan_unknowns_modules.json");
    fn references(value: &Value, found: &mut Vec<String>) {
        match &value.kind {
            ValueKind::Reference(reference) => found.push(reference.address.to_string()),
            ValueKind::List(items) => items.iter().for_each(|item| references(item, found)),
            ValueKind::Map(fields) => fields
                .iter()
                .for_each(|field| references(&field.value, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    input
        .resources
        .iter()
        .for_each(|resource| references(&resource.properties, &mut found));
    assert_eq!(found.len(), 10);
    for address in found {
        assert!(
            input.resources.iter().any(|r| *r.address == *address),
            "{address}"
        );
    }
}

#[test]
fn old_plans_fall_back_to_planned_values_in_nested_modules() {
    let file = fixture("plan_0_1_planned_values.json");
    let input = load_plan(&file, FileId(0)).unwrap();
    let addresses: Vec<&str> = input.resources.iter().map(|r| &*r.address).collect();
    assert_eq!(
        addresses,
        vec![
            "aws_iam_role.root",
            "module.outer.aws_sqs_queue.q",
            "module.outer.module.inner.aws_iam_user.deep[0]"
        ]
    );
    assert!(input.resources.iter().all(|r| r.change == Change::Declared));
    assert_eq!(
        property(
            &input,
            "module.outer.module.inner.aws_iam_user.deep[0]",
            "name"
        ),
        &ValueKind::Str("deep".into())
    );
    assert!(text_at(&file, &input.resources[2]).contains("\"index\": 0"));
}

#[test]
fn format_version_two_is_rejected_at_the_value() {
    let file = fixture("plan_format_2_0.json");
    let problem = load_plan(&file, FileId(0)).unwrap_err();
    assert_eq!(problem.code, "unsupported-version");
    assert_eq!(&file.text[problem.span.unwrap().range()], "\"2.0\"");
    assert!(
        problem.message.contains("0.1, 0.2 and 1.x"),
        "{}",
        problem.message
    );
}

#[test]
fn format_version_must_be_a_present_string() {
    let (_, problem) = plan_error(r#"{"resource_changes": []}"#);
    assert_eq!(problem.code, "invalid-plan");
    let (file, problem) = plan_error(r#"{"format_version": 1.2, "resource_changes": []}"#);
    assert_eq!(problem.code, "invalid-plan");
    assert_eq!(&file.text[problem.span.unwrap().range()], "1.2");
}

#[test]
fn wrong_shapes_are_positioned_errors() {
    let (file, problem) = plan_error(r#"{"format_version": "1.2", "resource_changes": {"a": 1}}"#);
    assert_eq!(problem.code, "invalid-plan");
    assert!(
        problem.message.contains("expected a sequence"),
        "{}",
        problem.message
    );
    assert!(problem.span.unwrap().start as usize > file.text.find("resource_changes").unwrap());

    let text = "{\"format_version\": \"1.2\",\n \"resource_changes\": [\n  {\"address\": 7, \"mode\": \"managed\"}]}";
    let (file, problem) = plan_error(text);
    assert_eq!(problem.code, "invalid-plan");
    let at = problem.span.unwrap().start as usize;
    assert_eq!(file.position(at as u32).line, 3);
    assert!(file.text[at..].starts_with('7'), "{}", &file.text[at..]);
}

#[test]
fn invalid_json_is_a_parse_error_where_it_breaks() {
    let (file, problem) =
        plan_error("{\"format_version\": \"1.2\",\n  \"resource_changes\": [,]\n}");
    assert_eq!(problem.code, "parse-error");
    let at = problem.span.unwrap().start as usize;
    assert_eq!(&file.text[at..at + 1], ",");
    assert_eq!(file.position(at as u32).line, 2);
    let (file, problem) = plan_error("{\"format_version\": \"1.2\"");
    assert_eq!(problem.code, "parse-error");
    assert_eq!(problem.span.unwrap().start as usize, file.text.len() - 1);
    assert_eq!(
        load_state(&SourceFile::new("s", "[".into()), FileId(0))
            .unwrap_err()
            .code,
        "parse-error"
    );
}

#[test]
fn unknown_actions_and_modes_are_skipped_with_a_warning() {
    let text = r#"{"format_version": "1.9", "resource_changes": [
        {"address": "aws_iam_role.a", "mode": "managed", "type": "aws_iam_role", "name": "a", "change": {"actions": ["teleport"]}},
        {"address": "ephemeral.x.y", "mode": "ephemeral", "type": "x", "name": "y", "change": {"actions": ["open"]}},
        {"address": "aws_iam_role.b", "mode": "managed", "type": "aws_iam_role", "name": "b", "change": {"actions": ["create"], "after": {"name": "b"}}}]}"#;
    let input = load_plan(&SourceFile::new("p.json", text.to_owned()), FileId(0)).unwrap();
    assert_eq!(input.resources.len(), 1);
    assert_eq!(input.problems.len(), 2);
    assert!(
        input
            .problems
            .iter()
            .all(|p| p.severity == crate::problem::Severity::Warning)
    );
}

#[test]
fn unreadable_configuration_is_a_warning_and_values_stay_unknown() {
    let text = r#"{"format_version": "1.2", "configuration": {"root_module": {"resources": 3}}, "resource_changes": [
        {"address": "aws_iam_role.a", "mode": "managed", "type": "aws_iam_role", "name": "a",
         "change": {"actions": ["create"], "after": {}, "after_unknown": {"name": true}}}]}"#;
    let input = load_plan(&SourceFile::new("p.json", text.to_owned()), FileId(0)).unwrap();
    assert_eq!(input.problems.len(), 1);
    assert_eq!(
        unknown_reason(property(&input, "aws_iam_role.a", "name")),
        "known only after apply"
    );
}

#[test]
fn shown_state_reads_nested_modules_and_skips_deposed() {
    let file = fixture("state_show.json");
    let input = load_state(&file, FileId(0)).unwrap();
    let addresses: Vec<&str> = input.resources.iter().map(|r| &*r.address).collect();
    assert_eq!(
        addresses,
        vec![
            "aws_iam_role.support",
            "data.aws_partition.current",
            "module.a.module.b.aws_iam_role_policy_attachment.x[\"support\"]",
            "module.a.module.b.aws_s3_bucket.b"
        ]
    );
    assert!(input.resources.iter().all(|r| r.change == Change::Declared));
    assert_eq!(
        property(&input, "aws_iam_role.support", "name"),
        &ValueKind::Str("support".into())
    );
    assert_eq!(
        property(&input, "data.aws_partition.current", "partition"),
        &ValueKind::Str("aws".into())
    );
    assert_eq!(
        resource(&input, "data.aws_partition.current").mode,
        Mode::Data
    );
    assert!(text_at(&file, &input.resources[0]).contains("\"name\": \"support\""));
}

#[test]
fn empty_shown_state_has_no_resources() {
    let input = load_state(&fixture("state_empty.json"), FileId(0)).unwrap();
    assert!(input.resources.is_empty());
    let file = SourceFile::new("s.json", r#"{"format_version": "3.0"}"#.to_owned());
    assert_eq!(
        load_state(&file, FileId(0)).unwrap_err().code,
        "unsupported-version"
    );
    let file = SourceFile::new("s.json", r#"{"serial": 1}"#.to_owned());
    assert_eq!(
        load_state(&file, FileId(0)).unwrap_err().code,
        "invalid-state"
    );
}

#[test]
fn raw_state_builds_addresses_like_terraform() {
    let file = fixture("terraform_v4.tfstate");
    let input = load_state(&file, FileId(0)).unwrap();
    let addresses: Vec<&str> = input.resources.iter().map(|r| &*r.address).collect();
    assert_eq!(
        addresses,
        vec![
            "data.aws_caller_identity.current",
            "aws_iam_role.support",
            "module.team[\"ops\"].module.access.aws_iam_role_policy_attachment.support[\"ops\"]",
            "module.team[\"ops\"].module.access.aws_iam_role_policy_attachment.support[\"we\\\"ird $${x}\"]",
            "module.queues.aws_sqs_queue.q[0]",
            "module.queues.aws_sqs_queue.q[1]",
        ]
    );
    assert_eq!(
        property(&input, "aws_iam_role.support", "name"),
        &ValueKind::Str("support".into())
    );
    let instance = text_at(&file, &input.resources[1]);
    assert!(
        instance.starts_with('{') && instance.contains("\"attributes\""),
        "{instance}"
    );
}

#[test]
fn raw_state_other_versions_are_rejected_at_the_version() {
    let file = SourceFile::new(
        "old.tfstate",
        "{\"version\": 2, \"serial\": 1, \"modules\": []}".to_owned(),
    );
    let problem = load_state(&file, FileId(0)).unwrap_err();
    assert_eq!(problem.code, "unsupported-version");
    assert_eq!(&file.text[problem.span.unwrap().range()], "2");
    assert!(
        problem.message.contains("versions 3"),
        "{}",
        problem.message
    );
}

#[test]
fn raw_state_with_bad_shapes_is_positioned() {
    let text = r#"{"version": 4, "resources": [{"mode": "managed", "type": "aws_iam_role", "name": "r", "instances": [{"index_key": true}]}]}"#;
    let file = SourceFile::new("s.tfstate", text.to_owned());
    let problem = load_state(&file, FileId(0)).unwrap_err();
    assert_eq!(problem.code, "invalid-state");
    assert_eq!(&file.text[problem.span.unwrap().range()], "true");
    let file = SourceFile::new(
        "s.tfstate",
        r#"{"version": 4, "resources": [{"mode": 1}]}"#.to_owned(),
    );
    assert_eq!(
        load_state(&file, FileId(0)).unwrap_err().code,
        "invalid-state"
    );
}

#[test]
fn an_arn_built_from_partition_account_and_a_name_reads_as_that_name() {
    let path = format!(
        "{}/rules/support-app/testdata/APP001-arn-from-parts.tfplan.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let file = SourceFile::new(&path, std::fs::read_to_string(&path).unwrap());
    let input = load_plan(&file, FileId(0)).unwrap();
    assert_eq!(
        property(
            &input,
            "awscc_supportapp_slack_channel_configuration.alerts",
            "channel_role_arn"
        ),
        &reference("aws_iam_role.slack", "name")
    );
}
