//! What the fuzz targets share: turning libFuzzer's bytes into an input file as the reader
//! would see it.

use supportscan::source::SourceFile;

/// `data` as an input file. Invalid UTF-8 is decoded lossily, as the reader does after
/// reporting it, so that byte-level mutations still reach the parsers. The file is named
/// `json_name` when its text starts like JSON and `template.yaml` otherwise, since some
/// paths look at the name.
pub fn input_file(data: &[u8], json_name: &str) -> SourceFile {
    let text = String::from_utf8_lossy(data).into_owned();
    let name = if text.trim_start().starts_with('{') {
        json_name
    } else {
        "template.yaml"
    };
    SourceFile::new(name, text)
}
