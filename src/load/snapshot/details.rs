//! `aws iam get-account-authorization-details` JSON: users, groups, roles and managed
//! policies, as the AWS CLI (v1 and v2) prints them and as the IAM API and the SDKs return
//! them (documents URL-encoded), whole or one page of several.
//!
//! A page is cut into one slice per entity (cut.rs) and the entities are read in parallel
//! from their raw slices and emitted in document order; a page the cut does not follow is
//! read in one pass instead, which positions its mistakes. An
//! entity without an ARN cannot be named and is skipped with a warning; the AWS managed
//! policies that `Policies` lists are skipped too, since the graph reads them from the
//! embedded catalog, unless the catalog lacks them.

use rayon::prelude::*;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::cut::{Part, Scan, cut};
use super::document::document;
use super::json::{parse, spanned, text};
use super::{DETAILS_LISTS, DETAILS_PAGE, GROUP, POLICY, ROLE, USER, entity, field};
use crate::document::json::span_of;
use crate::load::value::{Field, Value, ValueKind};
use crate::load::{InputKind, LoadedInput, Resource};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Problem code of an entity that cannot be read as one (no ARN).
pub const ENTITY_SKIPPED: &str = "snapshot-entity-skipped";

#[derive(Default, Deserialize)]
#[cfg_attr(test, derive(Debug))]
struct Page<'a> {
    #[serde(rename = "UserDetailList", borrow)]
    users: Option<List<'a>>,
    #[serde(rename = "GroupDetailList", borrow)]
    groups: Option<List<'a>>,
    #[serde(rename = "RoleDetailList", borrow)]
    roles: Option<List<'a>>,
    #[serde(rename = "Policies", borrow)]
    policies: Option<List<'a>>,
    #[serde(rename = "IsTruncated", borrow)]
    is_truncated: Option<&'a RawValue>,
    #[serde(rename = "Marker", borrow)]
    marker: Option<&'a RawValue>,
    #[serde(rename = "NextToken", borrow)]
    next_token: Option<&'a RawValue>,
}

/// An entity list, read in the same pass as the page.
type List<'a> = Vec<Entity<'a>>;

/// The keys of every entity kind; serde skips the others (dates, IDs, tags, instance
/// profiles, last use) without building them.
#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
#[serde(rename_all = "PascalCase")]
struct Entity<'a> {
    #[serde(borrow)]
    arn: Option<&'a RawValue>,
    #[serde(borrow)]
    path: Option<&'a RawValue>,
    #[serde(borrow)]
    role_name: Option<&'a RawValue>,
    #[serde(borrow)]
    user_name: Option<&'a RawValue>,
    #[serde(borrow)]
    group_name: Option<&'a RawValue>,
    #[serde(borrow)]
    policy_name: Option<&'a RawValue>,
    #[serde(borrow)]
    assume_role_policy_document: Option<&'a RawValue>,
    #[serde(borrow)]
    role_policy_list: Option<Vec<Inline<'a>>>,
    #[serde(borrow)]
    user_policy_list: Option<Vec<Inline<'a>>>,
    #[serde(borrow)]
    group_policy_list: Option<Vec<Inline<'a>>>,
    #[serde(borrow)]
    attached_managed_policies: Option<Vec<Attached<'a>>>,
    #[serde(borrow)]
    permissions_boundary: Option<&'a RawValue>,
    #[serde(borrow)]
    group_list: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    default_version_id: Option<&'a RawValue>,
    #[serde(borrow)]
    policy_version_list: Option<Vec<Version<'a>>>,
}

impl<'a> Entity<'a> {
    /// Where a finding on the entity points: its name (an entity is read in one pass
    /// with its page, and serde_json tells the place of borrowed values only), else its
    /// ARN.
    fn place(&self) -> Option<&'a RawValue> {
        self.role_name
            .or(self.user_name)
            .or(self.group_name)
            .or(self.policy_name)
            .or(self.arn)
    }
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
#[serde(rename_all = "PascalCase")]
struct Attached<'a> {
    #[serde(borrow)]
    policy_name: Option<&'a RawValue>,
    #[serde(borrow)]
    policy_arn: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
#[serde(rename_all = "PascalCase")]
struct Inline<'a> {
    #[serde(borrow)]
    policy_name: Option<&'a RawValue>,
    #[serde(borrow)]
    policy_document: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(Debug))]
#[serde(rename_all = "PascalCase")]
struct Version<'a> {
    #[serde(borrow)]
    document: Option<&'a RawValue>,
    version_id: Option<String>,
    is_default_version: Option<bool>,
}

/// The page `text`, its entities read in parallel from the slices of [`cut`], found by
/// their indentation or, where that does not give slices that serde_json reads, by their
/// bytes; `None` when the cut does not follow the text or a slice is not what [`Page`]
/// reads, so that the one-pass read tells the mistake.
fn read_cut(text: &str) -> Option<Page<'_>> {
    read_cut_by(text, Scan::Indented).or_else(|| read_cut_by(text, Scan::Bytes))
}

/// [`read_cut`], the entities found as `scan` says.
fn read_cut_by(text: &str, scan: Scan) -> Option<Page<'_>> {
    let mut page = Page::default();
    for (key, part) in cut(text, &DETAILS_LISTS, scan)? {
        match part {
            Part::Items(items) => {
                let list = items
                    .par_iter()
                    .map(|item| serde_json::from_str(item).ok())
                    .collect::<Option<List>>()?;
                *page.list_mut(key)? = Some(list);
            }
            Part::Whole(value) => match key {
                "IsTruncated" => page.is_truncated = serde_json::from_str(value).ok()?,
                "Marker" => page.marker = serde_json::from_str(value).ok()?,
                "NextToken" => page.next_token = serde_json::from_str(value).ok()?,
                // A list written `null` is no list; any other value is not a list.
                _ if DETAILS_LISTS.contains(&key) => (value == "null").then_some(())?,
                // Serde skips the other keys, but their values must still be JSON.
                _ => {
                    serde_json::from_str::<IgnoredAny>(value).ok()?;
                }
            },
        }
    }
    Some(page)
}

impl<'a> Page<'a> {
    /// The entity list of top-level key `key`.
    fn list_mut(&mut self, key: &str) -> Option<&mut Option<List<'a>>> {
        match key {
            "UserDetailList" => Some(&mut self.users),
            "GroupDetailList" => Some(&mut self.groups),
            "RoleDetailList" => Some(&mut self.roles),
            "Policies" => Some(&mut self.policies),
            _ => None,
        }
    }
}

/// An entity read, or skipped, with the warnings met on the way.
type Read = (Option<Resource>, Vec<Problem>);

/// Which list an entity comes from.
#[derive(Clone, Copy)]
struct Kind {
    resource_type: &'static str,
    noun: &'static str,
}

const KINDS: [(&str, Kind); 4] = [
    (
        "UserDetailList",
        Kind {
            resource_type: USER,
            noun: "user",
        },
    ),
    (
        "GroupDetailList",
        Kind {
            resource_type: GROUP,
            noun: "group",
        },
    ),
    (
        "RoleDetailList",
        Kind {
            resource_type: ROLE,
            noun: "role",
        },
    ),
    (
        "Policies",
        Kind {
            resource_type: POLICY,
            noun: "managed policy",
        },
    ),
];

/// Loads one page (or a whole snapshot); see the module documentation.
pub(super) fn load(file: &SourceFile, id: FileId) -> Result<LoadedInput, Problem> {
    let page = match read_cut(&file.text) {
        Some(page) => page,
        None => parse(file, id, &file.text, "reading the snapshot")?,
    };
    let lists = [&page.users, &page.groups, &page.roles, &page.policies];
    let mut entries = Vec::new();
    let mut present = Vec::new();
    for ((key, kind), list) in KINDS.iter().zip(lists) {
        let Some(list) = list else {
            continue;
        };
        // The list's place is its first entity's (serde_json gives no key positions).
        let span = list
            .first()
            .and_then(|first| first.place())
            .map_or(Span::new(0, 0), |raw| span_of(file, raw));
        present.push(Value::new(span, ValueKind::Str((*key).into())));
        entries.extend(list.iter().map(|entity| (*kind, entity)));
    }
    let read: Vec<Result<Read, Problem>> = entries
        .par_iter()
        .map(|(kind, entity)| {
            let mut warnings = Vec::new();
            read_entity(file, id, *kind, entity, &mut warnings).map(|resource| (resource, warnings))
        })
        .collect();
    let mut resources = vec![page_resource(file, id, &page, present)?];
    let mut problems = Vec::new();
    for outcome in read {
        let (resource, mut warnings) = outcome?;
        problems.append(&mut warnings);
        resources.extend(resource);
    }
    Ok(LoadedInput {
        file: id,
        kind: InputKind::AccountSnapshot,
        resources,
        problems,
        stack: None,
    })
}

/// The page itself: which lists it holds (`Lists`) and whether more pages follow
/// (`IsTruncated` and `Marker` of the API, `NextToken` of the CLI's `--max-items`).
fn page_resource(
    file: &SourceFile,
    id: FileId,
    page: &Page,
    present: Vec<Value>,
) -> Result<Resource, Problem> {
    let start = file.text.len() - file.text.trim_start().len();
    let span = Span::new(start, file.text.trim_end().len().max(start));
    let mut fields = vec![Field {
        key: "Lists".into(),
        key_span: span,
        value: Value::new(span, ValueKind::List(present)),
    }];
    for (key, raw) in [
        ("IsTruncated", page.is_truncated),
        ("Marker", page.marker),
        ("NextToken", page.next_token),
    ] {
        if let Some(raw) = raw.filter(|raw| raw.get() != "null") {
            fields.push(field(key, spanned(file, id, raw, 0)?));
        }
    }
    Ok(entity(DETAILS_PAGE.into(), DETAILS_PAGE, span, fields))
}

/// One entity of `kind`, or `None` (with a warning) when it has no ARN or is an AWS
/// managed policy the catalog already has.
fn read_entity(
    file: &SourceFile,
    id: FileId,
    kind: Kind,
    entity_raw: &Entity,
    warnings: &mut Vec<Problem>,
) -> Result<Option<Resource>, Problem> {
    let span = entity_raw
        .place()
        .map_or(Span::new(0, 0), |raw| span_of(file, raw));
    let Some(arn) = entity_raw
        .arn
        .and_then(text)
        .filter(|arn| arn.starts_with("arn:"))
    else {
        warnings.push(Problem::warning(
            ENTITY_SKIPPED,
            id,
            span,
            format!(
                "this {} has no `Arn`, so it cannot be named; it is skipped",
                kind.noun
            ),
        ));
        return Ok(None);
    };
    if kind.resource_type == POLICY && is_published_aws_policy(&arn) {
        return Ok(None);
    }
    let mut fields = Vec::new();
    let mut put = |key: &str, raw: Option<&RawValue>, depth: u8| -> Result<(), Problem> {
        if let Some(raw) = raw.filter(|raw| raw.get() != "null") {
            fields.push(field(key, spanned(file, id, raw, depth)?));
        }
        Ok(())
    };
    put("Arn", entity_raw.arn, 0)?;
    put("Path", entity_raw.path, 0)?;
    put("RoleName", entity_raw.role_name, 0)?;
    put("UserName", entity_raw.user_name, 0)?;
    put("GroupName", entity_raw.group_name, 0)?;
    put("PolicyName", entity_raw.policy_name, 0)?;
    put("PermissionsBoundary", entity_raw.permissions_boundary, 1)?;
    put("DefaultVersionId", entity_raw.default_version_id, 0)?;
    // An attachment and a group name each point at their own entry (an attachment at
    // its ARN), a boundary at itself.
    if let Some(attached) = &entity_raw.attached_managed_policies {
        let mut items = Vec::with_capacity(attached.len());
        for item in attached {
            let mut item_fields = Vec::with_capacity(2);
            for (key, raw) in [
                ("PolicyName", item.policy_name),
                ("PolicyArn", item.policy_arn),
            ] {
                if let Some(raw) = raw {
                    item_fields.push(field(key, spanned(file, id, raw, 0)?));
                }
            }
            let at = item_fields.last().map_or(span, |field| field.value.span);
            items.push(Value::new(at, ValueKind::Map(item_fields)));
        }
        fields.push(field(
            "AttachedManagedPolicies",
            Value::new(span, ValueKind::List(items)),
        ));
    }
    if let Some(groups) = &entity_raw.group_list {
        let items = groups
            .iter()
            .map(|raw| spanned(file, id, raw, 0))
            .collect::<Result<Vec<_>, Problem>>()?;
        fields.push(field("GroupList", Value::new(span, ValueKind::List(items))));
    }
    if let Some(trust) = entity_raw.assume_role_policy_document {
        let value = document(file, id, trust, warnings)?;
        fields.push(field("AssumeRolePolicyDocument", value));
    }
    for (key, list) in [
        ("RolePolicyList", &entity_raw.role_policy_list),
        ("UserPolicyList", &entity_raw.user_policy_list),
        ("GroupPolicyList", &entity_raw.group_policy_list),
    ] {
        if let Some(list) = list {
            let value = inline_policies(file, id, list, span, warnings)?;
            fields.push(field(key, value));
        }
    }
    if let Some(versions) = &entity_raw.policy_version_list {
        let default = text_of(entity_raw.default_version_id);
        if let Some(value) = default_document(file, id, versions, default.as_deref(), warnings)? {
            fields.push(field("Document", value));
        }
    }
    Ok(Some(entity(arn.into(), kind.resource_type, span, fields)))
}

fn text_of(raw: Option<&RawValue>) -> Option<String> {
    raw.and_then(text)
}

/// Whether `arn` is an AWS managed policy that the embedded catalog has.
fn is_published_aws_policy(arn: &str) -> bool {
    let Some((_, key)) = arn.split_once(":iam::aws:policy/") else {
        return false;
    };
    crate::graph::embedded_policy(key).is_some()
}

/// `RolePolicyList` (and the user's and group's): each entry's name and document, placed
/// at its name.
fn inline_policies(
    file: &SourceFile,
    id: FileId,
    list: &[Inline],
    span: Span,
    warnings: &mut Vec<Problem>,
) -> Result<Value, Problem> {
    let mut values = Vec::with_capacity(list.len());
    for inline in list {
        let mut fields = Vec::new();
        let mut at = span;
        if let Some(name) = inline.policy_name {
            let name = spanned(file, id, name, 0)?;
            at = name.span;
            fields.push(field("PolicyName", name));
        }
        if let Some(raw) = inline.policy_document {
            fields.push(field("PolicyDocument", document(file, id, raw, warnings)?));
        }
        values.push(Value::new(at, ValueKind::Map(fields)));
    }
    Ok(Value::new(span, ValueKind::List(values)))
}

/// The document of a managed policy's default version: the one marked
/// `IsDefaultVersion`, else the one whose `VersionId` is the policy's `DefaultVersionId`.
/// Other versions do not count (IAM evaluates the default only).
fn default_document(
    file: &SourceFile,
    id: FileId,
    versions: &[Version],
    default: Option<&str>,
    warnings: &mut Vec<Problem>,
) -> Result<Option<Value>, Problem> {
    let marked = versions
        .iter()
        .find(|version| version.is_default_version == Some(true));
    let named = || {
        versions
            .iter()
            .find(|version| default.is_some() && version.version_id.as_deref() == default)
    };
    marked
        .or_else(named)
        .and_then(|version| version.document)
        .map(|raw| document(file, id, raw, warnings))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page as the one-pass read gives it, to compare with the cut's.
    fn one_pass(text: &str) -> String {
        format!("{:?}", serde_json::from_str::<Page>(text).unwrap())
    }

    fn by(text: &str, scan: Scan) -> Option<String> {
        read_cut_by(text, scan).map(|page| format!("{page:?}"))
    }

    #[test]
    fn the_cut_reads_every_snapshot_as_the_one_pass_read_does() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/snapshot");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if !DETAILS_LISTS.iter().any(|list| text.contains(list)) {
                continue;
            }
            // As printed (indented), and on one line as the IAM API returns it.
            let compact =
                serde_json::to_string(&serde_json::from_str::<Box<RawValue>>(&text).unwrap())
                    .unwrap();
            let compact: String = compact.chars().filter(|c| *c != '\n').collect();
            for text in [text, compact] {
                let expected = Some(one_pass(&text));
                assert_eq!(by(&text, Scan::Indented), expected);
                assert_eq!(by(&text, Scan::Bytes), expected);
                read += 1;
            }
        }
        assert!(read >= 12, "{read} pages read");
    }

    /// Three snapshots of testdata with one byte deleted or one structural piece inserted,
    /// at every fifth place: the cut either reads the page as the one-pass read does or
    /// leaves it to that read, never reads it otherwise.
    #[test]
    fn the_cut_never_reads_a_damaged_page_otherwise_than_the_one_pass_read() {
        let pieces = [
            "",
            "\"",
            "}",
            "]",
            "{",
            "[",
            ",",
            "\\",
            "\n        }",
            "\n  ]",
        ];
        let mut cut_read = 0;
        for name in ["page-1.json", "page-2.json", "filter-user-group.json"] {
            let path = format!("{}/testdata/snapshot/{name}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            let places = text.char_indices().filter(|(_, c)| c.is_ascii());
            for (at, _) in places.step_by(5) {
                for piece in pieces {
                    // The empty piece deletes the byte at `at`; the others are inserted there.
                    let damaged = match piece {
                        "" => format!("{}{}", &text[..at], &text[at + 1..]),
                        _ => format!("{}{piece}{}", &text[..at], &text[at..]),
                    };
                    let one_pass = serde_json::from_str::<Page>(&damaged)
                        .ok()
                        .map(|page| format!("{page:?}"));
                    // Declining is always right: the one-pass read then reads the page.
                    if let Some(cut) = read_cut(&damaged).map(|page| format!("{page:?}")) {
                        assert_eq!(Some(cut), one_pass, "{damaged}");
                        cut_read += 1;
                    }
                }
            }
        }
        assert!(cut_read > 1_000, "{cut_read}");
    }

    #[test]
    fn indentation_that_lies_is_found_out_and_the_page_cut_by_its_bytes() {
        // The inner object closes at the role's indentation.
        let text = r#"{
    "RoleDetailList": [
        {
            "RoleName": "a",
            "RolePolicyList": [
                {"PolicyName": "p", "PolicyDocument": {"Statement": []}
        },
                {"PolicyName": "q"}
            ],
            "Arn": "arn:aws:iam::111122223333:role/a"
        },
        {"RoleName": "b", "Arn": "arn:aws:iam::111122223333:role/b"}
    ],
    "IsTruncated": false
}"#;
        assert_eq!(by(text, Scan::Indented), None);
        let expected = one_pass(text);
        assert_eq!(by(text, Scan::Bytes), Some(expected.clone()));
        assert_eq!(
            read_cut(text).map(|page| format!("{page:?}")),
            Some(expected)
        );
    }

    #[test]
    fn a_page_serde_refuses_is_left_to_the_one_pass_read() {
        for text in [
            r#"{"RoleDetailList": [{"RolePolicyList": 7}]}"#,
            "{\n    \"RoleDetailList\": [\n        {\"RoleName\": \"a\",}\n    ]\n}",
            r#"{"RoleDetailList": {"RoleName": "r"}}"#,
            r#"{"Other": [1 2], "RoleDetailList": []}"#,
            r#"{"IsTruncated": tru, "RoleDetailList": []}"#,
            r#"{"RoleDetailList": [], "RoleDetailList": []}"#,
        ] {
            assert!(read_cut(text).is_none(), "{text}");
            assert!(serde_json::from_str::<Page>(text).is_err(), "{text}");
        }
        // Keys serde skips may be written twice, and a list may be `null`.
        let text = r#"{"Other": 1, "Other": 2, "UserDetailList": null, "Marker": "m"}"#;
        assert!(read_cut(text).is_none());
        let text = r#"{"Other": 1, "UserDetailList": null, "Marker": "m"}"#;
        assert_eq!(
            read_cut(text).map(|page| format!("{page:?}")),
            Some(one_pass(text))
        );
    }
}
