//! `aws support-app list-slack-channel-configurations` JSON: the AWS Support App's Slack
//! channels and the role each one uses (`channelRoleArn`), the Support App roles of the
//! APP rules. A channel is named `slack-channel/<teamId>/<channelId>`: the Support App
//! gives channels no ARN, and the two IDs are what its API takes to name one.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::json::{parse, spanned, text};
use super::{CHANNEL, CHANNELS_PAGE, entity, field};
use crate::document::json::span_of;
use crate::load::value::{Field, Value, ValueKind};
use crate::load::{InputKind, LoadedInput};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page<'a> {
    #[serde(borrow)]
    slack_channel_configurations: Option<Vec<&'a RawValue>>,
    #[serde(borrow)]
    next_token: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Channel<'a> {
    #[serde(borrow)]
    team_id: Option<&'a RawValue>,
    #[serde(borrow)]
    channel_id: Option<&'a RawValue>,
    #[serde(borrow)]
    channel_name: Option<&'a RawValue>,
    #[serde(borrow)]
    channel_role_arn: Option<&'a RawValue>,
}

/// Loads a channel list; see the module documentation.
pub(super) fn load(file: &SourceFile, id: FileId) -> Result<LoadedInput, Problem> {
    let root: &RawValue = parse(file, id, &file.text, "reading the channel list")?;
    let page: Page = parse(file, id, root.get(), "reading the channel list")?;
    let span = span_of(file, root);
    let mut page_fields = vec![Field {
        key: "Lists".into(),
        key_span: span,
        value: Value::new(span, ValueKind::List(Vec::new())),
    }];
    if let Some(token) = page.next_token.filter(|raw| raw.get() != "null") {
        page_fields.push(field("nextToken", spanned(file, id, token, 0)?));
    }
    let mut resources = vec![entity(
        CHANNELS_PAGE.into(),
        CHANNELS_PAGE,
        span,
        page_fields,
    )];
    let mut problems = Vec::new();
    for raw in page.slack_channel_configurations.unwrap_or_default() {
        let channel: Channel = parse(file, id, raw.get(), "reading a channel configuration")?;
        let span = span_of(file, raw);
        let ids = (
            channel.team_id.and_then(text),
            channel.channel_id.and_then(text),
        );
        let (Some(team), Some(channel_id)) = ids else {
            problems.push(Problem::warning(
                super::details::ENTITY_SKIPPED,
                id,
                span,
                "this channel configuration has no `teamId` or `channelId`, so it cannot be named; it is skipped",
            ));
            continue;
        };
        let mut fields = Vec::new();
        for (key, raw) in [
            ("teamId", channel.team_id),
            ("channelId", channel.channel_id),
            ("channelName", channel.channel_name),
            ("channelRoleArn", channel.channel_role_arn),
        ] {
            if let Some(raw) = raw.filter(|raw| raw.get() != "null") {
                fields.push(field(key, spanned(file, id, raw, 0)?));
            }
        }
        let address = format!("slack-channel/{team}/{channel_id}");
        resources.push(entity(address.into(), CHANNEL, span, fields));
    }
    Ok(LoadedInput {
        file: id,
        kind: InputKind::AccountSnapshot,
        resources,
        problems,
        stack: None,
    })
}
