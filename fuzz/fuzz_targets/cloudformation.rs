//! The CloudFormation loader on whatever the document parser makes of arbitrary text,
//! chained as the reader chains them (parse, then `load_template` on the root).

#![no_main]

use libfuzzer_sys::fuzz_target;
use supportscan::document::parse::parse;
use supportscan::load::cloudformation::load_template;
use supportscan::source::FileId;
use supportscan_fuzz::input_file;

fuzz_target!(|data: &[u8]| {
    let file = input_file(data, "template.json");
    if let Ok(parsed) = parse(&file, FileId(0)) {
        // The reader loads only roots that look like templates; the loader must still
        // answer any root with a problem rather than a panic, so it gets them all.
        let _ = load_template(&parsed.root, FileId(0));
    }
});
