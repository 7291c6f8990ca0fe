//! CDK cloud assemblies: `cdk.out/manifest.json` lists the stacks of one app
//! (`type: aws:cloudformation:stack`, `properties.templateFile`) and, under `metadata`, the
//! construct path of each resource (`/App/Stack/Role/Resource: [{type: aws:cdk:logicalId,
//! data: RoleABC123}]`). The templates themselves are found by the directory walk, and
//! nested stack templates are read as children of their parent ([`super::nested`]); the
//! manifest adds the construct path to resources synthesized without `aws:cdk:path`
//! metadata, so that messages name the construct a CDK user wrote. A nested assembly (a
//! CDK stage, `type: cdk:cloud-assembly`) has a manifest of its own, found by the walk too.

use std::collections::HashMap;
use std::path::Path;

use super::normalize;
use crate::load::{InputKind, LoadedInput};
use crate::source::SourceFile;

/// A manifest larger than this is not read (real ones are a few hundred kilobytes).
const MAX_MANIFEST_BYTES: u64 = 64 << 20;

/// Gives resources of every assembly's stacks the construct path its manifest records.
pub(super) fn apply_manifests(files: &[SourceFile], loaded: &mut [LoadedInput]) {
    let manifests: Vec<&Path> = files
        .iter()
        .map(|file| file.path.as_path())
        .filter(|path| path.file_name().is_some_and(|name| name == "manifest.json"))
        .collect();
    if manifests.is_empty() {
        return;
    }
    let by_path: HashMap<_, usize> = loaded
        .iter()
        .enumerate()
        .filter(|(_, input)| input.kind == InputKind::CloudFormation)
        .filter_map(|(position, input)| {
            Some((normalize(&files.get(input.file.0 as usize)?.path), position))
        })
        .collect();
    for manifest in manifests {
        let Some(stacks) = read_manifest(manifest) else {
            continue;
        };
        let directory = manifest.parent().unwrap_or(Path::new(""));
        for (template, paths) in stacks {
            let Some(&position) = by_path.get(&normalize(&directory.join(template))) else {
                continue;
            };
            for resource in &mut loaded[position].resources {
                if resource.cdk_path.is_none()
                    && let Some(path) = paths.get(&*resource.address)
                {
                    resource.cdk_path = Some(path.as_str().into());
                }
            }
        }
    }
}

/// The stacks of a manifest: template file, and construct path by logical ID. A file that
/// is not a cloud assembly manifest gives nothing (it is not infrastructure code, and the
/// walk skipped it quietly).
fn read_manifest(path: &Path) -> Option<Vec<(String, HashMap<String, String>)>> {
    if std::fs::metadata(path).ok()?.len() > MAX_MANIFEST_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
    let artifacts = manifest.get("artifacts")?.as_object()?;
    let stacks = artifacts
        .values()
        .filter(|artifact| {
            artifact.get("type").and_then(serde_json::Value::as_str)
                == Some("aws:cloudformation:stack")
        })
        .filter_map(|artifact| {
            let template = artifact
                .get("properties")?
                .get("templateFile")?
                .as_str()?
                .to_owned();
            Some((template, construct_paths(artifact)))
        })
        .collect();
    Some(stacks)
}

/// `metadata: {"/Stack/Role/Resource": [{"type": "aws:cdk:logicalId", "data": "Role1"}]}`
/// as logical ID to construct path (written without the leading `/`, as `aws:cdk:path`).
fn construct_paths(artifact: &serde_json::Value) -> HashMap<String, String> {
    let Some(metadata) = artifact
        .get("metadata")
        .and_then(serde_json::Value::as_object)
    else {
        return HashMap::new();
    };
    let mut paths = HashMap::new();
    for (path, entries) in metadata {
        for entry in entries.as_array().into_iter().flatten() {
            let is_logical_id =
                entry.get("type").and_then(serde_json::Value::as_str) == Some("aws:cdk:logicalId");
            if let Some(logical_id) = entry.get("data").and_then(serde_json::Value::as_str)
                && is_logical_id
            {
                paths
                    .entry(logical_id.to_owned())
                    .or_insert_with(|| path.trim_start_matches('/').to_owned());
            }
        }
    }
    paths
}
