//! The snapshot loaders over realistic snapshots (testdata/snapshot: AWS CLI v2 output, the
//! raw API shape with URL-encoded documents, pages, `--filter` subsets, a channel list)
//! and hand-made mistakes.

use super::*;
use crate::load::{InputKind, Resource};

fn read(name: &str) -> SourceFile {
    let path = format!("{}/testdata/snapshot/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    SourceFile::new(path, text)
}

fn load(name: &str) -> (SourceFile, LoadedInput) {
    let file = read(name);
    let loaded = load_details(&file, FileId(0)).unwrap();
    (file, loaded)
}

fn by_address<'a>(loaded: &'a LoadedInput, address: &str) -> &'a Resource {
    loaded
        .resources
        .iter()
        .find(|resource| &*resource.address == address)
        .unwrap_or_else(|| panic!("no {address}"))
}

fn at<'a>(file: &'a SourceFile, value: &Value) -> &'a str {
    &file.text[value.span.start as usize..value.span.end as usize]
}

const ACCOUNT: &str = "arn:aws:iam::111122223333";

#[test]
fn every_entity_kind_is_one_resource_named_by_its_arn_in_document_order() {
    let (file, loaded) = load("account.json");
    assert_eq!(loaded.kind, InputKind::AccountSnapshot);
    let kinds: Vec<(&str, &str)> = loaded
        .resources
        .iter()
        .map(|r| (&*r.resource_type, &*r.address))
        .collect();
    assert_eq!(kinds[0], (DETAILS_PAGE, DETAILS_PAGE));
    assert!(kinds.contains(&(USER, "arn:aws:iam::111122223333:user/engineering/bob")));
    assert!(kinds.contains(&(GROUP, "arn:aws:iam::111122223333:group/helpdesk")));
    assert!(kinds.contains(&(ROLE, "arn:aws:iam::111122223333:role/service-role/case-bot")));
    assert!(kinds.contains(&(
        POLICY,
        "arn:aws:iam::111122223333:policy/audit/AuditReadOnly"
    )));
    // AWS managed policies come from the embedded catalog, not the snapshot.
    assert!(!kinds.iter().any(|(_, a)| a.contains(":iam::aws:")));
    // The role inside an instance profile is not a role of its own.
    let roles = kinds.iter().filter(|(t, _)| *t == ROLE).count();
    assert_eq!(roles, 8);
    let starts: Vec<u32> = loaded.resources.iter().map(|r| r.span.start).collect();
    assert!(starts.windows(2).all(|pair| pair[0] <= pair[1]));
    // An entity is placed at its name.
    let bob = by_address(&loaded, &format!("{ACCOUNT}:user/engineering/bob"));
    assert_eq!(at(&file, &bob.properties), "\"bob\"");
    assert!(file.text[..bob.span.start as usize].ends_with("\"UserName\": "));
}

#[test]
fn a_role_keeps_trust_inline_policies_attachments_boundary_and_path_with_positions() {
    let (file, loaded) = load("account.json");
    let auditor = by_address(&loaded, &format!("{ACCOUNT}:role/auditor"));
    let props = &auditor.properties;
    assert_eq!(props.get("Path").unwrap().as_str(), Some("/"));
    let attached = props
        .get("AttachedManagedPolicies")
        .unwrap()
        .as_list()
        .unwrap();
    assert!(at(&file, &attached[0]).contains("AuditReadOnly"));
    let arn = attached[0].get("PolicyArn").unwrap();
    assert_eq!(
        at(&file, arn),
        "\"arn:aws:iam::111122223333:policy/audit/AuditReadOnly\""
    );
    let boundary = props.get("PermissionsBoundary").unwrap();
    let boundary_arn = boundary.get("PermissionsBoundaryArn").unwrap();
    assert!(at(&file, boundary_arn).contains("EngineeringBoundary"));
    // A decoded trust policy is a mapping, its statements at their own places.
    let trust = props.get("AssumeRolePolicyDocument").unwrap();
    let statement = &trust.get("Statement").unwrap().as_list().unwrap()[0];
    assert!(at(&file, statement).starts_with("{\n"));
    assert!(at(&file, statement.get("Principal").unwrap()).contains(":root"));
    let bot = by_address(&loaded, &format!("{ACCOUNT}:role/service-role/case-bot"));
    let inline = bot
        .properties
        .get("RolePolicyList")
        .unwrap()
        .as_list()
        .unwrap();
    assert_eq!(
        inline[0].get("PolicyName").unwrap().as_str(),
        Some("open-cases")
    );
    assert!(matches!(
        inline[0].get("PolicyDocument").unwrap().kind,
        ValueKind::Map(_)
    ));
    let slr = by_address(
        &loaded,
        &format!("{ACCOUNT}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"),
    );
    assert_eq!(
        slr.properties.get("Path").unwrap().as_str(),
        Some("/aws-service-role/support.amazonaws.com/")
    );
}

#[test]
fn users_keep_their_groups_and_policies() {
    let (file, loaded) = load("account.json");
    let bob = by_address(&loaded, &format!("{ACCOUNT}:user/engineering/bob"));
    let groups = bob.properties.get("GroupList").unwrap().as_list().unwrap();
    assert_eq!(groups[0].as_str(), Some("developers"));
    assert_eq!(at(&file, &groups[0]), "\"developers\"");
    let inline = bob
        .properties
        .get("UserPolicyList")
        .unwrap()
        .as_list()
        .unwrap();
    assert_eq!(
        inline[0].get("PolicyName").unwrap().as_str(),
        Some("bob-artifacts")
    );
    assert!(bob.properties.get("PermissionsBoundary").is_some());
    let oncall = by_address(&loaded, &format!("{ACCOUNT}:group/oncall"));
    let inline = oncall.properties.get("GroupPolicyList").unwrap().as_list();
    assert_eq!(inline.unwrap().len(), 1);
}

#[test]
fn a_customer_policy_keeps_its_default_version_only() {
    let (file, loaded) = load("account.json");
    let audit = by_address(&loaded, &format!("{ACCOUNT}:policy/audit/AuditReadOnly"));
    let document = audit.properties.get("Document").unwrap();
    assert!(at(&file, document).contains("cloudtrail:LookupEvents"));
    assert!(!at(&file, document).contains("support:*"));
    assert_eq!(
        audit.properties.get("Path").unwrap().as_str(),
        Some("/audit/")
    );
}

#[test]
fn the_default_version_is_found_by_its_id_when_no_version_is_marked() {
    let text = r#"{"Policies": [{"PolicyName": "P", "Arn": "arn:aws:iam::111122223333:policy/P",
      "DefaultVersionId": "v2", "PolicyVersionList": [
        {"Document": {"Statement": [{"Effect": "Allow", "Action": "a:One", "Resource": "*"}]}, "VersionId": "v1"},
        {"Document": {"Statement": [{"Effect": "Allow", "Action": "a:Two", "Resource": "*"}]}, "VersionId": "v2"}]}],
      "IsTruncated": false}"#;
    let file = SourceFile::new("p.json", text.to_owned());
    let loaded = load_details(&file, FileId(0)).unwrap();
    let document = loaded.resources[1].properties.get("Document").unwrap();
    assert!(at(&file, document).contains("a:Two"));
    // Without any default, the policy's document is left out (unknown to the graph).
    let text = text.replace("\"DefaultVersionId\": \"v2\",", "");
    let file = SourceFile::new("p.json", text);
    let loaded = load_details(&file, FileId(0)).unwrap();
    assert!(loaded.resources[1].properties.get("Document").is_none());
}

#[test]
fn url_encoded_documents_of_the_raw_api_read_as_the_cli_decoded_ones() {
    let (_, cli) = load("account.json");
    let (api_file, api) = load("account-api.json");
    let addresses = |loaded: &LoadedInput| {
        loaded
            .resources
            .iter()
            .map(|r| r.address.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(addresses(&cli), addresses(&api));
    let bot = by_address(&api, &format!("{ACCOUNT}:role/service-role/case-bot"));
    let trust = bot.properties.get("AssumeRolePolicyDocument").unwrap();
    let ValueKind::Str(json) = &trust.kind else {
        panic!("a decoded text")
    };
    assert!(json.starts_with("{\"Version\":\"2012-10-17\""), "{json}");
    assert!(at(&api_file, trust).starts_with("\"%7B%22Version%22"));
    let audit = by_address(&api, &format!("{ACCOUNT}:policy/audit/AuditReadOnly"));
    let ValueKind::Str(json) = &audit.properties.get("Document").unwrap().kind else {
        panic!("a decoded text")
    };
    assert!(json.contains("cloudtrail:LookupEvents"));
    let page = &api.resources[0];
    assert!(matches!(
        page.properties.get("IsTruncated").unwrap().kind,
        ValueKind::Bool(false)
    ));
}

#[test]
fn a_page_says_which_lists_it_holds_and_whether_more_follow() {
    let (_, first) = load("page-1.json");
    let page = &first.resources[0];
    assert_eq!(
        page.properties
            .get("Marker")
            .unwrap()
            .as_str()
            .map(str::len),
        Some(35)
    );
    let (_, filtered) = load("filter-role-policy.json");
    let lists: Vec<&str> = filtered.resources[0]
        .properties
        .get("Lists")
        .unwrap()
        .as_list()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        lists,
        [
            "UserDetailList",
            "GroupDetailList",
            "RoleDetailList",
            "Policies"
        ]
    );
}

#[test]
fn an_entity_without_an_arn_is_skipped_with_a_warning() {
    let text = r#"{"RoleDetailList": [{"RoleName": "nameless"}, {"RoleName": "r", "Arn": "arn:aws:iam::111122223333:role/r"}]}"#;
    let file = SourceFile::new("iam.json", text.to_owned());
    let loaded = load_details(&file, FileId(0)).unwrap();
    assert_eq!(loaded.resources.len(), 2);
    assert_eq!(loaded.problems[0].code, details::ENTITY_SKIPPED);
    let start = loaded.problems[0].span.unwrap().start as usize;
    assert_eq!(start, text.find("\"nameless\"").unwrap());
}

#[test]
fn shape_mistakes_are_errors_at_their_place() {
    for (text, at_text) in [
        (r#"{"RoleDetailList": {"RoleName": "r"}}"#, "{\"RoleName"),
        (
            r#"{"RoleDetailList": [{"Arn": "arn:aws:iam::111122223333:role/r", "RolePolicyList": 7}]}"#,
            "7",
        ),
        (
            r#"{"Policies": [{"Arn": "arn:aws:iam::111122223333:policy/p", "PolicyVersionList": [{"IsDefaultVersion": "yes"}]}], "IsTruncated": false}"#,
            "\"yes\"",
        ),
    ] {
        let file = SourceFile::new("iam.json", text.to_owned());
        let problem = load_details(&file, FileId(0)).unwrap_err();
        assert_eq!(problem.code, json::INVALID_SNAPSHOT, "{text}");
        let start = problem.span.unwrap().start as usize;
        let found = text.find(at_text).unwrap();
        assert!(
            (found.saturating_sub(1)..=found + at_text.len()).contains(&start),
            "{text}: at {start}: {}",
            problem.message
        );
    }
    let file = SourceFile::new("iam.json", r#"{"RoleDetailList": [}"#.to_owned());
    assert_eq!(
        load_details(&file, FileId(0)).unwrap_err().code,
        "parse-error"
    );
}

#[test]
fn a_channel_list_names_each_channel_by_its_team_and_channel() {
    let file = read("slack-channels.json");
    let loaded = load_channels(&file, FileId(0)).unwrap();
    assert_eq!(loaded.resources[0].resource_type.as_ref(), CHANNELS_PAGE);
    let channel = &loaded.resources[1];
    assert_eq!(&*channel.address, "slack-channel/T012ABCDEFG/C01234A5BCD");
    assert_eq!(&*channel.resource_type, CHANNEL);
    let role = channel.properties.get("channelRoleArn").unwrap();
    assert_eq!(
        at(&file, role),
        "\"arn:aws:iam::111122223333:role/SupportAppRole\""
    );
    let text = r#"{"slackChannelConfigurations": [{"channelName": "x"}], "nextToken": "abc"}"#;
    let file = SourceFile::new("c.json", text.to_owned());
    let loaded = load_channels(&file, FileId(0)).unwrap();
    assert_eq!(loaded.problems[0].code, details::ENTITY_SKIPPED);
    assert_eq!(
        loaded.resources[0]
            .properties
            .get("nextToken")
            .unwrap()
            .as_str(),
        Some("abc")
    );
}
