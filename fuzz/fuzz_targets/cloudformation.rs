//! The CloudFormation loader on whatever the document parser makes of arbitrary text,
//! chained as the reader chains them (parse, then `load_template` on the root).

#![no_main]

use libfuzzer_sys::fuzz_target;
use supportscan::document::parse::parse;
use supportscan::load::cloudformation::load_template;
use supportscan::source::{FileId, SourceFile};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let name = if text.trim_start().starts_with('{') {
        "template.json"
    } else {
        "template.yaml"
    };
    let file = SourceFile::new(name, text);
    if let Ok(parsed) = parse(&file, FileId(0)) {
        // The reader loads only roots that look like templates; the loader must still
        // answer any root with a problem rather than a panic, so it gets them all.
        let _ = load_template(&parsed.root, FileId(0));
    }
});
